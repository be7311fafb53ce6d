"""The SSE status stream: one data event per change, incremental logs, pings, closes after COMPLETED."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sandbox_support import client_for, running, submit, wait_status, wire_input

from gamecraft_desktop.sandbox import FaultRule


def read_stream(c: httpx.Client, url: str, logs: str = "1") -> tuple[list[dict[str, Any]], int, list[str]]:
    """(events, pings, raw lines) until the server closes the stream."""
    events: list[dict[str, Any]] = []
    pings = 0
    raw: list[str] = []
    with c.stream("GET", url, params={"logs": logs}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        for line in r.iter_lines():
            raw.append(line)
            if line.startswith("data: "):
                events.append(json.loads(line[6:]))
            elif line.startswith(": ping"):
                pings += 1
    return events, pings, raw


def test_stream_sends_incremental_logs_pings_and_ends_after_completed() -> None:
    # 3 actions x 0.15 s with 50 ms pings: pings must appear between log events.
    with running(time_scale=0.075) as sb, client_for(sb) as c:
        handle = submit(c, wire_input(actions=("w", "a", "d")))
        events, pings, raw = read_stream(c, handle["status_url"] + "/stream")
        assert pings >= 2
        assert events[-1]["status"] == "COMPLETED"
        assert events[-1]["metrics"]["inference_time"] > 0
        assert [e["status"] for e in events].count("COMPLETED") == 1
        streamed = [entry["message"] for e in events for entry in (e["logs"] or [])]
        polled = [entry["message"] for entry in wait_status(c, handle)["logs"]]
        assert streamed == polled  # each line exactly once, in order: the events carry only new lines
        assert sum(1 for e in events if e["logs"]) >= 3  # progress arrived over several events
        assert "Generating segment 2/3 with action ID: a" in streamed
        assert all(line == "" or line.startswith(("data: ", ": ping")) for line in raw)


def test_stream_reports_queue_position_while_queued_and_null_logs_when_not_asked() -> None:
    with running(runners=1, time_scale=0.05) as sb, client_for(sb) as c:
        first = submit(c)
        wait_status(c, first, "IN_PROGRESS")
        second = submit(c)
        events, _, _ = read_stream(c, second["status_url"] + "/stream", logs="0")
        assert events[0]["status"] == "IN_QUEUE" and events[0]["queue_position"] == 0
        assert "IN_PROGRESS" in [e["status"] for e in events]
        assert events[-1]["status"] == "COMPLETED"
        assert all(e["logs"] is None for e in events)


def test_stream_of_a_completed_job_sends_one_event_and_closes() -> None:
    with running() as sb, client_for(sb) as c:
        handle = submit(c)
        wait_status(c, handle)
        events, _, _ = read_stream(c, handle["status_url"] + "/stream")
        assert len(events) == 1 and events[0]["status"] == "COMPLETED"
        assert len(events[0]["logs"]) >= 3  # the first event carries every line so far


def test_stream_for_unknown_request_is_404() -> None:
    with running() as sb, client_for(sb) as c:
        r = c.get("/anthonywu/gamecraft/requests/00000000-0000-0000-0000-000000000000/status/stream")
        assert r.status_code == 404 and "detail" in r.json()


@pytest.mark.parametrize("after", [1, 2])
def test_sse_drop_fault_cuts_the_stream_after_n_events(after: int) -> None:
    with running(time_scale=0.05) as sb, client_for(sb) as c:
        sb.faults.add(FaultRule("stream", "ssedrop", nth=1, times=1, arg=after))
        handle = submit(c, wire_input(actions=("w", "s", "d")))
        events: list[dict[str, Any]] = []
        with pytest.raises(httpx.RemoteProtocolError), c.stream("GET", handle["status_url"] + "/stream",
                                                                params={"logs": "1"}) as r:
            for line in r.iter_lines():
                if line.startswith("data: "):
                    events.append(json.loads(line[6:]))
        assert len(events) == after
        assert events[-1]["status"] != "COMPLETED"
        # the second stream (the rule applied once) runs to the end
        again, _, _ = read_stream(c, handle["status_url"] + "/stream")
        assert again[-1]["status"] == "COMPLETED"


def test_server_stop_ends_an_open_stream() -> None:
    with running(time_scale=1.0, seconds_per_action=30) as sb, client_for(sb, timeout=5) as c:
        handle = submit(c)
        with c.stream("GET", handle["status_url"] + "/stream") as r:
            lines = r.iter_lines()
            assert next(lines).startswith("data: ")
            sb.stop()
            with pytest.raises(httpx.HTTPError):
                for _ in lines:
                    pass
