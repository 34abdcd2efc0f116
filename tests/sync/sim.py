"""Simulated phones and a faulty network for the fault-injection test (in-process, Flask test client).

A device keeps records and an outbox like the app (record + outbox entry written together), syncs a
prefix of its outbox, and rebases pending edits on what it pulls. The network drops requests, drops
responses after the server committed, delivers twice, and holds requests to deliver them later
(out of order).
"""
import uuid
from datetime import datetime, timedelta, timezone

from api.schemas.entities import SERVER_SET
from api.sync.hlc import format_time
from models import attendance_id

FAULTS = ("ok", "ok", "ok", "drop_request", "drop_response", "duplicate", "delay")


class Network:
    def __init__(self, client, rng):
        self.client, self.rng = client, rng
        self.held = []
        self.counts = dict.fromkeys(FAULTS + ("late_delivery",), 0)

    def post(self, token, body):
        """The response a device sees, or None when the request or the response was lost."""
        fault = self.rng.choice(FAULTS)
        self.counts[fault] += 1
        if fault == "drop_request":
            return None
        if fault == "delay":
            self.held.append((token, body))
            return None
        response = self._deliver(token, body)
        if fault == "duplicate":
            response = self._deliver(token, body)
        return None if fault == "drop_response" else response

    def deliver_some_held(self):
        while self.held and self.rng.random() < 0.5:
            token, body = self.held.pop(self.rng.randrange(len(self.held)))
            self.counts["late_delivery"] += 1
            self._deliver(token, body)

    def _deliver(self, token, body):
        response = self.client.post("/api/v1/sync", json=body, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.get_json()
        return response.get_json()


class Device:
    def __init__(self, name, token, device_id, rng, clock_offset):
        self.name, self.token, self.device_id, self.rng = name, token, device_id, rng
        self.offset = timedelta(seconds=clock_offset)
        self.records = {}   # (entity, id) → {"version", "data", "deleted"}
        self.outbox = []
        self.cursor = None
        self.made = []      # every change this device ever saved
        self._last = ("", 0)

    def hlc(self):
        stamp = format_time(datetime.now(timezone.utc) + self.offset)
        counter = self._last[1] + 1 if stamp <= self._last[0] else 0
        stamp = max(stamp, self._last[0])
        self._last = (stamp, counter)
        return f"{stamp}_{counter:04x}_{self.device_id}"

    def save(self, entity, record_id, data, op="upsert"):
        key = (entity, record_id)
        local = self.records.setdefault(key, {"version": None, "data": {}, "deleted": False})
        if op == "delete":
            local["deleted"] = True
        else:
            local["data"].update(data)
        entry = {"mutation_id": str(uuid.uuid4()), "entity": entity, "id": record_id, "op": op, "data": data,
                 "hlc": self.hlc(), "base_version": local["version"]}
        self.outbox.append(entry)
        self.made.append(entry)

    def live(self, entity):
        return [k[1] for k, r in self.records.items() if k[0] == entity and not r["deleted"]]

    def act(self):
        """One thing a user does offline."""
        rng, sessions, people = self.rng, self.live("session"), self.live("participant")
        roll = rng.random()
        if roll < 0.35 and sessions and people:
            session_id, person = rng.choice(sessions), rng.choice(people)
            key = ("attendance", attendance_id(session_id, person))
            local = self.records.get(key)
            if local and local["deleted"]:
                return
            status = rng.choice(("present", "late", "absent", "excused"))
            data = {"status": status} if local else {"session_id": session_id, "participant_id": person,
                                                     "status": status}
            if rng.random() < 0.3:
                data["minutes"] = rng.choice((30, 60, 90))
            self.save("attendance", key[1], data)
        elif roll < 0.55 and people:
            field, value = rng.choice((("given_name", rng.choice(("Amra", "Selma", "Ana", "Lejla"))),
                                       ("family_name", rng.choice(("Hadžić", "Kovač", "Begić"))),
                                       ("birth_year", rng.choice((1995, 1999, 2003)))))
            self.save("participant", rng.choice(people), {field: value})
        elif roll < 0.75 and sessions:
            field, value = rng.choice((("topic", rng.choice(("Safety", "Set-up", "Measuring"))),
                                       ("notes", rng.choice(("Gloves", None, "Late bus"))),
                                       ("duration_minutes", rng.choice((120, 240)))))
            self.save("session", rng.choice(sessions), {field: value})
        elif roll < 0.85 and 0 < len(sessions) < 4:
            cohort = next(r["data"]["cohort_id"] for k, r in self.records.items() if k[0] == "session")
            self.save("session", str(uuid.uuid4()), {"cohort_id": cohort, "date": "2026-11-23",
                                                     "duration_minutes": 180, "kind": "training", "topic": "New"})
        else:
            marked = self.live("attendance")
            if marked:
                self.save("attendance", rng.choice(marked), {}, op="delete")

    def settle(self, network):
        """Sync without faults until the outbox is empty and nothing more is to pull."""
        while self.sync(network, quiet=True):
            pass

    def sync(self, network, quiet=False):
        """One request; True when there is more to do (results to push or pages to pull)."""
        batch = self.outbox[:self.rng.randint(1, max(1, len(self.outbox)))] if not quiet else self.outbox[:50]
        body = {"device_id": self.device_id, "schema_version": 1, "cursor": self.cursor, "changes": batch,
                "pull_limit": 500 if quiet else self.rng.choice((2, 5, 500))}
        payload = network._deliver(self.token, body) if quiet else network.post(self.token, body)
        if payload is None:
            return False
        self.receive(payload)
        return payload["more"] or bool(batch)

    def receive(self, payload):
        sent = {c["mutation_id"]: c for c in self.outbox}
        for result in payload["results"]:
            change = sent.get(result["mutation_id"])
            if change is None:
                continue
            self.outbox.remove(change)
            local = self.records.get((change["entity"], change["id"]))
            if result["status"] == "rejected":
                assert result["reason"] == "deleted", result
                local["deleted"] = True
            elif result.get("version") is not None and local is not None:
                local["version"] = max(local["version"] or 0, result["version"])
        for pulled in payload["changes"]:
            key = (pulled["entity"], pulled["id"])
            if pulled["op"] == "evict":
                self.records.pop(key, None)
                continue
            data = {k: v for k, v in pulled["data"].items() if k not in SERVER_SET}
            local = {"version": pulled["version"], "data": data, "deleted": pulled["op"] == "delete"}
            for pending in self.outbox:  # rebase edits not yet pushed on the server's state
                if (pending["entity"], pending["id"]) == key:
                    if pending["op"] == "delete":
                        local["deleted"] = True
                    local["data"].update(pending["data"])
            self.records[key] = local
        self.cursor = payload["cursor"]
