import re

from tests.security.test_cookie_login import sign_in


def test_coordinator_sees_and_revokes_a_device_of_their_programme(world, client, api):
    phone = api("trainer_a")
    api("trainer_b")
    sign_in(client, "coord_a")
    page = client.get("/review/devices").get_data(as_text=True)
    assert "Trainer A" in page and "Trainer B" not in page
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
