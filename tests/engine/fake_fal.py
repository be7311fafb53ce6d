"""A scripted stand-in for fal's clients (no HTTP): each call takes the next scripted answer, which is a value
to return or an exception to raise. It records what was asked, so tests can count submits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gamecraft_desktop.core.schema import GameCraftOutput, ImageRef
from gamecraft_desktop.fal.queue_types import QueueHandle
from gamecraft_desktop.fal.status import LogLine, StatusUpdate

BASE = "https://queue.example.invalid/anthonywu/gamecraft/requests"


def handle(rid: str = "req-1", position: int | None = 0) -> QueueHandle:
    return QueueHandle(rid, "anthonywu/gamecraft", f"{BASE}/{rid}", f"{BASE}/{rid}/status",
                       f"{BASE}/{rid}/cancel", position)


def queued(position: int = 0) -> StatusUpdate:
    return StatusUpdate("IN_QUEUE", queue_position=position)


def running(*logs: str) -> StatusUpdate:
    return StatusUpdate("IN_PROGRESS", logs=[LogLine(m) for m in logs])


def completed(error: str | None = None, error_type: str | None = None) -> StatusUpdate:
    return StatusUpdate("COMPLETED", metrics={"inference_time": 1.5}, error=error, error_type=error_type)


def output(url: str = "https://cdn.example.invalid/v.mp4", size: int = 4) -> GameCraftOutput:
    return GameCraftOutput.model_validate({"video": {"url": url, "file_size": size,
                                                     "content_type": "video/mp4", "file_name": "v.mp4"}})


def _next(script: list[Any], what: str) -> Any:
    if not script:
        raise AssertionError(f"unscripted call: {what}")
    item = script.pop(0)
    if isinstance(item, BaseException):
        raise item
    if callable(item):
        return item()
    return item


@dataclass
class FakeQueue:
    submits: list[Any] = field(default_factory=list)   # QueueHandle or an exception, per submit
    statuses: list[Any] = field(default_factory=list)  # StatusUpdate or an exception, per poll
    streams: list[Any] = field(default_factory=list)   # a list of StatusUpdate (one stream) or an exception
    results: list[Any] = field(default_factory=list)
    cancels: list[Any] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    accept_then_raise: BaseException | None = None  # on_accepted runs, then this is raised

    @property
    def submit_count(self) -> int:
        return self.calls.count("submit")

    def submit(self, input: Any, options: Any = None,
               on_accepted: Callable[[QueueHandle], None] | None = None) -> QueueHandle:
        self.calls.append("submit")
        h = _next(self.submits, "submit")
        if on_accepted is not None:
            on_accepted(h)
        if self.accept_then_raise is not None:
            raise self.accept_then_raise
        return h  # type: ignore[no-any-return]

    def status(self, handle: QueueHandle, logs: bool = True) -> StatusUpdate:
        self.calls.append("status")
        return _next(self.statuses, "status")  # type: ignore[no-any-return]

    def stream_status(self, handle: QueueHandle, logs: bool = True) -> Iterator[StatusUpdate]:
        self.calls.append("stream")
        events = _next(self.streams, "stream")
        for event in events:
            if isinstance(event, BaseException):
                raise event
            yield event

    def result(self, handle: QueueHandle) -> GameCraftOutput:
        self.calls.append("result")
        return _next(self.results, "result")  # type: ignore[no-any-return]

    def result_json(self, handle: QueueHandle) -> dict[str, Any]:
        self.calls.append("result_json")
        value = _next(self.results, "result_json")
        return value.model_dump() if isinstance(value, GameCraftOutput) else value  # type: ignore[no-any-return]

    def cancel(self, handle: QueueHandle) -> bool:
        self.calls.append("cancel")
        return bool(_next(self.cancels, "cancel"))

    def handle_for(self, request_id: str, endpoint: Any = None) -> QueueHandle:
        return handle(request_id)


@dataclass
class FakeUploader:
    answers: list[Any] = field(default_factory=lambda: ["https://cdn.example.invalid/in.jpg"])
    calls: int = 0

    def image_ref(self, prepared: Any, on_progress: Any = None) -> ImageRef:
        self.calls += 1
        url = _next(self.answers, "upload")
        return ImageRef(url=url, content_type=prepared.content_type, file_name=prepared.file_name,
                        file_size=prepared.size, width=prepared.width, height=prepared.height)


@dataclass
class FakeDownload:
    answers: list[Any] = field(default_factory=lambda: [b"\x00\x00\x00\x18ftypmp42"])
    calls: int = 0

    def __call__(self, url: str, dest: Path, *, expected_size: int | None, on_progress: Any,
                 should_stop: Any) -> Path:
        self.calls += 1
        data = _next(self.answers, "download")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        return dest
