import re

from tests.security.test_cookie_login import sign_in


def test_coordinator_sees_and_revokes_a_device_of_their_programme(world, client, api):
    phone = api("trainer_a")
    api("trainer_b")
    sign_in(client, "coord_a")
    page = client.get("/review/devices").get_data(as_text=True)
    assert "Trainer A" in page and "Trainer B" not in page
    confirm = re.search(r'href="(/review/devices/[^"]+/revoke)"', page).group(1)
    page = client.get(confirm).get_data(as_text=True)  # the confirmation says what will be lost
    action = re.search(r'action="(/review/devices/[^"]+/revoke)"', page).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(action, data={"csrf_token": token}).status_code == 302
    assert phone.get("/me").status_code == 401


def test_coordinator_cannot_revoke_a_device_of_another_programme(world, client, api, db_session):
    from sqlalchemy import select

    from models import DeviceToken, User

    other = api("trainer_b")
    token_id = db_session.scalar(select(DeviceToken.id).join(User).where(User.username == "trainer_b"))
    sign_in(client, "coord_a")
    page = client.get("/review/devices").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"/review/devices/{token_id}/revoke", data={"csrf_token": csrf}).status_code == 404
    assert other.get("/me").status_code == 200


def test_trainers_have_no_devices_page(world, client):
    sign_in(client, "trainer_a")
    assert client.get("/review/devices").status_code == 403


def _other_staff(db_session, world, password_hash):
    """A second coordinator of A, and a trainer of A who coordinates B."""
    from models import Membership, User

    second = User(username="coord_a2", display_name="Second Coordinator", password_hash=password_hash)
    second.memberships.append(Membership(programme_id=world.a.programme.id, role="coordinator"))
    both = User(username="trainer_coord", display_name="Trainer Coordinator", password_hash=password_hash)
    both.memberships.append(Membership(programme_id=world.a.programme.id, role="trainer"))
    both.memberships.append(Membership(programme_id=world.b.programme.id, role="coordinator"))
    db_session.add_all([second, both])
    db_session.commit()


def _token_id(db_session, username):
    from sqlalchemy import select

    from models import DeviceToken, User

    return db_session.scalar(select(DeviceToken.id).join(User, User.id == DeviceToken.user_id)
                             .where(User.username == username, DeviceToken.revoked_at.is_(None)))


def test_a_coordinator_manages_only_their_trainers_and_mentors(world, client, api, db_session, password_hash):
    _other_staff(db_session, world, password_hash)
    phones = {name: api(name) for name in ("trainer_a", "mentor_a", "admin", "coord_a2", "trainer_coord",
                                           "coord_a", "trainer_b")}
    sign_in(client, "coord_a")
    page = client.get("/review/devices").get_data(as_text=True)
    table = page.split("<tbody>")[1]
    assert "Trainer A" in table and "Mentor A" in table
    for name in ("Admin", "Second Coordinator", "Trainer Coordinator", "Coord A", "Trainer B"):
        assert name not in table, name
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    for name in ("admin", "coord_a2", "trainer_coord", "coord_a", "trainer_b"):
        token_id = _token_id(db_session, name)
        answer = client.post(f"/review/devices/{token_id}/revoke", data={"csrf_token": csrf})
        assert answer.status_code == 404, name
        assert phones[name].get("/me").status_code == 200, name
    assert client.post(f"/review/devices/{_token_id(db_session, 'mentor_a')}/revoke",
                       data={"csrf_token": csrf}).status_code == 302
    assert phones["mentor_a"].get("/me").status_code == 401


def test_an_admin_manages_the_devices_of_their_organisation(world, client, api, db_session, password_hash):
    _other_staff(db_session, world, password_hash)
    phones = {name: api(name) for name in ("trainer_b", "coord_b", "coord_a2")}
    sign_in(client, "admin")
    page = client.get("/review/devices").get_data(as_text=True)
    for name in ("Trainer B", "Coord B", "Second Coordinator"):
        assert name in page, name
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    for name in ("trainer_b", "coord_b"):
        answer = client.post(f"/review/devices/{_token_id(db_session, name)}/revoke", data={"csrf_token": csrf})
        assert answer.status_code == 302, name
        assert phones[name].get("/me").status_code == 401, name
