"""What an erased person's records hold, and the lock on it (docs/sync.md "Erasure on request").

A participant erased on request (``participant.erased_at`` set, api/sync/erasure.py) keeps a
pseudonymous row: gender, birth year, target groups, cohort and dates, which the indicators
count. Their names, code, free text and text answers are replaced by the values below, and a
later change — from a phone or a page — that would put anything else into those fields is
refused with reason ``erased`` (SYNC.md rule 3, extended compatibly).
"""
from flask_babel import gettext as _

from .validate import Rejection

#: what a required text field holds once erased
PLACEHOLDER = "—"

#: entity → field → its erased value (None: emptied). The participant's ``code`` becomes ``pseudonym(id)``;
#: an outcome's ``employer_name`` becomes PLACEHOLDER when the outcome names no site (one of the two is needed);
#: a survey response keeps only its answers to questions that are not free text.
ERASED_FIELDS = {
    "participant": {"given_name": PLACEHOLDER, "family_name": PLACEHOLDER, "exit_reason": None},
    "attendance": {"note": None},
    "assessment": {"note": None},
    "mentoring_goal": {"title": PLACEHOLDER, "notes": None},
    "outcome": {"employer_name": None},
    "handover_note": {"note": PLACEHOLDER},
}


def pseudonym(participant_id: str) -> str:
    """The code an erased person is known by: made from the record's id, so it is unique and says nothing."""
    return "X-" + participant_id.replace("-", "")[:12].upper()


def text_questions(form) -> set:
    """The ids of a survey form's free-text questions (their answers are personal text)."""
    return {q.get("id") for q in (getattr(form, "questions", None) or []) if isinstance(q, dict)
            and q.get("type") == "text"} if form is not None else set()


def erased_answers(answers, form) -> dict:
    """``answers`` without those to free-text questions, nor any text answer to a question the form lacks."""
    if not isinstance(answers, dict):
        return {}
    texts = text_questions(form)
    known = {q.get("id") for q in (getattr(form, "questions", None) or []) if isinstance(q, dict)}
    return {k: v for k, v in answers.items() if k not in texts and (k in known or not isinstance(v, str))}


def erased_values(entity: str, record, form=None) -> dict:
    """The fields of ``record`` (of an erased person) to write, with their erased values; {} if already erased."""
    wanted = dict(ERASED_FIELDS.get(entity, {}))
    if entity == "participant":
        wanted["code"] = pseudonym(record.id)
    elif entity == "outcome" and not record.site_id:
        wanted["employer_name"] = PLACEHOLDER
    elif entity == "survey_response":
        wanted["answers"] = erased_answers(record.answers, form)
    return {name: value for name, value in wanted.items() if getattr(record, name) != value}


def _allowed(entity: str, name: str, value, person, form) -> bool:
    if entity == "participant" and name == "code":
        return value == pseudonym(person.id)
    if entity == "survey_response" and name == "answers":
        return isinstance(value, dict) and value == erased_answers(value, form)
    if name not in ERASED_FIELDS.get(entity, {}):
        return True
    return value in (None, "", PLACEHOLDER)


def check_erased(batch, entity: str, record, incoming: dict) -> None:
    """Refuse (reason ``erased``) a change that would put personal data back on an erased person."""
    if entity == "participant":
        person = record
    elif entity in ERASED_FIELDS or entity == "survey_response":
        participant_id = incoming.get("participant_id") or getattr(record, "participant_id", None)
        person = batch.get("participant", participant_id) if isinstance(participant_id, str) else None
    else:
        return
    if person is None or getattr(person, "erased_at", None) is None:
        return
    form = None
    if entity == "survey_response":
        form_id = incoming.get("form_id") or getattr(record, "form_id", None)
        form = batch.get("survey_form", form_id) if isinstance(form_id, str) else None
    errors = {name: [_("This person's data was erased on request: this can no longer be filled in.")]
              for name, value in incoming.items() if not _allowed(entity, name, value, person, form)}
    if errors:
        raise Rejection("erased", errors)
