"""Rules of one change that need other records (SYNC.md rule 3).

Field types, enumerations and ranges are checked by the entity's schema
(api/schemas/entities.py); here: references exist (on the server or earlier in
the same request), are not deleted and are in the caller's scope, and the rules
that cross records. ``check`` returns the server-derived scope columns or
raises ``Rejection``.
"""
from flask_babel import gettext as _

from models import attendance_id

#: fields that never change once a record exists (natural keys, owners)
IMMUTABLE = {
    "participant": ("programme_id",),
    "session": ("cohort_id", "mentee_ids"),
    "attendance": ("session_id", "participant_id"),
    "assessment": ("participant_id",),
    "mentoring_goal": ("participant_id",),
    "outcome": ("participant_id",),
    "handover_note": ("participant_id",),
    "survey_response": ("form_id",),
    "programme": ("organisation_id",),
    "site": ("programme_id",),
    "cohort": ("programme_id",),
    "occupation": ("organisation_id", "programme_id", "copied_from_id"),
    "skill": ("occupation_id",),
}


class Rejection(Exception):
    def __init__(self, reason: str, errors: dict):
        super().__init__(reason)
        self.reason = reason
        self.errors = errors


def _missing(field):
    return {
        "programme_id": _("No such programme."), "cohort_id": _("No such cohort."),
        "participant_id": _("No such participant."), "session_id": _("No such session."),
        "skill_id": _("No such skill."), "site_id": _("No such site."), "form_id": _("No such survey form."),
        "mentor_id": _("No such user."), "occupation_id": _("No such trade."),
        "goal_id": _("No such mentoring goal."),
    }[field]


class _Check:
    def __init__(self, batch, scope, values, changed):
        self.batch, self.scope, self.values, self.changed = batch, scope, values, changed
        self.errors = {}

    def error(self, field, message):
        self.errors.setdefault(field, []).append(message)

    def ref(self, field, entity):
        """The live record ``values[field]`` points at, or None (and an error) when it is missing."""
        record_id = self.values.get(field)
        if record_id is None:
            return None
        record = self.batch.get(entity, record_id)
        if record is None:
            self.error(field, _missing(field))
            return None
        if not self.scope.allows(entity, record.scope_keys()):
            raise Rejection("forbidden", {field: [_("You do not have access to this record.")]})
        if record.deleted:
            self.error(field, _("That record was deleted."))
            return None
        return record

    def touched(self, *fields):
        return any(f in self.changed for f in fields)

    def same_programme(self, field, record, programme_id):
        if record is not None and programme_id is not None and record.programme_id != programme_id:
            self.error(field, _("It belongs to another programme."))


def _participant(c: _Check, record_id):
    v = c.values
    if c.touched("programme_id"):
        c.ref("programme_id", "programme")
    cohort = c.ref("cohort_id", "cohort") if c.touched("cohort_id", "programme_id") else None
    c.same_programme("cohort_id", cohort, v.get("programme_id"))
    if v.get("exited_on") and v.get("enrolled_on") and v["exited_on"] < v["enrolled_on"]:
        c.error("exited_on", _("The exit date is before the enrolment date."))
    if v.get("exit_reason") and not v.get("exited_on"):
        c.error("exited_on", _("Give the exit date with the exit reason."))
    if not v.get("code") and not c.errors:  # only a phone's create may leave it out (push assigns one)
        c.error("code", _("Give the participant a code."))
    elif c.touched("code", "programme_id"):
        owner = c.batch.code_owner(v["programme_id"], v["code"])
        if owner is not None and owner != record_id:
            c.error("code", _("Another participant of this programme has this code."))
    return {}


def _mentees(c: _Check):
    """A private session's mentees: live participants of one programme, each one the caller mentors
    by a mentoring goal, unless the caller coordinates the programme. Returns the programme id."""
    programmes = set()
    for mentee_id in c.values.get("mentee_ids") or ():
        person = c.batch.get("participant", mentee_id)
        if person is None or person.deleted:
            c.error("mentee_ids", _missing("participant_id"))
            continue
        if not c.scope.allows("participant", person.scope_keys()):
            raise Rejection("forbidden", {"mentee_ids": [_("You do not have access to this record.")]})
        programmes.add(person.programme_id)
        if person.programme_id not in c.scope.programme_ids and person.id not in c.scope.participant_ids:
            c.error("mentee_ids", _("%(code)s is not your mentee: a private mentoring session is held by the "
                                    "mentee's mentor or a coordinator.", code=person.code))
    if len(programmes) > 1:
        c.error("mentee_ids", _("The mentees belong to different programmes."))
    return programmes.pop() if len(programmes) == 1 else None


def _session(c: _Check, record_id):
    if c.values.get("mentee_ids"):
        if c.values.get("kind") not in ("mentoring", "remote_mentoring"):
            c.error("kind", _("Only a mentoring or remote mentoring session names its mentees."))
        programme_id = _mentees(c) if c.touched("mentee_ids") else c.values.get("programme_id")
        return {"programme_id": programme_id} if programme_id else {}
    if c.values.get("cohort_id") is None:
        c.error("cohort_id", _("Choose the cohort, or name the mentees of a mentoring session."))
        return {}
    cohort = c.ref("cohort_id", "cohort") if c.touched("cohort_id") else None
    if cohort is not None and cohort.closed_on is not None and c.batch.get("session", record_id) is None:
        # a closed cohort takes no new sessions; one held before the closing day is still recorded
        day = c.values.get("date")
        if day is None or day >= cohort.closed_on:
            c.error("cohort_id", _("This cohort was closed on %(day)s: it takes no new sessions.",
                                   day=cohort.closed_on.isoformat()))
    return {"programme_id": cohort.programme_id} if cohort else {}


def _iso(day) -> str:
    return day.isoformat() if hasattr(day, "isoformat") else str(day)


def _enrolled_on(participant, day) -> bool:
    """The register window: enrolled on or before ``day`` and not exited before it (the exit day still counts)."""
    if day is None:
        return True
    day = _iso(day)
    enrolled = participant.enrolled_on and _iso(participant.enrolled_on)
    exited = participant.exited_on and _iso(participant.exited_on)
    return (not enrolled or enrolled <= day) and (not exited or day <= exited)


def _attendance(c: _Check, record_id):
    if not c.touched("session_id", "participant_id", "minutes"):
        return {}
    session = c.ref("session_id", "session")
    participant = c.ref("participant_id", "participant") if c.touched("participant_id") else None
    if session is not None and participant is not None:
        if session.mentee_ids:
            if participant.id not in session.mentee_ids:
                c.error("participant_id", _("This private mentoring session is held with its named mentees only."))
        elif participant.cohort_id != session.cohort_id or participant.programme_id != session.programme_id:
            c.error("participant_id", _("The participant is not in this session's cohort."))
        if not _enrolled_on(participant, session.date):
            c.error("participant_id", _("%(day)s is outside this participant's enrolment (from %(enrolled)s%(until)s).",
                                        day=_iso(session.date), enrolled=_iso(participant.enrolled_on),
                                        until=_(" to %(day)s", day=_iso(participant.exited_on))
                                        if participant.exited_on else ""))
        if record_id != attendance_id(session.id, participant.id):
            c.error("id", _("An attendance id must be the UUIDv5 of \"<session_id>:<participant_id>\"."))
    if c.values.get("minutes") is not None and session is not None and c.values["minutes"] > session.duration_minutes:
        c.error("minutes", _("More minutes than the session lasts."))
    return {"programme_id": session.programme_id, "cohort_id": session.cohort_id} if session else {}


def _referenced(c: _Check, field, entity):
    """The record a field points at: checked when the change sets it, else as stored."""
    if c.touched(field):
        return c.ref(field, entity)
    return c.batch.get(entity, c.values.get(field))


def _of_participant(c: _Check):
    participant = _referenced(c, "participant_id", "participant")
    if participant is None:
        return None, {}
    return participant, {"programme_id": participant.programme_id, "cohort_id": participant.cohort_id}


def _assessment(c: _Check, record_id):
    participant, derived = _of_participant(c)
    if c.touched("skill_id", "level"):
        skill = c.ref("skill_id", "skill")
        if skill is not None and c.values.get("level") is not None:
            top = c.batch.max_level(skill)
            if c.values["level"] > top:
                c.error("level", _("Level must be 0 to %(max)s on this skill's rubric.", max=top))
    if c.touched("session_id") and participant is not None:
        c.same_programme("session_id", c.ref("session_id", "session"), participant.programme_id)
    return derived


def _mentoring_goal(c: _Check, record_id):
    participant, derived = _of_participant(c)
    if c.touched("mentor_id", "participant_id") and participant is not None:
        mentor = c.batch.get("user", c.values.get("mentor_id"))
        if mentor is None or not mentor.active:
            c.error("mentor_id", _missing("mentor_id"))
        elif not c.batch.is_mentor(mentor.id, participant.programme_id):
            c.error("mentor_id", _("This user is not a mentor in the participant's programme."))
    if c.values.get("due_on") and c.values["due_on"].year < 2000:
        c.error("due_on", _("The due date is too far in the past."))
    return derived


def _handover_note(c: _Check, record_id):
    participant, derived = _of_participant(c)
    if c.touched("goal_id", "participant_id") and c.values.get("goal_id"):
        goal = c.ref("goal_id", "mentoring_goal")
        if goal is not None and participant is not None and goal.participant_id != participant.id:
            c.error("goal_id", _("This goal is another person's."))
    return derived


def _outcome(c: _Check, record_id):
    participant, derived = _of_participant(c)
    if c.touched("site_id") and participant is not None:
        c.same_programme("site_id", c.ref("site_id", "site"), participant.programme_id)
    if not c.values.get("site_id") and not (c.values.get("employer_name") or "").strip():
        c.error("employer_name", _("Give the employer: a site or an employer name."))
    return derived


def _survey_response(c: _Check, record_id):
    form = _referenced(c, "form_id", "survey_form")
    if form is None:
        return {}
    if c.touched("form_version", "form_id") and c.values.get("form_version") != form.form_version:
        c.error("form_version", _("The form is at version %(version)s; reload the form.", version=form.form_version))
    participant = _referenced(c, "participant_id", "participant")
    c.same_programme("participant_id", participant, form.programme_id)
    if c.touched("site_id"):
        c.same_programme("site_id", c.ref("site_id", "site"), form.programme_id)
    known = {q.get("id") or q.get("code") for q in (form.questions or []) if isinstance(q, dict)} - {None}
    if known and c.touched("answers"):
        unknown = sorted(set(c.values.get("answers") or {}) - known)
        if unknown:
            c.error("answers", _("Not questions of this form: %(keys)s.", keys=", ".join(unknown[:10])))
    return {"programme_id": form.programme_id, "cohort_id": participant.cohort_id if participant else None}


# set-up entities (written by the set-up pages only) ---------------------------------------------

def _taken(c: _Check, model, record_id, *where) -> bool:
    """Whether another live record of ``model`` matches ``where`` (a code already in use)."""
    from sqlalchemy import select

    return c.batch.session.scalar(select(model.id).where(*where, model.id != record_id).limit(1)) is not None


def _organisation(c: _Check):
    from models import Organisation

    if c.values.get("organisation_id") and c.batch.session.get(Organisation, c.values["organisation_id"]) is None:
        c.error("organisation_id", _("No such organisation."))


def _programme(c: _Check, record_id):
    from models import Programme

    if c.touched("organisation_id"):
        _organisation(c)
    stored = c.batch.get("programme", record_id)
    if c.touched("closed_on") and c.values.get("closed_on") != (stored.closed_on if stored is not None else None) \
            and c.values.get("organisation_id") not in c.scope.admin_organisation_ids:
        c.error("closed_on", _("Only an admin of the organisation closes or reopens a programme."))
    if c.touched("default_locale", "languages"):
        offered = c.values.get("languages") or ()
        if offered and c.values.get("default_locale") not in offered:
            c.error("default_locale", _("The default language must be one of the languages offered."))
    if c.touched("code") and _taken(c, Programme, record_id, Programme.code == c.values["code"]):
        c.error("code", _("Another programme has this code."))
    if c.touched("competent_level") and c.values.get("competent_level") is not None:
        for name, top in c.batch.rubric_tops_of_programme(record_id):
            if c.values["competent_level"] > top:
                c.error("competent_level", _("The trade %(trade)s has levels up to %(max)s only.", trade=name, max=top))
    return {}


def _site(c: _Check, record_id):
    if c.touched("programme_id"):
        c.ref("programme_id", "programme")
    return {}


def _cohort(c: _Check, record_id):
    from models import Cohort

    programme = _referenced(c, "programme_id", "programme")
    if c.touched("site_id"):
        c.same_programme("site_id", c.ref("site_id", "site"), c.values.get("programme_id"))
    if c.touched("occupation_id"):
        occupation = c.ref("occupation_id", "occupation")
        if occupation is not None and programme is not None:
            if occupation.organisation_id != programme.organisation_id:
                c.error("occupation_id", _("This trade is not one of the programme's organisation."))
            elif occupation.programme_id not in (None, programme.id):
                c.error("occupation_id", _("This trade is another programme's own."))
            elif programme.competent_level > c.batch.rubric_top(occupation.id):
                c.error("occupation_id", _("The programme counts people competent from level %(level)s; this trade's "
                                           "rubric stops below it.", level=programme.competent_level))
    if c.touched("code", "programme_id") and _taken(c, Cohort, record_id, Cohort.code == c.values["code"],
                                                    Cohort.programme_id == c.values.get("programme_id")):
        c.error("code", _("Another cohort of this programme has this code."))
    for field, role in (("trainer_ids", "trainer"), ("mentor_ids", "mentor")):
        if c.touched(field) and programme is not None:
            outsiders = [i for i in c.values.get(field) or () if not c.batch.has_role(i, programme.id, role)]
            if outsiders:
                c.error(field, _("Not a trainer of this programme: %(ids)s.", ids=", ".join(outsiders[:5]))
                        if role == "trainer" else
                        _("Not a mentor of this programme: %(ids)s.", ids=", ".join(outsiders[:5])))
    return {}


def _occupation(c: _Check, record_id):
    from models import Occupation

    if c.touched("organisation_id"):
        _organisation(c)
    for field, entity in (("programme_id", "programme"), ("copied_from_id", "occupation")):
        if c.touched(field):
            owner = c.ref(field, entity)
            if owner is not None and owner.organisation_id != c.values.get("organisation_id"):
                c.error(field, _("It belongs to another organisation."))
    if c.touched("code") and _taken(c, Occupation, record_id, Occupation.code == c.values["code"]):
        c.error("code", _("Another trade has this code."))
    if c.touched("rubric_levels") and c.values.get("rubric_levels"):
        top = len(c.values["rubric_levels"]) - 1
        used = c.batch.highest_level_assessed(record_id)
        if used is not None and used > top:
            c.error("rubric", _("Level %(level)s is in use by assessments: it cannot be removed.", level=used))
        for name, level in c.batch.competent_levels_using(record_id):
            if level > top:
                c.error("rubric", _("The programme %(name)s counts people competent from level %(level)s.",
                                    name=name, level=level))
    return {}


def _skill(c: _Check, record_id):
    from models import Skill

    occupation = _referenced(c, "occupation_id", "occupation")
    if c.touched("code", "occupation_id") and _taken(c, Skill, record_id, Skill.code == c.values["code"],
                                                     Skill.occupation_id == c.values.get("occupation_id")):
        c.error("code", _("Another skill of this trade has this code."))
    # a programme's own trade: its skills are that programme's (write scope, pull)
    return {"programme_id": occupation.programme_id} if occupation is not None else {}


RULES = {
    "participant": _participant, "session": _session, "attendance": _attendance, "assessment": _assessment,
    "mentoring_goal": _mentoring_goal, "outcome": _outcome, "handover_note": _handover_note, "survey_response": _survey_response,
    "programme": _programme, "site": _site, "cohort": _cohort, "occupation": _occupation, "skill": _skill,
}


def check_open(batch, scope, entity: str, programme_id: str | None, hlc: str, changed=()) -> None:
    """A closed programme is read-only (SYNC.md reason ``read_only``), and stays reportable.

    A change recorded before the day the programme closed (by its HLC's time) is still
    accepted: a phone that was offline at the close loses nothing it recorded in time.
    A change recorded on or after that day is refused, whoever writes it, phone or page,
    except an organisation admin's change of the close date alone (reopening).
    """
    from .hlc import time_of

    programme = batch.get("programme", programme_id) if programme_id else None
    if programme is None or programme.closed_on is None:
        return
    when = time_of(hlc)
    if when is not None and when.date() < programme.closed_on:
        return
    if entity == "programme" and changed and set(changed) <= {"closed_on"} \
            and programme.organisation_id in scope.admin_organisation_ids:
        return
    field = "closed_on" if entity == "programme" else "programme_id"
    raise Rejection("read_only", {field: [_("The programme %(name)s closed on %(date)s: its records can no longer "
                                            "be changed.", name=programme.name, date=programme.closed_on.isoformat())]})


def check_delete(batch, entity: str, record) -> None:
    """A record others still point at is not deleted: a site used by a cohort or an outcome."""
    if entity != "site":
        return
    from sqlalchemy import select

    from models import Cohort, Outcome

    for model, message in ((Cohort, _("A cohort meets at this site: it cannot be deleted.")),
                           (Outcome, _("A job or placement names this employer: it cannot be deleted."))):
        used = batch.session.scalar(select(model.id).where(model.site_id == record.id, model.deleted.is_(False))
                                    .limit(1))
        if used is not None:
            raise Rejection("validation", {"id": [message]})


def check_immutable(entity: str, record, incoming: dict) -> None:
    errors = {f: [_("This cannot be changed once the record exists.")]
              for f in IMMUTABLE[entity] if f in incoming and incoming[f] != getattr(record, f)}
    if errors:
        raise Rejection("validation", errors)


def check(batch, scope, entity: str, record_id: str, values: dict, changed) -> dict:
    """Validate the record as it would be after the change; returns derived columns."""
    c = _Check(batch, scope, values, changed)
    derived = RULES[entity](c, record_id)
    if c.errors:
        raise Rejection("validation", c.errors)
    return derived
