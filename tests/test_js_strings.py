"""Every text the field app shows goes through t()/tn() and reaches the .po files."""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JS = os.path.join(ROOT, "field", "static", "js")
CALL = re.compile(r"\btn?\(\s*'((?:[^'\\]|\\.)*)'")


def test_every_js_message_is_extracted_by_the_project_babel_config(tmp_path):
    pot = tmp_path / "messages.pot"
    from cli.translate import KEYWORDS

    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", *KEYWORDS,
                    "-o", str(pot), "field"], cwd=ROOT, check=True, capture_output=True)
    from babel.messages.pofile import read_po

    with open(pot, "rb") as fh:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh)}
    used = {(os.path.relpath(path, ROOT), m.group(1).replace("\\'", "'"))
            for path in glob.glob(os.path.join(JS, "**", "*.js"), recursive=True)
            for m in CALL.finditer(open(path, encoding="utf-8").read())}
    assert len(used) > 200
    missing = sorted((path, text) for path, text in used if text not in extracted)
    assert missing == [], "t() inside a template literal is not extracted; build the string outside it"
