"""Demo participants, sessions, attendance and assessments of one programme.

Dates are computed from the day of the first load (the sessions end just before it, so the
demo looks current), but ids come from natural keys (programme, cohort, session number,
participant code), so a later load finds the same records and neither moves nor repeats them.
Random choices come from generators seeded with the record's key: the same data every time.
"""
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from models import Assessment, Attendance, Participant, TrainingSession, attendance_id
from security.scope import session_author

from .demo_content import DURATIONS, STAFF
from .demo_people import NAMES, PROFILES, UNDISCLOSED_SHARE
from .demo_phrases import PHRASES
from .demo_writer import DemoWriter

ON_SITE = ("training", "on_the_job", "assessment", "mentoring")
TAUGHT = ("training", "on_the_job", "assessment")
START_TIMES = {"mentoring": "15:30", "remote_mentoring": "18:00"}  # mentors abroad call after their own shift


def rng_for(*key: str) -> random.Random:
    """A generator of its own for each part, so that one part's data never shifts another's."""
    return random.Random("demo:" + ":".join(key))


@dataclass
class CohortPlan:
    """One cohort's records and what the later steps need to know about them."""

    programme: object
    locale: str
    cohort: object
    spec: dict
    skills: list
    #: the site's entry in demo_content (its place on the map)
    place: dict
    trainer: object
    #: who holds the cohort's mentoring sessions
    mentor: object
    participants: list = field(default_factory=list)
    #: participant id → (aptitude 0..1, share of sessions attended on time)
    traits: dict = field(default_factory=dict)
    #: mentor username → participants with goals from that mentor
    mentees: dict = field(default_factory=dict)
    #: past sessions, oldest first
    sessions: list = field(default_factory=list)


def session_dates(weekdays, today: date, count: int) -> tuple[list, date]:
    """The ``count`` latest days before today on the cohort's weekdays (oldest first), and the next one."""
    past, day = [], today - timedelta(days=1)
    while len(past) < count:
        if day.weekday() in weekdays:
            past.append(day)
        day -= timedelta(days=1)
    upcoming = today
    while upcoming.weekday() not in weekdays:
        upcoming += timedelta(days=1)
    return past[::-1], upcoming


def load_records(writer: DemoWriter, programme, spec, cohorts, occupations, users) -> list:
    plans, number = [], 0
    names_used = {tuple(s["display_name"].split(" ", 1)) for s in STAFF}  # no trainee shares a trainer's name
    for cspec in spec["cohorts"]:
        skills = occupations[cspec["occupation"]][1]
        trainer = users[cspec["trainers"][0]]
        place = next(site for site in spec["sites"] if site["key"] == cspec["site"])
        mentor = users[cspec["mentors"][0]] if cspec["mentors"] else trainer
        plan = CohortPlan(programme, spec["locale"], cohorts[cspec["code"]], cspec, skills, place, trainer, mentor)
        past, upcoming = session_dates(cspec["weekdays"], writer.today, len(cspec["kinds"]))
        for fields, traits in plan_people(spec, cspec, past[0], writer.today, names_used):
            number += 1
            code = f"{spec['prefix']}-{number:04d}"
            participant = writer.ensure(
                Participant, f"participant:{programme.code}:{code}",
                [Participant.programme_id == programme.id, Participant.code == code],
                programme_id=programme.id, cohort_id=plan.cohort.id, code=code, updated_by_id=trainer.id, **fields)
            if not participant.deleted:  # someone removed it since an earlier load: add nothing to it
                plan.participants.append(participant)
                plan.traits[participant.id] = traits
        pick_mentees(plan)
        writer.prefetch_keys(TrainingSession, [session_key(plan, k) for k in [*map(str, range(len(past))), "next"]])
        for index, (day, kind) in enumerate(zip(past, cspec["kinds"])):
            session = load_session(writer, plan, str(index), day, kind, index)
            plan.sessions.append(session)
            load_attendance(writer, plan, session)
        load_session(writer, plan, "next", upcoming, "training", len(past))  # the trainer's next session
        load_assessments(writer, plan)
        writer.flush()  # the cohort's records, one push per author
        plans.append(plan)
    return plans


def plan_people(spec, cspec, first_day: date, today: date, names_used: set):
    """Fields and traits of a cohort's participants, the same on every load."""
    rng = rng_for(cspec["code"], "people")
    kinds = PROFILES[cspec["profile"]]
    leavers = set(rng.sample(range(cspec["size"]), cspec["exits"]))
    for position in range(cspec["size"]):
        kind = rng.choices(kinds, weights=[k["weight"] for k in kinds])[0]
        if rng.random() < UNDISCLOSED_SHARE:
            gender, pool = "undisclosed", rng.choice(("female", "male"))
        else:
            gender = pool = "female" if rng.random() < kind["female"] else "male"
        names = NAMES[kind["names"]]
        for _attempt in range(20):
            given, family = rng.choice(names[pool]), rng.choice(names["family"])
            if (given, family) not in names_used:
                break
        if cspec.get("long_name") and cspec["long_name"][0] == position:  # set, not drawn: the draws stay the same
            _position, given, family, gender = cspec["long_name"]
        names_used.add((given, family))
        groups = kind["groups"] + [g for g, share in kind["extra"] if rng.random() < share]
        enrolled = first_day - timedelta(days=rng.randint(2, 12))
        fields = dict(given_name=given, family_name=family, gender=gender,
                      birth_year=today.year - rng.randint(*kind["ages"]), target_groups=sorted(set(groups)),
                      enrolled_on=enrolled, consent_on=enrolled - timedelta(days=rng.randint(0, 3)))
        if position in leavers:
            fields["exited_on"] = first_day + timedelta(days=rng.randint(10, 21))
            fields["exit_reason"] = rng.choice(PHRASES[spec["locale"]]["exit_reasons"])
        yield fields, (rng.choice((0, 0, 1)), rng.uniform(0.72, 0.97))


def active_on(participant, day: date) -> bool:
    return participant.enrolled_on <= day and (participant.exited_on is None or participant.exited_on > day)


def pick_mentees(plan: CohortPlan):
    rng = rng_for(plan.spec["code"], "mentees")
    staying = [p for p in plan.participants if p.exited_on is None]
    rng.shuffle(staying)
    for username, count in plan.spec["mentees"]:
        plan.mentees[username], staying = staying[:count], staying[count:]


def skill_taught(plan: CohortPlan, index: int) -> int:
    """Position in the skill list the cohort has reached by its ``index``-th session."""
    return min(len(plan.skills) - 1, index * len(plan.skills) // len(plan.spec["kinds"]))


def label(record, locale: str) -> str:
    return record.labels.get(locale, record.name)


def load_session(writer, plan: CohortPlan, key: str, day: date, kind: str, index: int):
    rng = rng_for(plan.spec["code"], "session", key)
    phrases = PHRASES[plan.locale]
    taught = skill_taught(plan, index)
    if kind == "assessment":
        subject = f"{label(plan.skills[0], plan.locale)} – {label(plan.skills[taught], plan.locale)}"
    elif kind in ("mentoring", "remote_mentoring"):
        subject = rng.choice(phrases["mentoring_topics"])
    else:
        subject = label(plan.skills[taught], plan.locale)
    location = site_location(rng, plan.place) if kind in ON_SITE and rng.random() < 0.8 else None
    author = plan.mentor if kind in ("mentoring", "remote_mentoring") else plan.trainer
    return writer.ensure(
        TrainingSession, session_key(plan, key),
        programme_id=plan.programme.id, cohort_id=plan.cohort.id, date=day,
        start_time=START_TIMES.get(kind, plan.spec["start_time"]), duration_minutes=DURATIONS[kind], kind=kind,
        topic=f"{phrases['kinds'][kind]}: {subject}"[:300],
        notes=rng.choice(phrases["session_notes"]) if kind in TAUGHT and rng.random() < 0.25 else None,
        location=location, updated_by_id=author.id)


def session_key(plan: CohortPlan, key: str) -> str:
    return f"session:{plan.programme.code}:{plan.spec['code']}:{key}"


def site_location(rng, place: dict) -> dict:
    """Where the trainer's phone was: the site's place, give or take the GPS error."""
    return {"lat": round(place["lat"] + rng.uniform(-4e-4, 4e-4), 6),
            "lon": round(place["lon"] + rng.uniform(-4e-4, 4e-4), 6),
            "accuracy_m": rng.choice((8, 12, 15, 25, 40))}


def load_attendance(writer, plan: CohortPlan, session):
    if session.deleted:
        return
    if session.kind == "remote_mentoring":
        invited = [p for group in plan.mentees.values() for p in group]
    else:
        invited = plan.participants
    rng = rng_for(plan.spec["code"], "attendance", session.id)
    # draw for everyone invited, present or not, so each person's draw never depends on the others
    draws = [(p, rng.random(), rng.choice((10, 15, 20, 30, 45))) for p in sorted(invited, key=lambda p: p.code)]
    draws = [(p, draw, late_by) for p, draw, late_by in draws if active_on(p, session.date)]
    writer.prefetch(Attendance, [attendance_id(session.id, p.id) for p, _draw, _late in draws])
    for participant, draw, late_by in draws:
        on_time = plan.traits[participant.id][1]
        if draw < on_time:
            status, minutes = "present", session.duration_minutes
        elif draw < on_time + (1 - on_time) * 0.4:
            status, minutes = "late", max(session.duration_minutes - late_by, session.duration_minutes // 2)
        elif draw < on_time + (1 - on_time) * 0.7:
            status, minutes = "excused", 0
        else:
            status, minutes = "absent", 0
        note = rng.choice(PHRASES[plan.locale]["excused"]) if status == "excused" else None
        # SYNC.md rule 7: the id two phones would give the same mark
        writer.ensure_id(
            Attendance, attendance_id(session.id, participant.id), programme_id=session.programme_id,
            cohort_id=session.cohort_id, session_id=session.id, participant_id=participant.id, status=status,
            minutes=minutes, note=note, updated_by_id=session_author(session))


def load_assessments(writer, plan: CohortPlan):
    """Each assessment session rates every skill taught so far; levels rise from one to the next."""
    checkpoints = [(i, s) for i, s in enumerate(plan.sessions) if s.kind == "assessment" and not s.deleted]
    notes, programme, trainer = PHRASES[plan.locale]["assessment_notes"], plan.programme, plan.trainer
    writer.prefetch_keys(Assessment, [
        assessment_key(programme, participant, skill, round_number) for participant in plan.participants
        for round_number, (index, _session) in enumerate(checkpoints)
        for skill in plan.skills[: skill_taught(plan, index) + 1]])
    for participant in plan.participants:
        rng = rng_for(programme.code, participant.code, "levels")
        aptitude = plan.traits[participant.id][0]
        levels = {}
        for round_number, (index, session) in enumerate(checkpoints):
            for skill in plan.skills[: skill_taught(plan, index) + 1]:
                gain, wants_note = rng.choice((0, 1, 1, 2)), rng.random() < 0.15
                if skill.id in levels:
                    levels[skill.id] = min(4, levels[skill.id] + max(gain, 1 if aptitude else 0))
                else:
                    levels[skill.id] = min(2, gain + aptitude)
                if not active_on(participant, session.date):
                    continue
                writer.ensure(
                    Assessment, assessment_key(programme, participant, skill, round_number),
                    programme_id=programme.id, cohort_id=participant.cohort_id, participant_id=participant.id,
                    skill_id=skill.id, level=levels[skill.id], assessed_on=session.date, session_id=session.id,
                    note=rng.choice(notes) if wants_note else None, assessor_id=trainer.id,
                    updated_by_id=trainer.id)


def assessment_key(programme, participant, skill, round_number: int) -> str:
    return f"assessment:{programme.code}:{participant.code}:{skill.code}:{round_number}"
