import os
from datetime import date, timedelta
import random
import pytest
from tests.conftest import PASSWORD
from tests.factories import add, make_participant, make_session
from tests.review_fixtures import make_attendance, make_conflict, make_device, make_assessment, make_outcome, w  # noqa
from tests.e2e.test_coordinator import browser  # noqa
from models import Review

def test_shots(browser, live_server, w, db_session):
    rnd = random.Random(3)
    people = list(w.a.participants)
    for i in range(17):
        people.append(make_participant(w.a.programme, w.a.cohort, f"K-{i:03d}", gender=rnd.choice(["female","male"]),
            birth_year=rnd.randint(1985, 2007), target_groups=rnd.sample(["neet","refugee","returnee","roma"], k=rnd.randint(0,2))))
    sessions = [w.a.session]
    for k in range(10):
        sessions.append(make_session(w.a.cohort, date(2026, 9, 7) + timedelta(days=7*k + rnd.randint(0,3)), topic=rnd.choice(["CNC set-up", "Reading drawings", "Measuring with calipers", "Safety"])))
    dev = make_device(w.a.trainer, "Tablet Ključ 2")
    for s in sessions:
        for p in people:
            make_attendance(s, p, rnd.choices(["present","late","absent","excused"], [7,1,2,1])[0], by=w.a.trainer, device_id=dev.device_id)
    for p in people[:8]:
        for sk in w.skills:
            lv = rnd.randint(0,2)
            make_assessment(p, sk, lv, date(2026, 9, 10))
            make_assessment(p, sk, min(4, lv + rnd.randint(0,2)), date(2026, 10, 10))
            make_assessment(p, sk, min(4, lv + rnd.randint(1,3)), date(2026, 11, 10))
    for p in people[:6]:
        make_outcome(p, "employed", date(2026, 11, 1) + timedelta(days=rnd.randint(0, 20)), verified=rnd.random() < .5)
    contested = make_attendance(make_session(w.a.cohort, date(2026, 11, 20)), people[1], "present", by=w.a.trainer)
    make_conflict(contested, "status", "present", "absent", kept_by=w.a.trainer, other_by=w.a.mentor)
    flagged = people[0]
    add(Review(record_entity="participant", record_id=flagged.id, record_version=flagged.version, programme_id=w.a.programme.id,
        cohort_id=flagged.cohort_id, participant_id=flagged.id, status="flagged", comment="Birth year looks wrong: please check the ID card.", reviewer_id=w.a.coordinator.id))
    w.a.programme.targets = {"participants": 40, "women": 20, "youth": 15, "jobs": 10, "training_hours": 60, "neet": 10}
    db_session.commit()
    os.makedirs("/tmp/shots", exist_ok=True)
    pid = w.a.programme.id
    for width in (1280, 360):
        ctx = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
        page = ctx.new_page()
        page.goto(f"{live_server}/login"); page.fill("#username", "coord_a"); page.fill("#password", PASSWORD); page.click("button[type=submit]")
        page.wait_for_url(f"{live_server}/review")
        for name, path in [("home", "/review"), ("feed", f"/review/{pid}/feed"), ("conflicts", f"/review/{pid}/conflicts"),
                           ("participant", f"/review/{pid}/participants/{people[0].id}"), ("participants", f"/review/{pid}/participants"),
                           ("cohort", f"/review/{pid}/cohorts/{w.a.cohort.id}"), ("indicators", f"/review/{pid}/indicators?reference=2026-11-25"),
                           ("exports", f"/review/{pid}/exports"), ("record", f"/review/{pid}/records/participant/{people[0].id}"),
                           ("badfeed", f"/review/{pid}/feed?from=2026-02-31")]:
            page.goto(live_server + path)
            page.screenshot(path=f"/tmp/shots/{name}-{width}.png", full_page=True)
            page.screenshot(path=f"/tmp/shots/top-{name}-{width}.png")
        ctx.close()
