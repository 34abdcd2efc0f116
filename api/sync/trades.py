"""Trades (occupations with their skills and rubric) on the one write path: copying and saving them.

Every record is written with ``server_write``, so the schema, the rules, the
writer's scope, the change log and the audit all apply; a ``Rejection`` of any
part leaves the caller to roll the whole save back.
"""
from api.sync.server_write import server_write
from api.sync.validate import Rejection


def _prefixed(prefix: str, exc: Rejection) -> Rejection:
    return Rejection(exc.reason, {f"{prefix}.{field}": messages for field, messages in exc.errors.items()})


def copy_trade(session, user, source, programme, code: str, name: str):
    """A programme's own copy of ``source``: the same rubric, labels and skills (in order); returns it."""
    copy = server_write(session, user, "occupation", None, {
        "organisation_id": source.organisation_id, "programme_id": programme.id, "copied_from_id": source.id,
        "code": code, "name": name, "labels": dict(source.labels or {}), "rubric": source.rubric_levels},
        action="copy_trade")
    for skill in live_skills(source):
        server_write(session, user, "skill", None, {"occupation_id": copy.id, "position": skill.position,
                                                    "code": skill.code, "name": skill.name,
                                                    "labels": dict(skill.labels or {})})
    return copy


def live_skills(occupation) -> list:
    return sorted((s for s in occupation.skills if not s.deleted), key=lambda s: (s.position, s.code))


def save_skills(session, user, occupation, rows: list[dict], removed: set, new_names: list[str]) -> None:
    """Rename, renumber and remove the trade's skills, then add new ones after them.

    ``rows``: {"id", "name", "code", "position"} of the live skills, as the form sent them
    (``position``: the order wanted); ``removed``: ids to remove (a tombstone: the skill and
    its assessments stay in the history); ``new_names``: skills to add, in order. Errors name
    the row (``skills.<index>.<field>``).
    """
    skills = {s.id: s for s in live_skills(occupation)}
    kept = sorted((r for r in rows if r["id"] in skills and r["id"] not in removed),
                  key=lambda r: (r["position"], r["index"]))
    for skill_id in removed:
        if skill_id in skills:
            server_write(session, user, "skill", skill_id, {}, op="delete", action="remove_skill")
    codes = {r["code"] for r in kept}
    taken = {s.code for s in occupation.skills}  # removed skills keep their codes
    for position, row in enumerate(kept):
        skill = skills[row["id"]]
        data = {k: v for k, v in (("name", row["name"]), ("code", row["code"]), ("position", position))
                if getattr(skill, k) != v}
        if data:
            try:
                server_write(session, user, "skill", skill.id, data)
            except Rejection as exc:
                raise _prefixed(f"skills.{row['index']}", exc) from None
    position = len(kept)
    for index, name in enumerate(new_names):
        number = len(taken) + 1
        while f"s{number}" in taken | codes:
            number += 1
        code = f"s{number}"
        taken.add(code)
        try:
            server_write(session, user, "skill", None, {"occupation_id": occupation.id, "position": position,
                                                        "code": code, "name": name})
        except Rejection as exc:
            raise _prefixed(f"new_skills.{index}", exc) from None
        position += 1


def _merged(labels: dict, edits: dict) -> dict:
    """``labels`` with each edited language set (or dropped when emptied); other keys kept."""
    out = dict(labels or {})
    for lang, text in edits.items():
        if text:
            out[lang] = text
        else:
            out.pop(lang, None)
    return out


def save_labels(session, user, occupation, entries: list[dict]) -> list:
    """Write the names per language of the trade, its skills and rubric levels; returns the records changed.

    ``entries``: {"kind": occupation|skill|rubric|description, "target", "lang", "text"} (field/review/
    translation_schemas.py). Raises ``Rejection`` naming ``entries.<index>.target`` for an entry that is
    not part of the trade. The rubric travels inside the occupation's record: a level's label change is a
    new version of the occupation (its field stamp keeps the history).
    """
    from flask_babel import gettext as _

    skills = {s.id: s for s in live_skills(occupation)}
    rubric = {str(level["level"]): dict(level, labels=dict(level["labels"] or {}))
              for level in occupation.rubric_levels}
    names = {"occupation": {occupation.id: dict(occupation.labels or {})}}
    skill_labels = {}
    for i, e in enumerate(entries):
        if e["kind"] == "occupation" and e["target"] == occupation.id:
            names["occupation"][occupation.id] = _merged(names["occupation"][occupation.id], {e["lang"]: e["text"]})
        elif e["kind"] == "skill" and e["target"] in skills:
            current = skill_labels.get(e["target"], dict(skills[e["target"]].labels or {}))
            skill_labels[e["target"]] = _merged(current, {e["lang"]: e["text"]})
        elif e["kind"] in ("rubric", "description") and e["target"] in rubric:
            level = rubric[e["target"]]
            if e["kind"] == "rubric":
                level["labels"] = _merged(level["labels"], {e["lang"]: e["text"]})
            else:
                description = _merged(level["labels"].get("description") or {}, {e["lang"]: e["text"]})
                level["labels"] = {k: v for k, v in level["labels"].items() if k != "description"}
                if description:
                    level["labels"]["description"] = description
        else:
            raise Rejection("validation", {f"entries.{i}.target": [_("This is not part of the occupation.")]})
    changed = []
    occupation_data = {}
    if names["occupation"][occupation.id] != (occupation.labels or {}):
        occupation_data["labels"] = names["occupation"][occupation.id]
    levels = [rubric[str(level["level"])] for level in occupation.rubric_levels]
    if levels != occupation.rubric_levels:
        occupation_data["rubric"] = levels
    if occupation_data:
        changed.append(server_write(session, user, "occupation", occupation.id, occupation_data,
                                    action="edit_labels"))
    for skill_id, labels in skill_labels.items():
        if labels != (skills[skill_id].labels or {}):
            changed.append(server_write(session, user, "skill", skill_id, {"labels": labels}, action="edit_labels"))
    return changed
