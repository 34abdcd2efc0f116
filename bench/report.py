"""Figures of a bench: printed, and written to bench/results/<name>.json and .txt."""
import json
import os

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")


def write_figures(name: str, figures: dict) -> None:
    lines = [f"{key}: {value}" for key, value in figures.items()]
    print("\n".join(lines))
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, f"{name}.json"), "w") as fh:
        json.dump(figures, fh, indent=2)
    with open(os.path.join(RESULTS, f"{name}.txt"), "w") as fh:
        fh.write("\n".join(lines) + "\n")
