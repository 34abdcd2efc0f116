"""api/sync/hlc.py: the wire format orders by plain string comparison; the server clock is monotonic."""
from datetime import datetime, timedelta, timezone

from api.sync import hlc


def test_valid_and_invalid_hlcs():
    good = "2026-11-22T08:15:02.113Z_0000_6f1c2a9e-3b4d-5e6f-8a7b-9c0d1e2f3a4b"
    assert hlc.is_valid(good)
    for bad in ("2026-11-22T08:15:02Z_0000_x", "2026-13-22T08:15:02.113Z_0000_x", "2026-11-22T08:15:02.113Z_00g0_x",
                "2026-11-22T08:15:02.113Z_0000_" + "x" * 41, None, 7):
        assert not hlc.is_valid(bad)


def test_the_server_clock_never_goes_back_and_its_counter_rolls_into_the_next_millisecond(monkeypatch):
    monkeypatch.setitem(hlc._last, "hlc", "")  # the clock's memory, put back after the test
    now = datetime(2020, 1, 1, tzinfo=timezone.utc)
    readings = [hlc.server_hlc("srv", now) for _ in range(0x10002)]
    assert readings == sorted(readings) and len(set(readings)) == len(readings)
    assert all(hlc.is_valid(r) for r in readings[-3:])
    assert readings[-1].startswith("2020-01-01T00:00:00.001Z_0001")


def test_clamp_lowers_only_what_runs_ahead():
    now = datetime.now(timezone.utc)
    limit = hlc.skew_limit(now, 60)
    soon = f"{hlc.format_time(now + timedelta(seconds=59))}_0000_dev"
    late = f"{hlc.format_time(now + timedelta(seconds=61))}_0000_dev"
    assert hlc.clamp(soon, now, limit) == (soon, False)
    lowered, was = hlc.clamp(late, now, limit)
    assert was and lowered < late and lowered.endswith("_dev") and hlc.is_valid(lowered)
