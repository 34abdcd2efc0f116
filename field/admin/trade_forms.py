"""The trade and cohort forms: wire data from what was sent, and ``written`` to save it or return the errors.

Values are passed on as sent (trimmed): the wire schemas (api/schemas/setup.py)
check them, so a page and a phone meet the same rules and messages.
"""
from flask import abort
from flask_babel import gettext as _

from api.sync.validate import Rejection
from models import db

#: rows a new trade's or a trade's rubric form offers at most (the schema takes 2 to 11 levels)
MAX_LEVELS = 11


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def rubric_from_form(form, old_levels: list[dict]) -> list[dict]:
    """Levels 0, 1, 2… from ``level.<n>.label`` / ``level.<n>.description``; trailing empty rows dropped.

    A level keeps its labels per language; an empty name between named levels is an error.
    """
    old = {level["level"]: level for level in old_levels}
    rows = [(form.get(f"level.{n}.label", "").strip(), form.get(f"level.{n}.description", "").strip())
            for n in range(MAX_LEVELS)]
    while rows and not rows[-1][0]:
        rows.pop()
    gaps = [n for n, (label, _description) in enumerate(rows) if not label]
    if gaps:
        raise Rejection("validation", {f"level.{gaps[0]}.label": [_("Give this level a name, or empty the "
                                                                     "levels after it.")]})
    return [{"level": n, "label": label, "description": description,
             "labels": dict((old.get(n) or {}).get("labels") or {})} for n, (label, description) in enumerate(rows)]


def new_trade_from_form(form) -> tuple[dict, list[str]]:
    """A new trade: wire data (code, name, rubric from one level name a line) and its skill names."""
    levels = [{"level": n, "label": label} for n, label in enumerate(_lines(form.get("levels", "")))]
    return ({"code": form.get("code", "").strip(), "name": form.get("name", "").strip(), "rubric": levels},
            _lines(form.get("skills", "")))


def skills_from_form(form, skills) -> tuple[list[dict], set, list[str]]:
    """The live skills' rows (index, id, name, code, wanted position), the ids to remove, new names."""
    rows, removed = [], set()
    for index, skill in enumerate(skills):
        prefix = f"skills.{index}"
        if form.get(f"{prefix}.id") != skill.id:
            continue  # the page was stale: that row is left as it is
        try:
            position = int(form.get(f"{prefix}.position", index + 1))
        except ValueError:
            raise Rejection("validation", {f"{prefix}.position": [_("Give the order as a whole number.")]}) from None
        rows.append({"index": index, "id": skill.id, "name": form.get(f"{prefix}.name", "").strip(),
                     "code": form.get(f"{prefix}.code", "").strip(), "position": position})
        if form.get(f"{prefix}.remove"):
            removed.add(skill.id)
    return rows, removed, _lines(form.get("new_skills", ""))


def flat_errors(errors: dict, prefix: str = "") -> dict:
    """A Rejection's or marshmallow's nested errors as ``{"field.sub": [text]}`` (a rubric level: ``rubric``)."""
    out = {}
    for field, messages in (errors or {}).items():
        name = f"{prefix}{field}"
        if isinstance(messages, dict):
            for sub, texts in flat_errors(messages, f"{name}.").items():
                out.setdefault(name.split(".")[0] if name.startswith("rubric") else sub, []).extend(texts)
        else:
            out.setdefault(name, []).extend(str(m) for m in (messages if isinstance(messages, list) else [messages]))
    return out


def written(save):
    """Run ``save`` (writes through ``server_write``); commit, or roll back and return the field errors."""
    try:
        save()
    except Rejection as exc:
        db.session.rollback()
        if exc.reason == "forbidden" and not exc.errors:
            abort(403)  # the record is not the user's to write; a field naming another's record: 400 below
        return flat_errors(exc.errors) or {"": [_("The change was refused.")]}
    db.session.commit()
    return None
