"""The set-up entities (programme, site, cohort, trade, skill) on the one write path: schema, rules, scope, log."""
import uuid
from datetime import date

import pytest
from sqlalchemy import select

from api.sync.server_write import server_write
from api.sync.validate import Rejection
from models import AuditLog, ChangeLog, Cohort, Occupation, Programme, Skill, db
from security.scope import changelog_filter, scope_for
from tests.review_fixtures import make_assessment, w  # noqa: F401

RUBRIC = [{"level": i, "label": label} for i, label in enumerate(["Not yet", "With help", "Alone", "Competent",
                                                                   "Teaches others"])]


def _refused(reason, user, entity, record_id, data, field=None):
    with pytest.raises(Rejection) as caught:
        server_write(db.session, user, entity, record_id, data)
    db.session.rollback()
    assert caught.value.reason in reason.split("|"), caught.value.errors
    if field:
        assert field in caught.value.errors, caught.value.errors
    return caught.value


def _programme(org_id, code="koszeg-pact", **extra):
    return {"organisation_id": org_id, "code": code, "name": "Kőszeg employment pact", "donor": "EU ESF+",
            "default_locale": "hu", "starts_on": "2026-01-01", "ends_on": "2028-12-31",
            "targets": {"participants": 120, "women": 60, "jobs": 40}, **extra}


def test_an_admin_makes_a_programme_and_it_is_logged_audited_and_pulled(app, w, db_session):
    programme = server_write(db_session, w.admin, "programme", None, _programme(w.org.id))
    db_session.commit()
    assert (programme.code, programme.targets["jobs"], programme.version > 0) == ("koszeg-pact", 40, True)
    row = db_session.scalar(select(ChangeLog).where(ChangeLog.record_id == programme.id))
    assert row.seq == programme.version
    detail = db_session.scalar(select(AuditLog.detail).where(AuditLog.record_id == programme.id))
    assert detail["before"] is None and detail["after"]["code"] == "koszeg-pact"
    change = server_write(db_session, w.admin, "programme", programme.id, {"targets": {"jobs": 45}})
    db_session.commit()
    audit = db_session.scalars(select(AuditLog.detail).where(AuditLog.record_id == programme.id)).all()[-1]
    assert audit["before"] == {"targets": {"participants": 120, "women": 60, "jobs": 40}}
    assert change.targets == {"jobs": 45}


@pytest.mark.parametrize("who", ["coordinator", "trainer", "mentor"])
def test_only_an_admin_of_the_organisation_makes_a_programme(app, w, db_session, who):
    _refused("forbidden", getattr(w.a, who), "programme", None, _programme(w.org.id))
    assert db_session.scalar(select(Programme).where(Programme.code == "koszeg-pact")) is None


def test_bad_programmes_are_refused_with_the_field_named(app, w, db_session):
    _refused("validation", w.admin, "programme", None, _programme(w.org.id, code="prog-a"), "code")
    _refused("validation", w.admin, "programme", None, _programme(w.org.id, ends_on="2025-01-01"), "ends_on")
    _refused("validation", w.admin, "programme", None, _programme(w.org.id, targets={"happiness": 3}), "targets")
    _refused("validation", w.admin, "programme", None, _programme(str(uuid.uuid4())), "organisation_id")
    _refused("validation", w.admin, "programme", w.a.programme.id, {"competent_level": 7}, "competent_level")


def test_a_coordinator_sets_up_their_programme_and_no_other(app, w, db_session):
    server_write(db_session, w.a.coordinator, "programme", w.a.programme.id, {"targets": {"jobs": 9}})
    db_session.commit()
    _refused("forbidden", w.a.coordinator, "programme", w.b.programme.id, {"targets": {"jobs": 9}})
    _refused("forbidden", w.a.coordinator, "site", None, {"programme_id": w.b.programme.id, "name": "KOFIX"})
    site = server_write(db_session, w.a.coordinator, "site", None,
                        {"programme_id": w.a.programme.id, "name": "KOFIX d.o.o.", "city": "Ključ"})
    db_session.commit()
    assert site.programme_id == w.a.programme.id


def _cohort(w, **extra):
    return {"programme_id": w.a.programme.id, "occupation_id": w.occupation.id, "site_id": w.a.site.id,
            "code": "a3", "name": "Cohort A3", "starts_on": "2027-01-10", "ends_on": "2027-06-30",
            "trainer_ids": [w.a.trainer.id], **extra}


def test_a_cohort_reaches_its_trainers_phone_by_pull(app, w, db_session):
    cohort = server_write(db_session, w.a.coordinator, "cohort", None, _cohort(w))
    db_session.commit()
    assert cohort.trainer_ids == [w.a.trainer.id]
    pulled = db_session.scalars(select(ChangeLog.record_id).where(changelog_filter(scope_for(w.a.trainer)))).all()
    assert cohort.id in pulled
    server_write(db_session, w.a.coordinator, "cohort", cohort.id, {"trainer_ids": [], "mentor_ids": [w.a.mentor.id]})
    db_session.commit()
    assert (cohort.trainer_ids, cohort.mentor_ids) == ([], [w.a.mentor.id])


@pytest.mark.parametrize("bad, field", [
    ({"ends_on": "2026-12-31"}, "ends_on"),                 # ends before it starts
    ({"code": "a1"}, "code"),                               # the code of another cohort of the programme
    ({"code": "A 1"}, "code"),
    ({"site_id": "@b.site"}, "site_id"),                    # another programme's site
    ({"trainer_ids": ["@b.trainer"]}, "trainer_ids"),      # a trainer of another programme
    ({"trainer_ids": ["@a.mentor"]}, "trainer_ids"),       # not a trainer
    ({"occupation_id": str(uuid.UUID(int=3))}, "occupation_id"),
])
def test_bad_cohorts_are_refused_and_nothing_is_written(app, w, db_session, bad, field):
    def resolve(value):
        if isinstance(value, list):
            return [resolve(v) for v in value]
        if isinstance(value, str) and value.startswith("@"):
            key, name = value[1:].split(".")
            return getattr(getattr(w, key), name).id
        return value

    _refused("validation|forbidden", w.a.coordinator, "cohort", None,
             _cohort(w, **{k: resolve(v) for k, v in bad.items()}), field)
    assert db_session.scalar(select(Cohort).where(Cohort.code == "a3")) is None


def test_trades_are_the_admins_and_a_level_in_use_stays(app, w, db_session):
    data = {"organisation_id": w.org.id, "code": "pvc-al", "name": "PVC/aluminium fitter",
            "labels": {"bs": "Monter PVC/Al stolarije"}, "rubric": RUBRIC}
    _refused("forbidden", w.a.coordinator, "occupation", None, data)
    trade = server_write(db_session, w.admin, "occupation", None, data)
    skills = [server_write(db_session, w.admin, "skill", None, {"occupation_id": trade.id, "position": i,
                                                                 "code": f"s{i}", "name": f"Skill {i}"})
              for i in range(6)]
    db_session.commit()
    assert [level["level"] for level in trade.rubric_levels] == [0, 1, 2, 3, 4] and len(skills) == 6
    _refused("validation", w.admin, "skill", None, {"occupation_id": trade.id, "position": 9, "code": "s1",
                                                     "name": "Again"}, "code")
    cohort = server_write(db_session, w.a.coordinator, "cohort", None, _cohort(w, occupation_id=trade.id))
    make_assessment(w.a.participants[0], skills[0], 4, date(2026, 11, 2))
    db_session.commit()
    _refused("validation", w.admin, "occupation", trade.id, {"rubric": RUBRIC[:4]}, "rubric")  # level 4 is used
    _refused("validation", w.admin, "occupation", trade.id, {"rubric": [RUBRIC[0], RUBRIC[2]]}, "rubric")
    renamed = [dict(level, label=level["label"].upper()) for level in RUBRIC]
    server_write(db_session, w.admin, "occupation", trade.id, {"rubric": renamed})
    db_session.commit()
    assert db_session.get(Occupation, trade.id).rubric_levels[4]["label"] == "TEACHES OTHERS"
    assert cohort.occupation_id == trade.id and db_session.scalar(select(Skill.id).where(Skill.code == "s5"))


def test_phones_still_cannot_push_set_up_entities(client, api, w):
    from tests.sync.conftest import SyncDevice

    phone = SyncDevice(api("coord_a"))
    result = phone.sync([phone.change("site", str(uuid.uuid4()), {"programme_id": w.a.programme.id,
                                                                  "name": "Sneaky"})])["results"][0]
    assert (result["status"], result["reason"]) == ("rejected", "read_only")


def _own_trade(w, programme, code="cnc.own", **extra):
    return {"organisation_id": w.org.id, "programme_id": programme.id, "code": code, "name": "CNC (own)",
            "rubric": RUBRIC, **extra}


def test_a_programmes_own_trade_is_its_coordinators_and_is_logged_under_the_programme(app, w, db_session):
    _refused("forbidden", w.b.coordinator, "occupation", None, _own_trade(w, w.a.programme))
    _refused("forbidden", w.a.trainer, "occupation", None, _own_trade(w, w.a.programme))
    trade = server_write(db_session, w.a.coordinator, "occupation", None,
                         _own_trade(w, w.a.programme, copied_from_id=w.occupation.id))
    skill = server_write(db_session, w.a.coordinator, "skill", None, {"occupation_id": trade.id, "position": 0,
                                                                     "code": "s0", "name": "Read a drawing"})
    db_session.commit()
    assert (skill.programme_id, trade.copied_from_id) == (w.a.programme.id, w.occupation.id)
    logged = dict(db_session.execute(select(ChangeLog.record_id, ChangeLog.programme_id).where(
        ChangeLog.record_id.in_([trade.id, skill.id]))).all())
    assert logged == {trade.id: w.a.programme.id, skill.id: w.a.programme.id}
    # coordinator B neither changes it nor adds to it; its programme and origin never change
    _refused("forbidden", w.b.coordinator, "occupation", trade.id, {"name": "Taken over"})
    _refused("forbidden", w.b.coordinator, "skill", skill.id, {"name": "Taken over"})
    _refused("forbidden", w.b.coordinator, "skill", None, {"occupation_id": trade.id, "position": 1, "code": "s1",
                                                          "name": "Added"})
    _refused("validation", w.a.coordinator, "occupation", trade.id, {"programme_id": w.b.programme.id},
             "programme_id")
    _refused("validation", w.admin, "occupation", trade.id, {"copied_from_id": None}, "copied_from_id")
    # a shared trade stays the admins'
    _refused("forbidden", w.a.coordinator, "occupation", None,
             _own_trade(w, w.a.programme, code="x", programme_id=None))
    _refused("forbidden", w.a.coordinator, "skill", w.skills[0].id, {"name": "Renamed"})
    # pulls: programme A's members see it, B's do not
    scope_a, scope_b = scope_for(w.a.mentor), scope_for(w.b.trainer)
    def visible(scope):
        return set(db_session.scalars(select(ChangeLog.record_id).where(changelog_filter(scope))))
    assert {trade.id, skill.id} <= visible(scope_a) and not {trade.id, skill.id} & visible(scope_b)
    assert w.occupation.id in visible(scope_b)


def test_an_own_trade_of_another_organisations_programme_is_refused(app, w, db_session):
    from models import Organisation

    other = Organisation(name="Elsewhere")
    db_session.add(other)
    db_session.commit()
    _refused("validation", w.admin, "occupation", None, {**_own_trade(w, w.a.programme), "organisation_id": other.id},
             "programme_id")


def test_an_organisation_admin_without_any_programme_yet_makes_a_trade_with_skills(app, w, db_session):
    """The first admin of a deployment administers the organisation before any programme exists."""
    from api import accounts

    organisation = accounts.organisation_for("Kőszeg employment pact partners")
    admin, _issued = accounts.make_organisation_admin(None, organisation, username="first.admin",
                                                      display_name="First Admin", password="first-admin-pw-1")
    db_session.commit()
    trade = server_write(db_session, admin, "occupation", None, {
        "organisation_id": organisation.id, "code": "koszeg-cnc", "name": "CNC operator", "rubric": RUBRIC})
    skill = server_write(db_session, admin, "skill", None, {
        "occupation_id": trade.id, "position": 1, "code": "cnc.drawings", "name": "Reading drawings"})
    db_session.commit()
    assert db_session.get(Skill, skill.id).occupation_id == trade.id
