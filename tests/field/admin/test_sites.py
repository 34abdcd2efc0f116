"""Sites and employers over HTTP: create, edit, delete (refused while in use), who may.

The contact person never reaches a phone.
"""
import pytest
from sqlalchemy import select

from models import AuditLog, Site, db
from tests.review_fixtures import csrf_from, make_outcome, sign_in, w  # noqa: F401
from tests.sync.conftest import SyncDevice, change

CONTACT = {"contact_name": "Amra Hodžić", "contact_phone": "+387 61 234 567", "contact_email": "amra@kofix.ba"}


def _post(client, path, data, page=None):
    token = csrf_from(client.get(page or path).get_data(as_text=True))
    return client.post(path, data={**data, "csrf_token": token})


def _site(name="KOFIX d.o.o.", **extra):
    return {"name": name, "kind": "employer", "city": "Ključ", "country": "BA", "sector": "Metalworking",
            **CONTACT, **extra}


def _sites(programme_id):
    db.session.expire_all()
    return db.session.scalars(select(Site).where(Site.programme_id == programme_id)).all()


def _get(site_id):
    db.session.expire_all()
    return db.session.get(Site, site_id)


def test_a_coordinator_adds_edits_and_deletes_a_site(client, w):
    sign_in(client, "coord_a")
    page = client.get(f"/admin/programmes/{w.a.programme.id}/sites")
    assert page.status_code == 200 and "Site A" in page.get_data(as_text=True)
    created = _post(client, f"/admin/programmes/{w.a.programme.id}/sites", _site(kind="employment_bureau"))
    assert created.status_code == 302, created.get_data(as_text=True)[:3000]
    site = next(s for s in _sites(w.a.programme.id) if s.name == "KOFIX d.o.o.")
    assert (site.kind, site.city, site.country, site.sector, site.contact_name, site.contact_phone,
            site.contact_email) == ("employment_bureau", "Ključ", "BA", "Metalworking", *CONTACT.values())
    listing = client.get(f"/admin/programmes/{w.a.programme.id}/sites").get_data(as_text=True)
    assert "Amra Hodžić" in listing and "Municipality" in listing
    path = f"/admin/programmes/{w.a.programme.id}/sites/{site.id}"
    saved = _post(client, path, _site(name="KOFIX Ključ", country="TR"))
    assert saved.status_code == 302
    db.session.expire_all()
    site = db.session.get(Site, site.id)
    assert (site.name, site.country) == ("KOFIX Ključ", "TR")
    deleted = _post(client, f"{path}/delete", {}, page=path)
    assert deleted.status_code == 302
    db.session.expire_all()
    assert _sites(w.a.programme.id) and db.session.get(Site, site.id).deleted is True
    assert client.get(path).status_code == 404
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.record_id == site.id)).all()
    assert actions == ["write", "write", "delete"]


def test_a_site_in_use_is_not_deleted(client, w):
    sign_in(client, "coord_a")
    path = f"/admin/programmes/{w.a.programme.id}/sites/{w.a.site.id}"
    refused = _post(client, f"{path}/delete", {}, page=path)
    assert refused.status_code == 400 and "A cohort meets at this site" in refused.get_data(as_text=True)
    assert _get(w.a.site.id).deleted is False
    # an employer named by a job
    _post(client, f"/admin/programmes/{w.a.programme.id}/sites", _site())
    employer = next(s for s in _sites(w.a.programme.id) if s.name == "KOFIX d.o.o.")
    make_outcome(w.a.participants[0], site_id=employer.id)
    db.session.commit()
    path = f"/admin/programmes/{w.a.programme.id}/sites/{employer.id}"
    refused = _post(client, f"{path}/delete", {}, page=path)
    assert refused.status_code == 400 and "names this employer" in refused.get_data(as_text=True)
    assert _get(employer.id).deleted is False


@pytest.mark.parametrize("extra, message", [
    ({"name": ""}, "name"),
    ({"kind": "castle"}, "Must be one of"),
    ({"country": "XX"}, "two-letter ISO 3166 code"),
    ({"contact_email": "not-an-address"}, "Not an e-mail address."),
    ({"contact_phone": "call me maybe"}, "A phone number has digits"),
])
def test_a_bad_site_is_refused_with_the_field_named(client, w, extra, message):
    sign_in(client, "coord_a")
    count = len(_sites(w.a.programme.id))
    response = _post(client, f"/admin/programmes/{w.a.programme.id}/sites", _site(**extra))
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert len(_sites(w.a.programme.id)) == count


@pytest.mark.parametrize("username, status", [("coord_b", 404), ("trainer_a", 403), ("mentor_a", 403)])
def test_the_scope_matrix_of_the_site_pages(client, w, username, status):
    """Another programme's coordinator, trainers, mentors: every page and action refused, nothing changed."""
    sign_in(client, username)
    with client.session_transaction() as session:
        token = session.get("csrf_token") or ""
    base = f"/admin/programmes/{w.a.programme.id}/sites"
    before = (db.session.get(Site, w.a.site.id).version, len(_sites(w.a.programme.id)))
    assert client.get(base).status_code == status
    assert client.get(f"{base}/{w.a.site.id}").status_code == status
    for path, data in ((base, _site()), (f"{base}/{w.a.site.id}", _site(name="Taken over")),
                       (f"{base}/{w.a.site.id}/delete", {})):
        assert client.post(path, data={**data, "csrf_token": token}).status_code in (400, status), path
    db.session.expire_all()
    assert (db.session.get(Site, w.a.site.id).version, len(_sites(w.a.programme.id))) == before


def test_a_site_of_another_programme_is_not_reached_through_ones_own(client, w):
    sign_in(client, "coord_a")
    path = f"/admin/programmes/{w.a.programme.id}/sites/{w.b.site.id}"
    assert client.get(path).status_code == 404
    assert _post(client, path, _site(), page=f"/admin/programmes/{w.a.programme.id}/sites").status_code == 404
    assert _get(w.b.site.id).name == "Site B"


def test_an_admin_sets_up_sites_of_every_programme_of_the_organisation(client, w):
    sign_in(client, "admin")
    created = _post(client, f"/admin/programmes/{w.b.programme.id}/sites", _site())
    assert created.status_code == 302
    assert any(s.name == "KOFIX d.o.o." for s in _sites(w.b.programme.id))


def test_the_contact_person_never_reaches_a_phone(client, api, w):
    sign_in(client, "coord_a")
    _post(client, f"/admin/programmes/{w.a.programme.id}/sites", _site())
    site = next(s for s in _sites(w.a.programme.id) if s.name == "KOFIX d.o.o.")
    phone = SyncDevice(api("trainer_a"))
    pulled = [c for c in phone.pull_all() if c["entity"] == "site" and c["id"] == site.id]
    assert len(pulled) == 1
    data = pulled[0]["data"]
    assert (data["name"], data["country"], data["sector"], data["kind"]) == ("KOFIX d.o.o.", "BA", "Metalworking",
                                                                             "employer")
    assert not {"contact_name", "contact_phone", "contact_email"} & set(data)
    import json
    raw = json.dumps(pulled)
    assert all(value not in raw for value in CONTACT.values())
    # a phone cannot write a site (read_only), contact or not
    pushed = phone.sync([change(phone, "site", site.id, {"contact_name": "Someone else"})])["results"][0]
    assert (pushed["status"], pushed["reason"]) == ("rejected", "read_only")
    assert _get(site.id).contact_name == "Amra Hodžić"


def test_the_sites_page_of_a_closed_programme_refuses_changes(client, w):
    from datetime import date

    from api.sync.server_write import server_write

    server_write(db.session, w.admin, "programme", w.a.programme.id, {"closed_on": date.today().isoformat()})
    db.session.commit()
    sign_in(client, "coord_a")
    path = f"/admin/programmes/{w.a.programme.id}/sites/{w.a.site.id}"
    assert client.get(path).status_code == 200
    refused = _post(client, path, _site(name="Renamed"))
    assert refused.status_code == 400 and "closed on" in refused.get_data(as_text=True)
    assert _get(w.a.site.id).name == "Site A"
