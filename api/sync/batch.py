"""The records one push touches, loaded in a few IN queries rather than one per change.

``Batch`` is the request's working set: records loaded from the database and
records created earlier in the same request, so a change may reference
either (SYNC.md rule 3).
"""
from sqlalchemy import func, select

from models import (SYNCED_MODELS, Assessment, ChangeLog, Cohort, Membership, Occupation, Participant, Programme,
                    Skill, User)

#: reference field → entity it points at
REFERENCE_FIELDS = {
    "programme_id": "programme", "cohort_id": "cohort", "participant_id": "participant",
    "session_id": "session", "skill_id": "skill", "site_id": "site", "form_id": "survey_form",
    "mentor_id": "user", "occupation_id": "occupation", "goal_id": "mentoring_goal",
}
_CHUNK = 500


class Plain:
    """A record as plain attributes: one created by this push until its INSERT, or one only referenced.

    Building thousands of ORM instances per request costs more than the rest of
    the push; new records are inserted with one executemany per table, and
    records a push only points at are read as rows.
    """

    def __init__(self, model, **values):
        self.__dict__.update(dict.fromkeys(model.__table__.columns.keys()))
        self.__dict__.update(values)
        self.model, self.entity, self.writable_fields = model, model.entity, model.writable_fields
        if self.field_meta is None:
            self.field_meta = {}

    def scope_keys(self) -> dict:
        return self.model.scope_keys(self)

    def row(self) -> dict:
        return {name: self.__dict__[name] for name in self.model.__table__.columns.keys()}


class Batch:
    def __init__(self, session):
        self.session = session
        #: (entity, id) → record, or None when known not to exist
        self.records = {}
        #: (entity, id) of ids that exist only as a tombstone in the change log
        self.tombstones = {}
        self._max_level = {}
        self._mentors = {}
        self._codes = {}
        #: programme id → the next number ``next_code`` tries
        self._next_number = {}

    # loading -----------------------------------------------------------
    def load(self, wanted: dict, plain: bool = False) -> None:
        """Load records by entity → ids, skipping those already known.

        ``plain``: read-only references, read as rows (see ``Plain``); else ORM
        instances the push may change.
        """
        for entity, ids in wanted.items():
            model = SYNCED_MODELS[entity]
            todo = [i for i in set(ids) if (entity, i) not in self.records]
            for start in range(0, len(todo), _CHUNK):
                chunk = todo[start:start + _CHUNK]
                if plain:
                    rows = self.session.execute(select(model.__table__).where(model.__table__.c.id.in_(chunk)))
                    found = [Plain(model, **row) for row in rows.mappings()]
                else:
                    found = self.session.scalars(select(model).where(model.id.in_(chunk)))
                for record in found:
                    self.records[(entity, record.id)] = record
                for i in chunk:
                    self.records.setdefault((entity, i), None)

    def load_tombstones(self, entity: str, ids) -> None:
        """Ids deleted without ever having been a record here (a delete of an unknown id)."""
        ids = [i for i in ids if self.records.get((entity, i)) is None]
        for start in range(0, len(ids), _CHUNK):
            rows = self.session.execute(
                select(ChangeLog.record_id, ChangeLog.programme_id, ChangeLog.cohort_id, ChangeLog.participant_id,
                       ChangeLog.seq)
                .where(ChangeLog.entity == entity, ChangeLog.record_id.in_(ids[start:start + _CHUNK]),
                       ChangeLog.op == "delete"))
            for record_id, programme_id, cohort_id, participant_id, seq in rows:
                self.tombstones[(entity, record_id)] = {
                    "programme_id": programme_id, "cohort_id": cohort_id, "participant_id": participant_id,
                    "seq": seq}

    def load_codes(self, pairs) -> None:
        """Participant codes already used, for the (programme_id, code) pairs given."""
        codes = sorted({code for _programme, code in pairs})
        for start in range(0, len(codes), _CHUNK):
            rows = self.session.execute(select(Participant.programme_id, Participant.code, Participant.id)
                                        .where(Participant.code.in_(codes[start:start + _CHUNK])))
            for programme_id, code, record_id in rows:
                self._codes[(programme_id, code)] = record_id

    # lookups -----------------------------------------------------------
    def get(self, entity: str, record_id: str | None):
        """A live (not deleted) record of the request's working set, or None."""
        if record_id is None:
            return None
        record = self.records.get((entity, record_id))
        if record is None and (entity, record_id) not in self.records:
            self.load({entity: [record_id]}, plain=True)
            record = self.records.get((entity, record_id))
        return record

    def put(self, record) -> None:
        self.records[(record.entity, record.id)] = record

    def code_owner(self, programme_id: str, code: str):
        return self._codes.get((programme_id, code))

    def next_code(self, programme_id: str) -> str | None:
        """A participant code unused in the programme: its code, a dash and the next number.

        Numbers follow the highest already used with that prefix (deleted participants' too,
        whose codes stay taken), then those given out in this request. Writes are serialised
        (changes.lock_writes), so two requests cannot hand out the same code.
        """
        programme = self.get("programme", programme_id)
        if programme is None:
            return None
        prefix = f"{programme.code[:30]}-"
        if programme_id not in self._next_number:
            escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            used = self.session.scalars(select(Participant.code).where(
                Participant.programme_id == programme_id, Participant.code.like(f"{escaped}%", escape="\\")))
            numbers = [int(code[len(prefix):]) for code in used if code[len(prefix):].isascii()
                       and code[len(prefix):].isdigit() and len(code) - len(prefix) < 9]
            self._next_number[programme_id] = max(numbers, default=0) + 1
        while True:
            code = f"{prefix}{self._next_number[programme_id]:04d}"
            self._next_number[programme_id] += 1
            if (programme_id, code) not in self._codes:  # sent by an earlier change of this request
                return code

    def claim_code(self, programme_id: str, code: str, record_id: str, old: tuple | None) -> None:
        if old and self._codes.get(old) == record_id:
            del self._codes[old]
        self._codes[(programme_id, code)] = record_id

    def max_level(self, skill) -> int:
        """Highest level of the rubric of the skill's occupation."""
        return self.rubric_top(skill.occupation_id)

    def rubric_top(self, occupation_id: str) -> int:
        """Highest level of an occupation's rubric."""
        if occupation_id not in self._max_level:
            occupation = self.session.get(Occupation, occupation_id)
            self._max_level[occupation_id] = occupation.max_level if occupation else 4
        return self._max_level[occupation_id]

    # set-up rules (few records each: plain queries) ----------------------
    def has_role(self, user_id: str, programme_id: str, role: str) -> bool:
        """Whether an active user holds ``role`` in the programme."""
        return self.session.scalar(
            select(Membership.id).join(User, User.id == Membership.user_id)
            .where(Membership.user_id == user_id, Membership.programme_id == programme_id,
                   Membership.role == role, User.active.is_(True))) is not None

    def rubric_tops_of_programme(self, programme_id: str) -> list[tuple[str, int]]:
        """(name, top level) of the trades the programme's cohorts learn."""
        used = select(Cohort.occupation_id).where(Cohort.programme_id == programme_id, Cohort.deleted.is_(False))
        return [(o.name, o.max_level) for o in self.session.scalars(select(Occupation).where(Occupation.id.in_(used)))]

    def highest_level_assessed(self, occupation_id: str) -> int | None:
        """The highest level any live assessment gives on a skill of the occupation."""
        skills = select(Skill.id).where(Skill.occupation_id == occupation_id)
        return self.session.scalar(select(func.max(Assessment.level)).where(
            Assessment.skill_id.in_(skills), Assessment.deleted.is_(False)))

    def competent_levels_using(self, occupation_id: str) -> list[tuple[str, int]]:
        """(name, competent level) of the programmes whose cohorts learn the occupation."""
        programmes = select(Cohort.programme_id).where(Cohort.occupation_id == occupation_id,
                                                       Cohort.deleted.is_(False))
        return list(self.session.execute(select(Programme.name, Programme.competent_level)
                                         .where(Programme.id.in_(programmes))).all())

    def is_mentor(self, user_id: str, programme_id: str) -> bool:
        key = (user_id, programme_id)
        if key not in self._mentors:
            self._mentors[key] = self.session.scalar(
                select(Membership.id).where(Membership.user_id == user_id, Membership.programme_id == programme_id,
                                            Membership.role == "mentor")) is not None
        return self._mentors[key]

