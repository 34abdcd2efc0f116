"""Who may see and write what (SYNC.md "Scope"): the one place that decides.

``scope_for(user)`` gathers the ids a user's memberships reach; every read,
pull, page and export filters through ``record_filter`` /
``changelog_filter`` / ``allows`` below, so no query forgets the programme;
every write asks ``may_write`` (docs/sync.md "Scope").
"""
from dataclasses import dataclass

from sqlalchemy import and_, false, or_, select

from models import (ChangeLog, Cohort, CohortStaff, Membership, MentoringGoal, OrganisationAdmin, Participant, Programme,
                    db)

#: reference entities every member of a programme reads
PROGRAMME_REFERENCE = frozenset({"programme", "site", "survey_form"})
#: reference entities of the whole organisation (no personal data)
ORGANISATION_REFERENCE = frozenset({"occupation", "skill", "user"})
#: trades: the organisation's shared ones (``programme_id`` None) reach every member of its programmes;
#: a programme's own copy (and its skills) only that programme's members
TRADES = frozenset({"occupation", "skill"})
#: entities reached through their cohort rather than a participant
COHORT_LEVEL = frozenset({"cohort", "session"})
#: entities written by the session's trainers and coordinators, or else only by the session's author
SESSION_BOUND = frozenset({"session", "attendance"})
#: entities only the set-up pages write (phones read them): a programme's coordinators set up its
#: sites and cohorts; an organisation's admins its programmes and its shared trades
SET_UP = frozenset({"programme", "site", "cohort", "occupation", "skill"})


@dataclass(frozen=True)
class Scope:
    user_id: str
    #: programmes whose every record the user sees (coordinator, admin)
    programme_ids: frozenset
    #: programmes the user belongs to in any role (for reference data)
    member_programme_ids: frozenset
    #: cohorts the user trains or mentors
    cohort_ids: frozenset
    #: cohorts of the user's goal-mentees (their sessions are visible)
    mentee_cohort_ids: frozenset
    #: participants reached as mentees through mentoring goals
    participant_ids: frozenset
    #: cohorts the user trains (a subset of ``cohort_ids``): they write all of the cohort's sessions.
    #: Not carried in the pull cursor, which only needs what the user reads.
    trained_cohort_ids: frozenset = frozenset()
    #: organisations the user is an admin of (their programmes and trades are the user's to set up)
    admin_organisation_ids: frozenset = frozenset()

    def sees_programme(self, programme_id) -> bool:
        return programme_id in self.programme_ids

    def allows(self, entity: str, keys: dict) -> bool:
        """Whether a record of ``entity`` with these scope keys is the user's."""
        programme_id, cohort_id, participant_id = (
            keys.get("programme_id"), keys.get("cohort_id"), keys.get("participant_id")
        )
        if entity in TRADES and programme_id is not None:
            return programme_id in self.member_programme_ids
        if entity in ORGANISATION_REFERENCE:
            # an organisation's admin reads its trades before it has any programme (the first admin)
            return bool(self.member_programme_ids) or bool(self.admin_organisation_ids)
        if programme_id in self.programme_ids:
            return True
        if entity in PROGRAMME_REFERENCE:
            return programme_id in self.member_programme_ids
        if entity == "session" and keys.get("mentee_ids"):
            # a private mentoring session: its mentees' mentors (by goal), besides the coordinators above
            return any(m in self.participant_ids for m in keys["mentee_ids"])
        if entity in COHORT_LEVEL:
            return cohort_id in self.cohort_ids or cohort_id in self.mentee_cohort_ids
        return cohort_id in self.cohort_ids or participant_id in self.participant_ids

    def may_write(self, entity: str, keys: dict, session_author: str | None = None) -> bool:
        """Whether the user may write (create, change, delete) a record of ``entity`` with these keys.

        What a user reads they write, except sessions and their attendance: those of a cohort are
        written by its trainers and the programme's coordinators (and admins); anyone else who reads
        them — a mentor, listed as cohort staff or not — writes only the sessions they created and
        those sessions' attendance. ``session_author``: who created the session (the record's own for
        a session, its session's for attendance; see ``session_author``), the caller for a new session.
        """
        if entity in SET_UP:
            return self.may_set_up(entity, keys)
        if not self.allows(entity, keys):
            return False
        if entity not in SESSION_BOUND:
            return True
        if keys.get("programme_id") in self.programme_ids or keys.get("cohort_id") in self.trained_cohort_ids:
            return True
        return session_author is not None and session_author == self.user_id

    def may_set_up(self, entity: str, keys: dict) -> bool:
        """Whether the user may write a set-up record with these keys (``organisation_id`` included).

        A programme's coordinators (and its organisation's admins) set up the programme, its sites,
        cohorts and own trades (copies, ``programme_id`` set); only an organisation's admins make a
        programme or change the shared trades.
        """
        if entity in TRADES:
            if keys.get("programme_id") is not None:
                return keys["programme_id"] in self.programme_ids
            return keys.get("organisation_id") in self.admin_organisation_ids
        if keys.get("programme_id") in self.programme_ids:
            return True
        return entity == "programme" and keys.get("organisation_id") in self.admin_organisation_ids


def session_author(session) -> str | None:
    """The user who created ``session`` (a record or None).

    A push stamps ``field_meta["id"]`` when it creates a record, and no later write touches it.
    Sessions synced before that stamp existed: the stamp of ``cohort_id``, which never changes
    and was set by the creating write. A session made outside sync (no stamp at all: the demo,
    an import) counts as made by the user it names as its writer.
    """
    if session is None:
        return None
    meta = session.field_meta or {}
    stamp = meta.get("id") or meta.get("cohort_id")
    if stamp:
        return stamp[2]
    return None if meta else session.updated_by_id


def administered_organisations(user) -> set:
    """The organisations ``user`` is an admin of: as a whole, or through an admin role in one of its programmes."""
    orgs = {a.organisation_id for a in getattr(user, "organisation_admin", ())}
    admin_of = [m.programme_id for m in user.memberships if m.role == "admin"]
    if admin_of:
        orgs |= set(db.session.scalars(select(Programme.organisation_id).where(Programme.id.in_(admin_of))))
    return orgs


def scope_for(user) -> Scope:
    """The ids a user's memberships reach, read from the database now."""
    programme_ids, member_ids = set(), set()
    for m in user.memberships:
        member_ids.add(m.programme_id)
        if m.role in ("coordinator", "admin"):
            programme_ids.add(m.programme_id)
    admin_orgs = administered_organisations(user)
    if admin_orgs:
        # the organisations they are admin of: a trainer's membership elsewhere makes them no admin there
        everything = set(db.session.scalars(select(Programme.id).where(Programme.organisation_id.in_(admin_orgs))))
        programme_ids |= everything
        member_ids |= everything
    staff_roles = {m.role for m in user.memberships if m.programme_id in member_ids}
    cohort_ids, trained_ids = set(), set()
    for cohort_id, role in db.session.execute(
            select(CohortStaff.cohort_id, CohortStaff.role)
            .join(Cohort, Cohort.id == CohortStaff.cohort_id)
            .where(CohortStaff.user_id == user.id, Cohort.programme_id.in_(member_ids))
            .where(CohortStaff.role.in_(staff_roles & {"trainer", "mentor"}))):
        cohort_ids.add(cohort_id)
        if role == "trainer":
            trained_ids.add(cohort_id)
    mentee_ids, mentee_cohorts = set(), set()
    if "mentor" in staff_roles:
        rows = db.session.execute(
            select(Participant.id, Participant.cohort_id)
            .join(MentoringGoal, MentoringGoal.participant_id == Participant.id)
            .where(MentoringGoal.mentor_id == user.id, MentoringGoal.deleted.is_(False))
            .where(Participant.programme_id.in_(member_ids))
        )
        for pid, cid in rows:
            mentee_ids.add(pid)
            if cid:
                mentee_cohorts.add(cid)
    return Scope(
        user_id=user.id,
        programme_ids=frozenset(programme_ids),
        member_programme_ids=frozenset(member_ids),
        cohort_ids=frozenset(cohort_ids),
        mentee_cohort_ids=frozenset(mentee_cohorts - cohort_ids),
        participant_ids=frozenset(mentee_ids),
        trained_cohort_ids=frozenset(trained_ids),
        admin_organisation_ids=frozenset(admin_orgs),
    )


#: whose phones a coordinator manages in the programmes they coordinate
DEVICE_MANAGED_ROLES = ("trainer", "mentor")


def device_users_filter(user, user_id_column):
    """A WHERE clause on ``user_id_column``: the users whose devices ``user`` sees and signs out.

    An admin: everyone with a role in a programme of their organisation. A coordinator:
    the trainers and mentors of the programmes they coordinate, never a coordinator or
    an admin (another one, or themselves) nor anyone outside. Anyone else: nobody.
    """
    admin_orgs = administered_organisations(user)
    coordinator_of = {m.programme_id for m in user.memberships if m.role == "coordinator"}
    clauses = []
    if admin_orgs:
        org_programmes = select(Programme.id).where(Programme.organisation_id.in_(sorted(admin_orgs)))
        members = select(Membership.user_id).where(Membership.programme_id.in_(org_programmes))
        clauses.append(user_id_column.in_(members))
    if coordinator_of:
        staff = select(Membership.user_id).where(Membership.programme_id.in_(sorted(coordinator_of)),
                                                 Membership.role.in_(DEVICE_MANAGED_ROLES))
        senior = select(Membership.user_id).where(Membership.role.in_(("coordinator", "admin")))
        clauses.append(and_(user_id_column.in_(staff), user_id_column.not_in(senior),
                            user_id_column.not_in(select(OrganisationAdmin.user_id))))
    return or_(*clauses) if clauses else false()


def manages_devices(user) -> bool:
    """Whether ``user`` has a devices page at all (coordinators and admins)."""
    return user.is_admin or any(m.role == "coordinator" for m in user.memberships)


def _any_in(column, ids):
    return column.in_(sorted(ids)) if ids else false()


def record_filter(scope: Scope, model):
    """A WHERE clause that keeps ``model``'s rows to the scope."""
    entity = model.entity
    if entity in TRADES:
        return and_(true_if(bool(scope.member_programme_ids)),
                    or_(model.programme_id.is_(None), _any_in(model.programme_id, scope.member_programme_ids)))
    if entity in ORGANISATION_REFERENCE:
        return true_if(bool(scope.member_programme_ids))
    if entity == "programme":
        return _any_in(model.id, scope.member_programme_ids)
    clauses = [_any_in(model.programme_id, scope.programme_ids)]
    if entity in PROGRAMME_REFERENCE:
        clauses.append(_any_in(model.programme_id, scope.member_programme_ids))
    elif entity == "cohort":
        clauses.append(_any_in(model.id, scope.cohort_ids | scope.mentee_cohort_ids))
    elif entity == "session":
        clauses.append(_any_in(model.cohort_id, scope.cohort_ids | scope.mentee_cohort_ids))
        # private mentoring sessions (no cohort) of the user's mentees
        clauses += [json_list_contains(model.mentee_ids, pid) for pid in sorted(scope.participant_ids)]
    else:
        clauses.append(_any_in(model.cohort_id, scope.cohort_ids))
        participant_col = model.id if entity == "participant" else getattr(model, "participant_id", None)
        if participant_col is not None:
            clauses.append(_any_in(participant_col, scope.participant_ids))
    return or_(*clauses)


def changelog_filter(scope: Scope):
    """A WHERE clause on ChangeLog rows the user may pull."""
    entity = ChangeLog.entity
    clauses = [_any_in(ChangeLog.programme_id, scope.programme_ids)]
    if scope.member_programme_ids:
        clauses.append(entity.in_(sorted(ORGANISATION_REFERENCE - TRADES)))
        clauses.append(and_(entity.in_(sorted(TRADES)), or_(
            ChangeLog.programme_id.is_(None), _any_in(ChangeLog.programme_id, scope.member_programme_ids))))
        clauses.append(and_(entity.in_(sorted(PROGRAMME_REFERENCE)),
                            _any_in(ChangeLog.programme_id, scope.member_programme_ids)))
    if scope.cohort_ids or scope.mentee_cohort_ids:
        clauses.append(and_(entity.in_(sorted(COHORT_LEVEL)),
                            _any_in(ChangeLog.cohort_id, scope.cohort_ids | scope.mentee_cohort_ids)))
    if scope.cohort_ids:
        clauses.append(and_(entity.not_in(sorted(COHORT_LEVEL | PROGRAMME_REFERENCE | ORGANISATION_REFERENCE)),
                            _any_in(ChangeLog.cohort_id, scope.cohort_ids)))
    if scope.participant_ids:
        clauses.append(_any_in(ChangeLog.participant_id, scope.participant_ids))
    return or_(*clauses)


def json_list_contains(column, value: str):
    """Whether a JSON list of ids holds ``value`` (ids are UUIDs: no quotes, no LIKE wildcards)."""
    from sqlalchemy import Text, cast

    return cast(column, Text).like(f'%"{value}"%')


def true_if(condition: bool):
    from sqlalchemy import true

    return true() if condition else false()
