"""Hybrid logical clocks as they travel on the wire (SYNC.md rule 4).

``<UTC time, ISO 8601 with milliseconds and Z>_<4 hex digit counter>_<node>``:
fixed-width, so plain string comparison orders them. The node is the
device id; the server keeps it when it lowers a clock that runs ahead, so
two devices lowered in the same millisecond still order deterministically.
"""
import re
import threading
from datetime import datetime, timedelta, timezone

HLC_PATTERN = re.compile(
    r"^(\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z)"
    r"_([0-9a-f]{4})_([A-Za-z0-9-]{1,40})$"
)

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
#: the node of HLCs the server writes itself (a coordinator's resolution, an admin's edit)
SERVER_NODE = "server"

_lock = threading.Lock()
_last = {"hlc": ""}


def format_time(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def time_of(hlc) -> datetime | None:
    """The UTC time written in an HLC (or in its time part alone); None when it holds none."""
    try:
        return datetime.strptime(str(hlc).split("_", 1)[0], TIME_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def is_valid(hlc) -> bool:
    """Well formed: fixed width, so that string order is time order."""
    return isinstance(hlc, str) and HLC_PATTERN.match(hlc) is not None


def node(hlc: str | None) -> str | None:
    """The device part of an HLC (None for a missing one)."""
    return hlc.rsplit("_", 1)[-1] if hlc else None


def server_hlc(node_id: str = SERVER_NODE, now: datetime | None = None, after: str | None = None) -> str:
    """The server's own clock reading: monotonic across calls in this process, and later than
    ``after`` (a stored HLC, which may run up to the skew limit ahead of the clock)."""
    stamp = format_time(now or datetime.now(timezone.utc))
    with _lock:
        last = _last["hlc"]
        if is_valid(after) and after[:29] > last:
            last = after[:29]
        if last[:24] >= stamp:
            stamp, counter = last[:24], int(last[25:29], 16) + 1
            if counter > 0xFFFF:  # the counter is 4 hex digits: move on a millisecond instead
                stamp, counter = format_time(time_of(stamp) + timedelta(milliseconds=1)), 0
        else:
            counter = 0
        value = f"{stamp}_{counter:04x}"
        _last["hlc"] = value
    return f"{value}_{node_id}"


def skew_limit(now: datetime, max_skew_seconds: int) -> str:
    """The time part above which an HLC counts as running ahead."""
    return format_time(now + timedelta(seconds=max_skew_seconds))


def clamp(hlc: str, now: datetime, limit: str) -> tuple[str, bool]:
    """``hlc`` itself, or the server's HLC when its time is past ``limit`` (see ``skew_limit``).

    Returns (hlc to use, whether it was lowered).
    """
    if hlc[:24] > limit:
        return server_hlc(node(hlc), now), True
    return hlc, False
