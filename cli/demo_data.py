"""``load_demo()``: the demo organisation, programmes, people and records, loaded idempotently.

The content lives in demo_content.py, demo_trades.py, demo_people.py, demo_phrases.py and
demo_surveys.py; this module and demo_records.py / demo_followup.py only load it.

Idempotent: every record has a fixed id, the UUIDv5 of a natural key (``demo_id``), and is
looked up by its natural key (programme code, cohort code, participant code, username,
occupation code, skill code…) before anything is made, so a second load finds everything and
changes nothing. Nothing is written directly: accounts through api/accounts (as ``flask users
create`` does), set-up records as the organisation's admin and phone records as the user who
recorded them through push (cli/demo_writer.py), so the same schemas, rules and scopes hold.
"""
import os
import secrets
from datetime import date, timedelta

import click
from flask_babel import force_locale
from sqlalchemy import select

from api import accounts
from models import Cohort, Occupation, Programme, Site, Skill, User, db, username_key
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
#: the demo user who administers the organisation (and writes its set-up records)
ADMIN = "admin"


def load_demo(today: date | None = None) -> dict:
    """Load the demo data; returns ``{username: (role, password or "(unchanged)")}``.

    ``today`` is the day the demo's recent sessions lead up to (default: today); it only
    matters for records that do not exist yet.
    """
    password_for_new = os.environ.get("DEMO_PASSWORD") or None
    if password_for_new is not None and accounts.password_errors(password_for_new, None):
        raise click.ClickException(
            f"DEMO_PASSWORD must have at least {accounts.MIN_PASSWORD_LENGTH} characters "
            "(the accounts' own rule).")
    writer = DemoWriter(db.session, today or date.today())
    with force_locale("en"):  # the services' messages, in English on the command line
        try:
            passwords = _load(writer, password_for_new)
        except accounts.AccountError as exc:
            db.session.rollback()
            raise click.ClickException(" ".join(f"{field}: {message}" for field, messages in exc.errors.items()
                                                for message in messages)) from None
        except click.ClickException:
            db.session.rollback()
            raise
    if writer.created:
        audit("demo_loaded", user=writer.admin, detail={"created": dict(writer.created)})
    db.session.commit()
    return passwords


def _load(writer: DemoWriter, password_for_new: str | None) -> dict:
    organisation = accounts.organisation_for(ORGANISATION)
    accounts_made = Accounts(password_for_new)
    writer.admin = accounts_made.organisation_admin(organisation)
    writer.users[writer.admin.id] = writer.admin
    occupations = load_occupations(writer, organisation)
    programmes, sites = {}, {}
    for spec in PROGRAMMES:
        programmes[spec["code"]], sites[spec["code"]] = load_programme(writer, organisation, spec)
    users = load_users(writer, accounts_made, programmes)
    for spec in PROGRAMMES:
        programme, programme_sites = programmes[spec["code"]], sites[spec["code"]]
        cohorts = load_cohorts(writer, programme, programme_sites, spec, occupations, users)
        plan = load_records(writer, programme, spec, cohorts, occupations, users)
        load_followup(writer, programme, programme_sites, spec, plan, users)
    writer.flush()
    return accounts_made.passwords


def load_occupations(writer: DemoWriter, organisation) -> dict:
    """Occupation code → (occupation, its skills in teaching order)."""
    occupations = {}
    for spec in OCCUPATIONS:
        code = spec["code"]
        occupation = writer.existing(Occupation, f"occupation:{code}", [Occupation.code == code])
        if occupation is None:
            occupation = writer.write(Occupation, demo_id(f"occupation:{code}"), f"occupation:{code}", dict(
                organisation_id=organisation.id, code=code, name=spec["name"], labels=spec["labels"],
                rubric_levels=rubric_levels()))
        elif not occupation.rubric:
            writer.update(occupation, f"occupation:{code}", rubric_levels=rubric_levels())
        skills = [
            writer.ensure(Skill, f"skill:{code}:{skill_code}",
                          [Skill.occupation_id == occupation.id, Skill.code == skill_code],
                          occupation_id=occupation.id, position=position, code=skill_code, name=name, labels=labels)
            for position, (skill_code, name, labels) in enumerate(spec["skills"], start=1)
        ]
        occupations[code] = (occupation, skills)
    writer.flush()
    return {code: (writer.live(occupation), [s for s in map(writer.live, skills) if not s.deleted])
            for code, (occupation, skills) in occupations.items()}


def rubric_levels() -> list:
    """The rubric's levels as the wire has them; ``labels`` maps a locale to the level's name,
    ``labels["description"]`` a locale to its description."""
    return [
        {"level": level, "label": label, "description": description,
         "labels": {**{lang: text[0] for lang, text in translated.items()},
                    "description": {lang: text[1] for lang, text in translated.items()}}}
        for level, label, description, translated in RUBRIC
    ]


def load_programme(writer: DemoWriter, organisation, spec: dict):
    code = spec["code"]
    programme = writer.live(writer.ensure(
        Programme, f"programme:{code}", [Programme.code == code], organisation_id=organisation.id, code=code,
        name=spec["name"], donor=spec["donor"], default_locale=spec["locale"], starts_on=spec["starts_on"],
        ends_on=spec["ends_on"], targets=spec["targets"], competent_level=3))
    sites = {
        site["key"]: writer.ensure(
            Site, f"site:{code}:{site['name']}", [Site.programme_id == programme.id, Site.name == site["name"]],
            programme_id=programme.id, name=site["name"], city=site["city"], kind=site["kind"])
        for site in spec["sites"]
    }
    writer.flush()
    return programme, {key: writer.live(site) for key, site in sites.items()}


class Accounts:
    """The demo accounts, made through api/accounts; a new one gets DEMO_PASSWORD or a random password,
    an existing one keeps the password it has."""

    def __init__(self, password_for_new: str | None):
        self.password_for_new = password_for_new
        # One shared password, one hash: the same salt for all of them tells nothing the shared
        # password does not, and spares 20 Argon2 runs (seconds on a busy machine).
        self.shared_hash = None
        #: username → (first role, password or "(unchanged)")
        self.passwords = {}

    def new_password(self, username: str, role: str) -> dict:
        """The password arguments of a new account, noted to be printed."""
        if self.password_for_new:
            self.passwords[username] = (role, self.password_for_new)
            self.shared_hash = self.shared_hash or hash_password(self.password_for_new)
            return {"password_hash": self.shared_hash}
        password = secrets.token_urlsafe(12)
        self.passwords[username] = (role, password)
        return {"password": password}

    @staticmethod
    def find(username: str):
        return db.session.scalar(select(User).where(User.username_key == username_key(username)))

    def organisation_admin(self, organisation) -> User:
        spec = next(s for s in STAFF if s["username"] == ADMIN)
        found = self.find(ADMIN)
        if found is not None:
            self.passwords[ADMIN] = (spec["roles"][0][0], UNCHANGED)
            if organisation.id in {a.organisation_id for a in found.organisation_admin}:
                return found  # nothing to change (the service would log the account again)
        password = self.new_password(ADMIN, spec["roles"][0][0]) if found is None else {}
        admin, _issued = accounts.make_organisation_admin(
            None, organisation, username=ADMIN, display_name=spec["display_name"], locale=spec["locale"],
            record_id=demo_id(f"user:{ADMIN}"), **password)
        return admin


def load_users(writer: DemoWriter, made: Accounts, programmes: dict) -> dict:
    """The demo users with their roles in the programmes (cohorts are assigned by the cohorts themselves)."""
    users = {}
    for spec in STAFF:
        username = spec["username"]
        wanted = [(programmes[code], role) for role, code in spec["roles"]]
        user = made.find(username)
        if user is None:
            (programme, role), wanted = wanted[0], wanted[1:]
            user, _issued = accounts.create_account(
                None, programme, username=username, display_name=spec["display_name"], role=role,
                diaspora=spec.get("diaspora", False), locale=spec["locale"], record_id=demo_id(f"user:{username}"),
                **made.new_password(username, role))
        elif username not in made.passwords:
            made.passwords[username] = (spec["roles"][0][0], UNCHANGED)
        for programme, role in wanted:
            if role not in user.roles_in(programme.id):
                accounts.add_role(None, programme, user, role)
                writer.created["user updated"] += 1
        users[username] = writer.users[user.id] = user
    return users


def load_cohorts(writer: DemoWriter, programme, sites: dict, spec: dict, occupations: dict, users: dict) -> dict:
    cohorts = {}
    for cspec in spec["cohorts"]:
        code, key = cspec["code"], f"cohort:{programme.code}:{cspec['code']}"
        staff = {"trainer_ids": [users[u].id for u in cspec["trainers"]],
                 "mentor_ids": [users[u].id for u in cspec["mentors"]]}
        cohort = writer.existing(Cohort, key, [Cohort.programme_id == programme.id, Cohort.code == code])
        if cohort is None:
            past, _upcoming = session_dates(cspec["weekdays"], writer.today, len(cspec["kinds"]))
            cohort = writer.write(Cohort, demo_id(key), key, dict(
                programme_id=programme.id, site_id=sites[cspec["site"]].id,
                occupation_id=occupations[cspec["occupation"]][0].id, code=code, name=cspec["name"],
                starts_on=past[0], ends_on=past[0] + COHORT_LENGTH, **staff))
        else:
            missing = {name: [i for i in ids if i not in getattr(cohort, name)] for name, ids in staff.items()}
            if any(missing.values()):
                writer.update(cohort, key, **{name: getattr(cohort, name) + ids for name, ids in missing.items()})
        cohorts[code] = cohort
    writer.flush()
    return {code: writer.live(cohort) for code, cohort in cohorts.items()}
