"""``load_demo()``: the demo organisation, programmes, people and records, loaded idempotently.

The content lives in demo_content.py, demo_trades.py, demo_people.py, demo_phrases.py and
demo_surveys.py; this module and demo_records.py / demo_followup.py only load it.

Idempotent: every record has a fixed id, the UUIDv5 of a natural key (``demo_id``), and is
looked up by its natural key (programme code, cohort code, participant code, username,
occupation code, skill code…) before anything is made, so a second load finds everything and
changes nothing. Every synced record made goes through ``record_change`` so phones pull it.
"""
import os
import secrets
from datetime import date, timedelta

import click

from models import (Cohort, CohortStaff, Membership, Occupation, Organisation, Programme, RubricLevel, Site, Skill,
                    User, db)
from security.audit import audit
from security.passwords import hash_password

from .demo_content import ORGANISATION, PROGRAMMES, STAFF
from .demo_followup import load_followup
from .demo_records import load_records, session_dates
from .demo_trades import OCCUPATIONS, RUBRIC
from .demo_writer import DemoWriter, demo_id

UNCHANGED = "(unchanged)"
#: a cohort runs about five months from its first session
COHORT_LENGTH = timedelta(weeks=22)


def load_demo(today: date | None = None) -> dict:
    """Load the demo data; returns ``{username: (role, password or "(unchanged)")}``.

    ``today`` is the day the demo's recent sessions lead up to (default: today); it only
    matters for records that do not exist yet.
    """
    password_for_new = os.environ.get("DEMO_PASSWORD") or None
    if password_for_new is not None and len(password_for_new) < 8:
        raise click.ClickException("DEMO_PASSWORD must have at least 8 characters.")
    writer = DemoWriter(db.session, today or date.today())
    organisation = writer.ensure(Organisation, f"organisation:{ORGANISATION}",
                                 [Organisation.name == ORGANISATION], name=ORGANISATION)
    occupations = load_occupations(writer, organisation)
    programmes, sites = {}, {}
    for spec in PROGRAMMES:
        programmes[spec["code"]], sites[spec["code"]] = load_programme(writer, organisation, spec)
    users, passwords = load_users(writer, programmes, password_for_new)
    for spec in PROGRAMMES:
        programme, programme_sites = programmes[spec["code"]], sites[spec["code"]]
        cohorts = load_cohorts(writer, programme, programme_sites, spec, occupations, users)
        plan = load_records(writer, programme, spec, cohorts, occupations, users)
        load_followup(writer, programme, programme_sites, spec, plan, users)
    if writer.created:
        audit("demo_loaded", detail={"created": dict(writer.created)})
    db.session.commit()
    return passwords


def load_occupations(writer: DemoWriter, organisation) -> dict:
    """Occupation code → (occupation, its skills in teaching order)."""
    occupations = {}
    for spec in OCCUPATIONS:
        code = spec["code"]
        occupation = writer.existing(Occupation, f"occupation:{code}", [Occupation.code == code])
        if occupation is None:
            occupation = writer.create(Occupation(
                id=demo_id(f"occupation:{code}"), organisation_id=organisation.id, code=code, name=spec["name"],
                labels=spec["labels"], rubric=rubric_levels()))
        elif not occupation.rubric:
            occupation.rubric.extend(rubric_levels())
            writer.changed(occupation)
        skills = [
            writer.ensure(Skill, f"skill:{code}:{skill_code}",
                          [Skill.occupation_id == occupation.id, Skill.code == skill_code],
                          occupation_id=occupation.id, position=position, code=skill_code, name=name, labels=labels)
            for position, (skill_code, name, labels) in enumerate(spec["skills"], start=1)
        ]
        occupations[code] = (occupation, [s for s in skills if not s.deleted])
    return occupations


def rubric_levels() -> list:
    """RubricLevel rows; ``labels`` maps a locale to the level's name, ``labels["description"]``
    a locale to its description."""
    return [
        RubricLevel(level=level, label=label, description=description,
                    labels={**{lang: text[0] for lang, text in translated.items()},
                            "description": {lang: text[1] for lang, text in translated.items()}})
        for level, label, description, translated in RUBRIC
    ]


def load_programme(writer: DemoWriter, organisation, spec: dict):
    code = spec["code"]
    programme = writer.ensure(
        Programme, f"programme:{code}", [Programme.code == code], organisation_id=organisation.id, code=code,
        name=spec["name"], donor=spec["donor"], default_locale=spec["locale"], starts_on=spec["starts_on"],
        ends_on=spec["ends_on"], targets=spec["targets"], competent_level=3)
    sites = {
        site["key"]: writer.ensure(
            Site, f"site:{code}:{site['name']}", [Site.programme_id == programme.id, Site.name == site["name"]],
            programme_id=programme.id, name=site["name"], city=site["city"], kind=site["kind"])
        for site in spec["sites"]
    }
    return programme, sites


def load_users(writer: DemoWriter, programmes: dict, password_for_new: str | None) -> tuple[dict, dict]:
    """The demo users; a new one gets ``password_for_new`` (DEMO_PASSWORD) or a random password,
    an existing one keeps the password it has."""
    users, passwords = {}, {}
    # One shared password, one hash: the same salt for all of them tells nothing the shared
    # password does not, and spares 20 Argon2 runs (seconds on a busy machine).
    shared_hash = None
    for spec in STAFF:
        username = spec["username"]
        role = spec["roles"][0][0]
        wanted = [(programmes[code].id, r) for r, code in spec["roles"]]
        user = writer.existing(User, f"user:{username}", [User.username == username])
        if user is None:
            if password_for_new:
                password, shared_hash = password_for_new, shared_hash or hash_password(password_for_new)
                password_hash = shared_hash
            else:
                password = secrets.token_urlsafe(12)
                password_hash = hash_password(password)
            user = writer.create(User(
                id=demo_id(f"user:{username}"), username=username, display_name=spec["display_name"],
                locale=spec["locale"], password_hash=password_hash, diaspora=spec.get("diaspora", False),
                memberships=[Membership(programme_id=pid, role=r) for pid, r in wanted]))
            passwords[username] = (role, password)
        else:
            have = {(m.programme_id, m.role) for m in user.memberships}
            missing = [Membership(programme_id=pid, role=r) for pid, r in wanted if (pid, r) not in have]
            if missing:
                user.memberships.extend(missing)
                writer.changed(user)
            passwords[username] = (role, UNCHANGED)
        users[username] = user
    return users, passwords


def load_cohorts(writer: DemoWriter, programme, sites: dict, spec: dict, occupations: dict, users: dict) -> dict:
    cohorts = {}
    for cspec in spec["cohorts"]:
        code = cspec["code"]
        staff = [(users[u].id, "trainer") for u in cspec["trainers"]] + [(users[u].id, "mentor") for u in cspec["mentors"]]
        cohort = writer.existing(Cohort, f"cohort:{programme.code}:{code}",
                                 [Cohort.programme_id == programme.id, Cohort.code == code])
        if cohort is None:
            past, _upcoming = session_dates(cspec["weekdays"], writer.today, len(cspec["kinds"]))
            cohort = writer.create(Cohort(
                id=demo_id(f"cohort:{programme.code}:{code}"), programme_id=programme.id,
                site_id=sites[cspec["site"]].id, occupation_id=occupations[cspec["occupation"]][0].id,
                code=code, name=cspec["name"], starts_on=past[0], ends_on=past[0] + COHORT_LENGTH,
                staff=[CohortStaff(user_id=uid, role=r) for uid, r in staff]))
        else:
            have = {(s.user_id, s.role) for s in cohort.staff}
            missing = [CohortStaff(user_id=uid, role=r) for uid, r in staff if (uid, r) not in have]
            if missing:
                cohort.staff.extend(missing)
                writer.changed(cohort)
        cohorts[code] = cohort
    return cohorts
