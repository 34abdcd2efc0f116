"""Chart geometry for server-rendered SVG (templates/review/_charts.html draws it).

No inline styles (CSP): shapes get coordinates here and colours from CSS classes.
"""
from datetime import date

SERIES = 8  # CSS has .series-0 … .series-7


def hbars(items, max_value=None, width=380, row=26, label_width=150):
    """Horizontal bars: items are (label, value, value_text[, css class]); value None draws no bar."""
    values = [i[1] for i in items if i[1] is not None]
    top = max_value or max(values, default=0) or 1
    track = width - label_width - 64
    rows = []
    for n, item in enumerate(items):
        label, value, text = item[:3]
        rows.append({"y": n * row, "label": label, "text": text, "cls": item[3] if len(item) > 3 else "",
                     "x": label_width, "w": 0 if value is None else max(0.0, min(value, top)) / top * track,
                     "text_x": label_width + (0 if value is None else max(0.0, min(value, top)) / top * track) + 6})
    return {"width": width, "height": max(len(items), 1) * row, "row": row, "rows": rows, "track": track,
            "label_width": label_width}


def line(points, y_max=1.0, width=380, height=170, pad=34, y_ticks=(0, 0.5, 1.0), y_label=str):
    """One or more series over dates: points is {series name: [(date, value)]}."""
    dates = sorted({d for series in points.values() for d, _v in series})
    if not dates:
        return None
    first, last = dates[0], dates[-1]
    span = max((last - first).days, 1)
    inner_w, inner_h = width - 2 * pad, height - 2 * pad

    def x(d: date):
        return pad + ((d - first).days / span) * inner_w if len(dates) > 1 else pad + inner_w / 2

    def y(v):
        return pad + inner_h - (min(max(v, 0), y_max) / y_max) * inner_h

    series = []
    for n, (name, values) in enumerate(points.items()):
        coords = [(round(x(d), 1), round(y(v), 1)) for d, v in values if v is not None]
        series.append({"name": name, "cls": f"series-{n % SERIES}", "points": " ".join(f"{a},{b}" for a, b in coords),
                       "dots": coords})
    return {
        "width": width, "height": height, "series": series,
        "y_ticks": [{"y": round(y(t), 1), "label": y_label(t)} for t in y_ticks],
        "x_ticks": [{"x": round(x(d), 1), "date": d} for d in _spread(dates, 6)],
        "left": pad, "right": width - pad, "bottom": pad + inner_h,
    }


def _spread(items, n):
    if len(items) <= n:
        return items
    step = (len(items) - 1) / (n - 1)
    return [items[round(i * step)] for i in range(n)]


def skill_progress(skills, max_level, competent_level, width=380, row=32, label_width=150):
    """Per skill: a track 0…max_level, baseline dot, latest bar, competent mark.

    ``skills`` are dicts with name, baseline, latest (levels) and history [(date, level)].
    """
    track = width - label_width - 40
    unit = track / max(max_level, 1)
    rows = []
    for n, s in enumerate(skills):
        rows.append({
            "y": n * row, "label": s["name"], "baseline_x": label_width + s["baseline"] * unit,
            "latest_w": s["latest"] * unit, "latest": s["latest"], "baseline": s["baseline"],
            "improved": s["latest"] > s["baseline"], "count": len(s["history"]),
        })
    return {"width": width, "height": max(len(rows), 1) * row + 20, "rows": rows, "x": label_width,
            "track": track, "competent_x": label_width + competent_level * unit, "row": row,
            "ticks": [{"x": label_width + lv * unit, "level": lv} for lv in range(max_level + 1)]}
