"""The app's own modules, run in the real browser: ids, clock, outbox transactions."""
import uuid

import pytest

from api.sync import hlc as server_hlc
from models import attendance_id

from .phone import open_app, wait_screen

pytestmark = pytest.mark.e2e


@pytest.fixture
def page(server, device):
    page = open_app(device(), server.url)
    wait_screen(page, "signin")
    return page


def test_attendance_ids_match_the_server(page):
    pairs = [(str(uuid.uuid4()), str(uuid.uuid4())) for _ in range(5)]
    ids = page.evaluate("""async (pairs) => { const { attendanceId } = await import('/static/js/ids.js');
      return Promise.all(pairs.map(([s, p]) => attendanceId(s, p))); }""", pairs)
    assert ids == [attendance_id(s, p) for s, p in pairs]


def test_clock_is_valid_monotonic_and_follows_the_server(page):
    stamps = page.evaluate("""async () => { const c = await import('/static/js/hlc.js');
      c.startClock('0b7e3a52-1111-4222-8333-444455556666', null);
      const out = [c.tick(Date.parse('2026-11-22T08:15:02.113Z')), c.tick(Date.parse('2026-11-22T08:15:02.113Z')),
        c.tick(Date.parse('2026-11-22T08:00:00.000Z'))];  // the phone's clock jumped back
      c.receive('2026-11-22T09:00:00.000Z');
      out.push(c.tick(Date.parse('2026-11-22T08:00:01.000Z')));
      return out; }""")
    assert stamps[0] == "2026-11-22T08:15:02.113Z_0000_0b7e3a52-1111-4222-8333-444455556666"
    assert all(server_hlc.is_valid(s) for s in stamps)
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    assert stamps[3].startswith("2026-11-22T09:00:00.000Z_0001")


SAVE = """async ([entity, id, fields]) => { const o = await import('/static/js/outbox.js');
  const { startClock } = await import('/static/js/hlc.js'); startClock('dev', null);
  try { await o.saveRecord(entity, id, fields); } catch (e) { return 'failed: ' + e.name; }
  return 'saved'; }"""
READ = """async () => { const { getAll } = await import('/static/js/db.js');
  return { records: await getAll('records'), outbox: await getAll('outbox') }; }"""


def test_record_and_outbox_entry_are_written_together_or_not_at_all(page):
    assert page.evaluate(SAVE, ["session", "s1", {"topic": "A", "duration_minutes": 60}]) == "saved"
    assert page.evaluate(SAVE, ["session", "s1", {"topic": "B"}]) == "saved"  # not sent yet: same entry
    state = page.evaluate(READ)
    assert len(state["records"]) == 1 and state["records"][0]["data"] == {"topic": "B", "duration_minutes": 60}
    assert len(state["outbox"]) == 1 and state["outbox"][0]["data"] == {"topic": "B", "duration_minutes": 60}

    # A value IndexedDB cannot store aborts the whole transaction: no record, no entry.
    failed = page.evaluate("""async () => { const o = await import('/static/js/outbox.js');
      try { await o.saveRecord('session', 's2', { topic: 'C', bad: () => 1 }); } catch (e) { return e.name; } }""")
    assert failed == "DataCloneError"
    state = page.evaluate(READ)
    assert [r["id"] for r in state["records"]] == ["s1"] and len(state["outbox"]) == 1


def test_a_sent_entry_is_frozen_and_a_rejected_one_is_resent_whole(page):
    page.evaluate(SAVE, ["session", "s1", {"topic": "A", "duration_minutes": 60}])
    page.evaluate("""async () => { const { transact, req } = await import('/static/js/db.js');
      await transact(['outbox'], 'readwrite', async (tx) => { const s = tx.objectStore('outbox');
        const [e] = await req(s.getAll()); e.attempts = 1; s.put(e); }); }""")
    page.evaluate(SAVE, ["session", "s1", {"topic": "B"}])
    entries = page.evaluate(READ)["outbox"]
    assert [e["data"] for e in entries] == [{"topic": "A", "duration_minutes": 60}, {"topic": "B"}]
    assert entries[0]["mutation_id"] != entries[1]["mutation_id"]

    page.evaluate("""async () => { const { transact, req } = await import('/static/js/db.js');
      await transact(['outbox'], 'readwrite', async (tx) => { const s = tx.objectStore('outbox');
        for (const e of await req(s.getAll())) { e.state = 'rejected'; s.put(e); } }); }""")
    page.evaluate(SAVE, ["session", "s1", {"duration_minutes": 90}])
    entries = page.evaluate(READ)["outbox"]
    assert len(entries) == 1 and entries[0]["state"] == "pending"
    assert entries[0]["data"] == {"topic": "B", "duration_minutes": 90}
