"""Staff accounts in the browser (/admin/programmes/<id>/staff) and first sign-in with a one-time code (/welcome).

Over HTTP with the test client on the real database; the service behind both is api/accounts/.
"""
import html
import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from models import AuditLog, ChangeLog, CohortStaff, DeviceToken, Membership, SignInCode, User, utcnow
from tests.conftest import PASSWORD
from tests.review_fixtures import csrf_from, sign_in

NEW_PASSWORD = "a-new-password-1"


def staff_url(programme, *rest):
    return "/".join([f"/admin/programmes/{programme.id}/staff", *rest])


def post_form(client, page_url, action_url, data):
    """POST a form the way the browser does: CSRF token read from the page first."""
    token = csrf_from(client.get(page_url).get_data(as_text=True))
    return client.post(action_url, data={"csrf_token": token, **data})


def create(client, programme, **fields):
    data = {"display_name": "Emina Hodžić", "username": "emina", "role": "trainer", **fields}
    return post_form(client, staff_url(programme), staff_url(programme), data)


def code_and_link(response):
    page = response.get_data(as_text=True)
    code = re.search(r'class="code-value" translate="no">([A-Z0-9-]+)<', page).group(1)
    link = re.search(r'href="http://localhost(/welcome/[^"]+)"', page).group(1)
    return code, link


def welcome(client, username, code, password=NEW_PASSWORD, again=None):
    return post_form(client, "/welcome", "/welcome", {"username": username, "code": code, "password": password,
                                                      "password_again": password if again is None else again})


def count(db_session, model, *where):
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(model).where(*where))


def user_named(db_session, username):
    db_session.expire_all()
    return db_session.scalar(select(User).where(User.username == username))


def last_seq(db_session):
    db_session.expire_all()
    return db_session.scalar(select(func.coalesce(func.max(ChangeLog.seq), 0)))


def logged_since(db_session, seq, entity, record_id) -> bool:
    """Whether the record's change reached the change log after ``seq`` (phones pull it)."""
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(ChangeLog).where(
        ChangeLog.entity == entity, ChangeLog.record_id == record_id, ChangeLog.seq > seq)) > 0


def errors_of(response):
    found = re.findall(r'<span class="error" role="alert">([^<]+)</span>', response.get_data(as_text=True))
    return [html.unescape(re.sub(r"\s+", " ", m)) for m in found]


# --- create, list, first sign-in -------------------------------------------------------------------------


def test_coordinator_creates_a_trainer_with_cohorts_and_sees_the_code_once(world, client, db_session):
    sign_in(client, "coord_a")
    seq = last_seq(db_session)
    response = create(client, world.a.programme, display_name="Емина Хоџић", username="Emina",
                      cohorts=[world.a.cohort.id, world.a.other_cohort.id], diaspora="1")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    code, link = code_and_link(response)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    user = user_named(db_session, "Emina")
    assert user.display_name == "Емина Хоџић" and user.username_key == "emina" and user.diaspora and user.active
    assert [(m.programme_id, m.role) for m in user.memberships] == [(world.a.programme.id, "trainer")]
    assert set(db_session.scalars(select(CohortStaff.cohort_id).where(CohortStaff.user_id == user.id))) == {
        world.a.cohort.id, world.a.other_cohort.id}
    assert not user.password_hash.startswith("$argon2")  # no password until the person sets one
    # stored hashed only, valid 72 hours
    row = db_session.scalar(select(SignInCode).where(SignInCode.user_id == user.id))
    assert code.replace("-", "") not in row.code_hash and link.rsplit("/", 1)[1] not in row.token_hash
    assert row.expires_at - row.created_at == timedelta(hours=72)
    # phones pull the new user and the cohorts' staff; the audit log says who did what
    assert logged_since(db_session, seq, "user", user.id)
    assert logged_since(db_session, seq, "cohort", world.a.cohort.id)
    assert logged_since(db_session, seq, "cohort", world.a.other_cohort.id)
    audit = db_session.scalar(select(AuditLog).where(AuditLog.action == "user_created"))
    assert audit.user_id == world.a.coordinator.id and audit.record_id == user.id
    assert audit.detail["before"] is None and audit.detail["after"]["roles"] == ["trainer"]
    assert audit.detail["after"]["cohorts"] == ["a1", "a2"]
    # the list shows them; the code is never shown again
    listing = client.get(staff_url(world.a.programme)).get_data(as_text=True)
    assert "Емина Хоџић" in listing and "a1, a2" in listing and code not in listing
    person = client.get(staff_url(world.a.programme, user.id)).get_data(as_text=True)
    assert code not in person


def test_first_sign_in_with_the_code_sets_the_password_once(world, client, app, api, db_session):
    sign_in(client, "coord_a")
    code, _link = code_and_link(create(client, world.a.programme))
    phone = app.test_client()
    page = phone.get("/welcome")
    assert page.status_code == 200 and 'name="code"' in page.get_data(as_text=True)
    done = welcome(phone, "EMINA", code.lower().replace("-", " "))  # typed loosely: case, spaces
    assert done.status_code == 200, errors_of(done)
    assert "sign in on your phone" in done.get_data(as_text=True)
    assert user_named(db_session, "emina").password_hash.startswith("$argon2id$")
    assert api("emina", password=NEW_PASSWORD).get("/me").status_code == 200
    # used twice, a wrong code and an unknown username: the same message, naming the code
    again = welcome(phone, "emina", code, password="another-password-2")
    wrong = welcome(phone, "emina", "AAAA-BBBB-CCCC")
    nobody = welcome(phone, "nobody-at-all", code)
    assert again.status_code == wrong.status_code == nobody.status_code == 400
    assert errors_of(again) == errors_of(wrong) == errors_of(nobody)
    assert "code" in errors_of(again)[0]
    assert api("emina", password=NEW_PASSWORD).get("/me").status_code == 200  # unchanged


def test_the_link_sets_the_password_once(world, client, app, api, db_session):
    sign_in(client, "coord_a")
    _code, link = code_and_link(create(client, world.a.programme))
    phone = app.test_client()
    page = phone.get(link)
    assert page.status_code == 200 and "Emina Hodžić" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    done = post_form(phone, link, link, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert done.status_code == 200, errors_of(done)
    assert api("emina", password=NEW_PASSWORD).get("/me").status_code == 200
    assert phone.get(link).status_code == 404
    token = csrf_from(phone.get("/welcome").get_data(as_text=True))
    reuse = phone.post(link, data={"csrf_token": token, "password": "x-password-22", "password_again": "x-password-22"})
    assert reuse.status_code == 404
    assert count(db_session, AuditLog, AuditLog.action == "password_set") == 1


def test_a_code_expires_after_72_hours(world, client, app, db_session):
    sign_in(client, "coord_a")
    code, link = code_and_link(create(client, world.a.programme))
    row = db_session.scalar(select(SignInCode))
    row.expires_at = utcnow() - timedelta(seconds=1)
    row.created_at = row.expires_at - timedelta(hours=72)
    db_session.commit()
    phone = app.test_client()
    expired = welcome(phone, "emina", code)
    assert expired.status_code == 400 and "expired" in errors_of(expired)[0]
    assert phone.get(link).status_code == 404
    assert not user_named(db_session, "emina").password_hash.startswith("$argon2")


@pytest.mark.parametrize("password, again, field, message", [
    ("short-pw", "short-pw", "password", "at least 10 characters"),
    ("long-enough-1", "long-enough-2", "password_again", "not the same"),
])
def test_welcome_refuses_short_or_different_passwords_and_keeps_the_code(world, client, app, api, password, again,
                                                                          field, message):
    sign_in(client, "coord_a")
    code, _link = code_and_link(create(client, world.a.programme))
    phone = app.test_client()
    refused = welcome(phone, "emina", code, password=password, again=again)
    assert refused.status_code == 400 and any(message in e for e in errors_of(refused))
    assert 'id="%s-error"' % field.replace("_", "-") in refused.get_data(as_text=True)
    assert welcome(phone, "emina", code).status_code == 200  # the code was not spent


def test_welcome_wears_the_sign_in_limits(world, client, app):
    phone = app.test_client()
    token = csrf_from(phone.get("/welcome").get_data(as_text=True))
    statuses = [phone.post("/welcome", data={"csrf_token": token, "username": "emina", "code": "AAAA-BBBB-CCCC",
                                            "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}).status_code
                for _ in range(11)]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429


# --- bad input: a clear error naming the field, nothing written ------------------------------------------


@pytest.mark.parametrize("fields, field_error", [
    ({"username": "TRAINER_A"}, "username is taken"),
    ({"username": "\uff34\uff52\uff41\uff49\uff4e\uff45\uff52_\uff41"}, "username is taken"),  # full-width
    ({"username": "two words"}, "without spaces"),
    ({"username": ""}, "Enter a username"),
    ({"display_name": "   "}, "Enter the person's name"),
    ({"display_name": ""}, "Enter the person's name"),
    ({"role": "boss"}, "role does not exist"),
    ({"role": "coordinator"}, "may not give this role"),
    ({"cohorts": "B-COHORT"}, "not a cohort of this programme"),
    ({"cohorts": "no-such-cohort"}, "not a cohort of this programme"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(world, client, db_session, fields,
                                                                      field_error):
    if fields.get("cohorts") == "B-COHORT":
        fields = {**fields, "cohorts": world.b.cohort.id}
    sign_in(client, "coord_a")
    users_before = count(db_session, User)
    logged_before = last_seq(db_session)
    response = create(client, world.a.programme, **fields)
    assert response.status_code == 400
    assert any(field_error in e for e in errors_of(response)), errors_of(response)
    assert count(db_session, User) == users_before and last_seq(db_session) == logged_before
    assert count(db_session, AuditLog, AuditLog.action == "user_created") == 0


# --- per person -----------------------------------------------------------------------------------------


def test_deactivating_a_trainer_signs_out_their_phone_at_the_next_request_and_their_cookie_at_once(
        world, client, app, api, db_session):
    phone = api("trainer_a")
    assert phone.get("/me").status_code == 200
    browser = sign_in(app.test_client(), "trainer_a")
    assert browser.get("/review").status_code in (200, 403)  # signed in (a trainer has no review pages)
    sign_in(client, "coord_a")
    trainer = world.a.trainer
    seq = last_seq(db_session)
    response = post_form(client, staff_url(world.a.programme, trainer.id),
                         staff_url(world.a.programme, trainer.id, "deactivate"), {})
    assert response.status_code == 302
    assert phone.get("/me").status_code == 401
    assert phone.post("/sync", json={"since": 0, "changes": []}).status_code == 401
    signed_out = browser.get("/review")
    assert signed_out.status_code == 302 and "/login" in signed_out.headers["Location"]
    assert count(db_session, DeviceToken, DeviceToken.user_id == trainer.id, DeviceToken.revoked_at.is_(None)) == 0
    assert not user_named(db_session, "trainer_a").active
    # cannot sign in again; the change reaches phones; the audit log has before → after
    assert client.post("/api/v1/auth/token", json={"username": "trainer_a", "password": PASSWORD,
                                                   "device_id": str(uuid.uuid4())}).status_code == 401
    assert logged_since(db_session, seq, "user", trainer.id)
    audit = db_session.scalar(select(AuditLog).where(AuditLog.action == "user_deactivated"))
    assert audit.detail["before"]["active"] is True and audit.detail["after"]["active"] is False
    assert audit.detail["devices_revoked"] == 1 and audit.user_id == world.a.coordinator.id
    # reactivated: signs in again with their password
    assert post_form(client, staff_url(world.a.programme, trainer.id),
                     staff_url(world.a.programme, trainer.id, "reactivate"), {}).status_code == 302
    assert api("trainer_a").get("/me").status_code == 200
    assert count(db_session, AuditLog, AuditLog.action == "user_reactivated") == 1


def test_a_token_of_a_deactivated_user_is_refused_even_if_not_revoked(world, api, db_session):
    """The bearer-token guard itself refuses an inactive user's token (belt and braces)."""
    phone = api("trainer_a")
    user = user_named(db_session, "trainer_a")
    user.active = False
    db_session.commit()
    assert phone.get("/me").status_code == 401


def test_reset_password_gives_a_new_code_and_kills_the_old_password_and_codes(world, client, app, api, db_session):
    sign_in(client, "coord_a")
    first_code, first_link = code_and_link(create(client, world.a.programme))
    user = user_named(db_session, "emina")
    person = staff_url(world.a.programme, user.id)
    code, link = code_and_link(post_form(client, person, staff_url(world.a.programme, user.id, "reset-password"), {}))
    phone = app.test_client()
    assert welcome(phone, "emina", first_code).status_code == 400  # the old code died
    assert phone.get(first_link).status_code == 404
    assert welcome(phone, "emina", code).status_code == 200
    # a reset of someone who has a password: the old one stops working at once
    trainer = world.a.trainer
    code, _ = code_and_link(post_form(client, staff_url(world.a.programme, trainer.id),
                                      staff_url(world.a.programme, trainer.id, "reset-password"), {}))
    assert client.post("/api/v1/auth/token", json={"username": "trainer_a", "password": PASSWORD,
                                                   "device_id": str(uuid.uuid4())}).status_code == 401
    assert welcome(phone, "trainer_a", code).status_code == 200
    assert api("trainer_a", password=NEW_PASSWORD).get("/me").status_code == 200
    assert count(db_session, AuditLog, AuditLog.action == "user_password_reset") == 2


def test_change_role_cohorts_and_diaspora(world, client, db_session):
    sign_in(client, "coord_a")
    trainer = world.a.trainer
    page = staff_url(world.a.programme, trainer.id)
    seq = last_seq(db_session)
    assert post_form(client, page, page + "/cohorts",
                     {"cohorts": [world.a.cohort.id, world.a.other_cohort.id]}).status_code == 302
    assert post_form(client, page, page + "/role", {"role": "mentor"}).status_code == 302
    rows = db_session.scalars(select(CohortStaff).where(CohortStaff.user_id == trainer.id)).all()
    assert sorted((r.cohort_id, r.role) for r in rows) == sorted(
        [(world.a.cohort.id, "mentor"), (world.a.other_cohort.id, "mentor")])
    assert [m.role for m in user_named(db_session, "trainer_a").memberships] == ["mentor"]
    assert post_form(client, page, page + "/diaspora", {"diaspora": "1"}).status_code == 302
    assert user_named(db_session, "trainer_a").diaspora
    audit = db_session.scalar(select(AuditLog).where(AuditLog.action == "user_role_changed"))
    assert audit.detail["before"]["roles"] == ["trainer"] and audit.detail["after"]["roles"] == ["mentor"]
    # the user's change reaches phones (display name, role)
    assert logged_since(db_session, seq, "user", trainer.id)
    assert logged_since(db_session, seq, "cohort", world.a.other_cohort.id)
    # refused: another programme's cohort, a role that does not exist, a role above the coordinator's
    for action, data, message in [("cohorts", {"cohorts": world.b.cohort.id}, "not a cohort of this programme"),
                                  ("role", {"role": "king"}, "role does not exist"),
                                  ("role", {"role": "admin"}, "may not give this role")]:
        before = count(db_session, AuditLog)
        refused = post_form(client, page, f"{page}/{action}", data)
        assert refused.status_code == 400 and any(message in e for e in errors_of(refused))
        assert count(db_session, AuditLog) == before
    assert [m.role for m in user_named(db_session, "trainer_a").memberships] == ["mentor"]


# --- who may do what ------------------------------------------------------------------------------------

ACTIONS = [("role", {"role": "trainer"}), ("cohorts", {"cohorts": []}), ("diaspora", {"diaspora": "1"}),
           ("deactivate", {}), ("reactivate", {}), ("reset-password", {})]


def test_a_coordinator_cannot_see_or_change_admins_coordinators_or_another_programme(world, client, db_session,
                                                                                        password_hash):
    from tests.factories import make_user
    from models import db

    with client.application.app_context():
        other_coordinator = make_user("coord_a2", password_hash, ("coordinator", world.a.programme))
        db.session.commit()
        other_coordinator_id = other_coordinator.id
    sign_in(client, "coord_a")
    listing = client.get(staff_url(world.a.programme)).get_data(as_text=True)
    assert "Trainer A" in listing and "Mentor A" in listing
    assert "Admin" not in re.sub(r"<option[^>]*>[^<]*</option>", "", listing.split("<tbody>")[1].split("</tbody>")[0])
    assert "Coord A2" not in listing
    assert client.get(staff_url(world.b.programme)).status_code == 404
    page = staff_url(world.a.programme)
    token = csrf_from(client.get(page).get_data(as_text=True))
    audit_before = count(db_session, AuditLog)
    users_before = [(u.id, u.active, u.password_hash, u.session_epoch, sorted(m.role for m in u.memberships))
                    for u in db_session.scalars(select(User).order_by(User.id))]
    targets = [(world.a.programme, world.admin.id), (world.a.programme, other_coordinator_id),
               (world.a.programme, world.b.trainer.id), (world.b.programme, world.b.trainer.id)]
    for programme, user_id in targets:
        assert client.get(staff_url(programme, user_id)).status_code == 404
        for action, data in ACTIONS:
            response = client.post(staff_url(programme, user_id, action), data={"csrf_token": token, **data})
            assert response.status_code == 404, (user_id, action)
    assert client.post(staff_url(world.b.programme), data={"csrf_token": token, "username": "x_user",
                                                           "display_name": "X", "role": "trainer"}).status_code == 404
    db_session.expire_all()
    assert [(u.id, u.active, u.password_hash, u.session_epoch, sorted(m.role for m in u.memberships))
            for u in db_session.scalars(select(User).order_by(User.id))] == users_before
    assert count(db_session, AuditLog) == audit_before


def test_trainers_and_mentors_have_no_staff_pages(world, client):
    sign_in(client, "trainer_a")
    assert client.get(staff_url(world.a.programme)).status_code == 403
    assert client.get(staff_url(world.a.programme, world.a.mentor.id)).status_code == 403


def test_an_admin_makes_coordinators_and_manages_them(world, client, db_session):
    sign_in(client, "admin")
    listing = client.get(staff_url(world.b.programme)).get_data(as_text=True)
    assert "Coord B" in listing and "Trainer B" in listing
    response = create(client, world.b.programme, username="jana", display_name="Jana Nováková", role="coordinator")
    assert response.status_code == 200
    jana = user_named(db_session, "jana")
    assert [(m.programme_id, m.role) for m in jana.memberships] == [(world.b.programme.id, "coordinator")]
    page = staff_url(world.b.programme, world.b.coordinator.id)
    assert "Save cohorts" not in client.get(page).get_data(as_text=True)  # coordinators have no cohorts
    assert post_form(client, page, page + "/deactivate", {}).status_code == 302
    assert not user_named(db_session, "coord_b").active
    # not themselves
    own = staff_url(world.a.programme, world.admin.id)
    refused = post_form(client, own, own + "/deactivate", {})
    assert refused.status_code == 400 and user_named(db_session, "admin").active


# --- the command line uses the same service ----------------------------------------------------------


def test_users_create_goes_through_the_service(world, runner, db_session, api):
    result = runner.invoke(args=["users", "create", "Amir", "--role", "mentor", "--programme", "prog-a",
                                 "--cohort", "a1", "--display-name", "أمير"])
    assert result.exit_code == 0, result.output
    code = re.search(r"One-time code \(shown once, valid 72 hours\): ([A-Z0-9-]+)", result.output).group(1)
    assert "/welcome/" in result.output
    amir = user_named(db_session, "Amir")
    assert amir.display_name == "أمير"
    assert count(db_session, AuditLog, AuditLog.action == "user_created", AuditLog.record_id == amir.id) == 1
    assert count(db_session, ChangeLog, ChangeLog.entity == "user", ChangeLog.record_id == amir.id) == 1
    # a username differing only by case names the same account: a role is added to it
    again = runner.invoke(args=["users", "create", "AMIR", "--role", "trainer", "--programme", "prog-b"])
    assert again.exit_code == 0 and "Updated Amir" in again.output
    assert count(db_session, User, User.username_key == "amir") == 1
    assert count(db_session, Membership, Membership.user_id == amir.id) == 2
    assert code


def test_cookie_sign_in_finds_the_user_without_case(world, client):
    sign_in(client, "COORD_A")
    assert client.get(staff_url(world.a.programme)).status_code == 200


def test_deactivating_kills_the_persons_codes(world, client, app, db_session):
    sign_in(client, "coord_a")
    code, link = code_and_link(create(client, world.a.programme))
    user = user_named(db_session, "emina")
    page = staff_url(world.a.programme, user.id)
    assert post_form(client, page, page + "/deactivate", {}).status_code == 302
    phone = app.test_client()
    assert welcome(phone, "emina", code).status_code == 400 and phone.get(link).status_code == 404
    assert post_form(client, page, page + "/reset-password", {}).status_code == 400  # reactivate first
    assert count(db_session, SignInCode) == 0
