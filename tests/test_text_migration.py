"""Migration 0003t cleans text stored before the text rule, and phones get the clean copy.

Stored text with characters no export or XML reader takes (and, on SQLite, lone
surrogates inside JSON) is cleaned; a one-line field loses its tabs and line
breaks; a changed synced record gets a new version, so a device pulls it, and
resending the whole record afterwards (as the phone does when fixing another
field) is accepted.
"""
import uuid
from datetime import date, datetime, timezone

from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from models import ChangeLog, DeviceToken, Participant, SurveyForm, SurveyResponse, TrainingSession, db
from tests.factories import add, make_participant
from tests.sync.conftest import SyncDevice, change, device, ids, in_db  # noqa: F401


def _store_bad_text(w):
    sqlite = db.engine.dialect.name == "sqlite"
    person = make_participant(w.a.programme, w.a.cohort, "A-\x01X", given_name="Ana\x0b", family_name="Beg\tić",
                              exit_reason="moved\x1b[0m", exited_on=date(2026, 11, 20))
    clean_person = make_participant(w.a.programme, w.a.cohort, "A-CLEAN")
    w.a.session.notes = "gloves\tand\nboots\x0c"
    w.a.session.topic = "Tool\nchange"
    form = add(SurveyForm(programme_id=w.a.programme.id, code="exit", form_version=1, title="Exit", questions=[]))
    answers = {"q1": "yes\x0b\nno", "q\x01": ["\x1b", {"k\x00": "v\x08"}]}
    if sqlite:
        answers["q2"] = "half \ud83d emoji"
    response = add(SurveyResponse(programme_id=w.a.programme.id, cohort_id=w.a.cohort.id, form_id=form.id,
                                  form_version=1, participant_id=person.id, answers=answers,
                                  collected_on=date(2026, 11, 2)))
    db.session.add(DeviceToken(user_id=w.a.trainer.id, device_id=str(uuid.uuid4()), device_name="Phone\x07",
                               token_hash=uuid.uuid4().hex * 2, expires_at=datetime(2027, 1, 1, tzinfo=timezone.utc)))
    db.session.commit()
    return {"person": person.id, "clean": clean_person.id, "session": w.a.session.id, "survey": response.id}


def test_stored_text_is_cleaned_and_devices_pull_the_clean_copy(app, world, device, ids):
    d = device("coord_a")
    d.pull_all()
    with app.app_context():
        w = _world_objects(world)
        stored = _store_bad_text(w)
        versions = {k: db.session.get(model, stored[k]).version for k, model in
                    (("person", Participant), ("clean", Participant), ("session", TrainingSession),
                     ("survey", SurveyResponse))}
        d.pull_all()
        downgrade(revision="0002w")
        upgrade()
        db.session.expire_all()
        person = db.session.get(Participant, stored["person"])
        assert (person.code, person.given_name, person.family_name, person.exit_reason) == (
            "A-\ufffdX", "Ana", "Beg ić", "moved[0m")
        session = db.session.get(TrainingSession, stored["session"])
        assert (session.notes, session.topic) == ("gloves\tand\nboots", "Tool change")
        answers = db.session.get(SurveyResponse, stored["survey"]).answers
        assert answers["q1"] == "yes\nno" and answers["q"] == ["", {"k": "v"}]
        assert answers.get("q2", "half  emoji") == "half  emoji"
        assert db.session.scalar(select(DeviceToken.device_name).where(DeviceToken.device_name.like("Phone%"))) \
            == "Phone"
        assert db.session.get(Participant, stored["clean"]).version == versions["clean"]
        for key, model in (("person", Participant), ("session", TrainingSession), ("survey", SurveyResponse)):
            record = db.session.get(model, stored[key])
            assert record.version > versions[key]
            assert db.session.scalar(select(ChangeLog.seq).where(ChangeLog.record_id == record.id,
                                                                 ChangeLog.op == "upsert")) == record.version
    pulled = {c["id"]: c["data"] for c in d.pull_all()}
    assert pulled[stored["person"]]["given_name"] == "Ana"
    assert pulled[stored["survey"]]["answers"]["q1"] == "yes\nno"
    # the phone resends the whole record with one field fixed: nothing it did not touch is refused
    data = dict(pulled[stored["person"]], birth_year=2001)
    data = {k: v for k, v in data.items() if k not in ("updated_at", "updated_by", "deleted", "version")}
    result = d.sync([change(d, "participant", stored["person"], data)])["results"][0]
    assert result["status"] in ("applied", "conflict"), result


def _world_objects(world):
    from types import SimpleNamespace

    def attach(value):
        if isinstance(value, SimpleNamespace):
            return SimpleNamespace(**{k: attach(v) for k, v in vars(value).items()})
        if isinstance(value, list):
            return [attach(v) for v in value]
        return db.session.merge(value)

    return attach(world)
