"""flask mentoring split-handover: a goal's free-text handover notes (dates typed by hand) become dated
handover entries, one per visit (issue 14 item 8), written as the goal's mentor through the sync write
path so every phone pulls them."""
import re
import uuid
from datetime import date

import click
from flask.cli import AppGroup
from sqlalchemy import select

from models import MentoringGoal, User, db

mentoring_cli = AppGroup("mentoring", help="Mentoring records: turn old handover text into dated entries.")

#: a date at the start of a line, as mentors typed them: 2026-11-03, 3.11.2026, 03/11/2026, 3. 11. 2026.
_DATE = re.compile(r"^\s*(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4})\.?)"
                   r"\s*[:\-–—,]?\s*")
#: entries made from one goal's text get these ids, so running the command twice writes nothing new
_NAMESPACE = uuid.UUID("0d6f3b8e-5a51-4c1e-9f43-4a8a3c1d2e70")


def _day(match) -> date | None:
    year, month, day = ((match[1], match[2], match[3]) if match[1] else (match[6], match[5], match[4]))
    try:
        found = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return found if date(1950, 1, 1) <= found <= date.today() else None


def split_notes(text: str, undated: date) -> list[tuple[date, str]]:
    """(date, text) entries of free-text notes: a line starting with a date opens an entry of that day;
    text before the first dated line is one entry of ``undated`` (or of the first date, if earlier). Line breaks inside an entry are kept."""
    entries, day, lines = [], undated, []

    def close():
        body = "\n".join(lines).strip()
        if body:
            entries.append((day, body))

    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        match = _DATE.match(line)
        found = _day(match) if match else None
        if found is not None:
            close()
            day, lines = found, [line[match.end():]]
        else:
            lines.append(line)
    close()
    if len(entries) > 1 and not _DATE.match(text or "") and entries[1][0] < entries[0][0]:
        # text written before the first dated visit is not dated after it
        entries[0] = (entries[1][0], entries[0][1])
    return entries


def split_goal(session, goal) -> int:
    """Write ``goal``'s notes as handover entries and clear them; the number of entries written."""
    from api.sync.server_write import server_write

    mentor = session.get(User, goal.mentor_id)
    undated = (goal.created_at or goal.updated_at).date()
    entries = split_notes(goal.notes, undated)
    for index, (day, body) in enumerate(entries):
        server_write(session, mentor, "handover_note", str(uuid.uuid5(_NAMESPACE, f"{goal.id}:{index}")),
                     {"participant_id": goal.participant_id, "goal_id": goal.id, "written_on": day.isoformat(),
                      "note": body[:5000]}, action="split_handover")
    server_write(session, mentor, "mentoring_goal", goal.id, {"notes": None}, action="split_handover")
    return len(entries)


@mentoring_cli.command("split-handover")
def split_handover():
    """Turn every goal's free-text notes into dated handover entries (safe to run again)."""
    from api.sync.validate import Rejection

    goals = db.session.scalars(select(MentoringGoal.id).where(
        MentoringGoal.deleted.is_(False), MentoringGoal.notes.is_not(None), MentoringGoal.notes != "")).all()
    written = refused = 0
    for goal_id in goals:
        goal = db.session.get(MentoringGoal, goal_id)
        try:
            written += split_goal(db.session, goal)
            db.session.commit()
        except Rejection as refusal:
            db.session.rollback()
            refused += 1
            click.echo(f"goal {goal_id}: not split ({refusal.reason}: {refusal.errors})", err=True)
    click.echo(f"{len(goals) - refused} goals split into {written} dated entries; {refused} left as they were.")
