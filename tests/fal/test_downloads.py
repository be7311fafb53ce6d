"""Downloading the result video: resumable, atomic, https-only, never with the key, and file names
from the server made safe."""

from __future__ import annotations

import errno
import http.server
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gamecraft_desktop.fal import downloads
from gamecraft_desktop.fal.downloads import DownloadCancelledError, download, safe_file_name
from gamecraft_desktop.fal.errors import DiskFullError, DownloadError
from gamecraft_desktop.fal.retry import NO_WAIT, RetryPolicy

VIDEO = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + bytes(range(256)) * 4000  # ~1 MB
URL = "https://v3.fal.media/files/penguin/abc123/output.mp4"


class DropAfter(httpx.SyncByteStream):
    """Serves `data` in chunks, then raises as a dropped connection would (or just stops early)."""

    def __init__(self, data: bytes, raise_error: bool = True) -> None:
        self.data = data
        self.raise_error = raise_error

    def __iter__(self) -> Iterator[bytes]:
        for i in range(0, len(self.data), 65536):
            yield self.data[i:i + 65536]
        if self.raise_error:
            raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")


@dataclass
class FakeCdn:
    body: bytes = VIDEO
    drops: list[int] = field(default_factory=list)  # per request: bytes served before the drop
    ignore_range: bool = False
    statuses: list[int] = field(default_factory=list)  # answered before serving normally
    content_type: str = "application/octet-stream"
    send_length: bool = True
    requests: list[httpx.Request] = field(default_factory=list)

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.statuses:
            return httpx.Response(self.statuses.pop(0), text="<html>nginx</html>")
        start = 0
        rng = request.headers.get("range")
        if rng and not self.ignore_range:
            m = re.fullmatch(r"bytes=(\d+)-", rng)
            assert m, rng
            start = int(m.group(1))
            if start >= len(self.body):
                return httpx.Response(416, headers={"Content-Range": f"bytes */{len(self.body)}"})
        payload = self.body[start:]
        headers = {"Content-Type": self.content_type, "Accept-Ranges": "bytes"}
        if self.send_length:
            headers["Content-Length"] = str(len(payload))
        status = 200
        if start:
            status = 206
            headers["Content-Range"] = f"bytes {start}-{len(self.body) - 1}/{len(self.body)}"
        if self.drops:
            cut = self.drops.pop(0)
            return httpx.Response(status, headers=headers, stream=DropAfter(payload[:cut]))
        return httpx.Response(status, headers=headers, stream=DropAfter(payload, raise_error=False))


def fetch(cdn: FakeCdn, dest: Path, url: str = URL, **kw: Any) -> Path:
    kw.setdefault("retry", NO_WAIT)
    return download(url, dest, transport=httpx.MockTransport(cdn.handler), **kw)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_plain_download_without_authorization(tmp_path: Path) -> None:
    cdn = FakeCdn()
    progress: list[tuple[int, int | None]] = []
    out = fetch(cdn, tmp_path / "video.mp4", expected_size=len(VIDEO),
                on_progress=lambda d, t: progress.append((d, t)))
    assert out == tmp_path / "video.mp4"
    assert out.read_bytes() == VIDEO
    (req,) = cdn.requests
    assert "authorization" not in req.headers
    assert req.headers["accept-encoding"] == "identity"
    assert progress[-1] == (len(VIDEO), len(VIDEO))
    assert leftovers(tmp_path) == ["video.mp4"]


def test_resumes_with_range_after_a_drop(tmp_path: Path) -> None:
    cdn = FakeCdn(drops=[300_000, 200_000])
    out = fetch(cdn, tmp_path / "v.mp4", expected_size=len(VIDEO))
    assert out.read_bytes() == VIDEO
    assert [r.headers.get("range") for r in cdn.requests] == [None, "bytes=300000-", "bytes=500000-"]
    assert all("authorization" not in r.headers for r in cdn.requests)


def test_server_answering_200_to_a_range_restarts_cleanly(tmp_path: Path) -> None:
    cdn = FakeCdn(drops=[300_000], ignore_range=True)
    progress: list[int] = []
    out = fetch(cdn, tmp_path / "v.mp4", on_progress=lambda d, t: progress.append(d))
    assert out.read_bytes() == VIDEO  # not 300 kB of duplicated bytes in front
    assert cdn.requests[1].headers["range"] == "bytes=300000-"
    assert 0 in progress[1:]  # the UI saw the restart


def test_many_drops_with_progress_do_not_exhaust_the_retries(tmp_path: Path) -> None:
    cdn = FakeCdn(drops=[100_000] * 9)  # more drops than NO_WAIT's 5 attempts, but each one progresses
    assert fetch(cdn, tmp_path / "v.mp4").read_bytes() == VIDEO


@settings(max_examples=60, deadline=None)
@given(drops=st.lists(st.integers(min_value=0, max_value=len(VIDEO) - 1), max_size=6),
       ignore_range=st.booleans(), with_length=st.booleans())
def test_any_pattern_of_drops_yields_the_exact_file(
        tmp_path_factory: pytest.TempPathFactory, drops: list[int], ignore_range: bool, with_length: bool) -> None:
    folder = tmp_path_factory.mktemp("drops")
    cdn = FakeCdn(drops=list(drops), ignore_range=ignore_range, send_length=with_length)
    out = fetch(cdn, folder / "v.mp4", expected_size=len(VIDEO), retry=RetryPolicy(0, 0, 8, 0))
    assert out.read_bytes() == VIDEO
    assert leftovers(folder) == ["v.mp4"]


def test_truncated_download_is_an_error_and_leaves_nothing(tmp_path: Path) -> None:
    cdn = FakeCdn(body=VIDEO[:600_000])
    with pytest.raises(DownloadError, match="fal said"):
        fetch(cdn, tmp_path / "v.mp4", expected_size=len(VIDEO))
    assert leftovers(tmp_path) == []


def test_body_shorter_than_its_content_length_keeps_failing_then_errors(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": str(len(VIDEO))},
                              stream=DropAfter(VIDEO[:500_000], raise_error=False))

    with pytest.raises(DownloadError, match=r"kept failing.*0\.5 MB of 1\.0 MB"):
        download(URL, tmp_path / "v.mp4", transport=httpx.MockTransport(handler), retry=NO_WAIT)
    assert leftovers(tmp_path) == []


def test_file_ending_early_without_a_length_is_incomplete(tmp_path: Path) -> None:
    # No Content-Length: only fal's file_size says the file is short. The resume asks for the rest,
    # the server says there is none (416).
    cdn = FakeCdn(body=VIDEO[:700_000], send_length=False)
    with pytest.raises(DownloadError, match=r"ends after 700000 of 1024032 bytes"):
        fetch(cdn, tmp_path / "v.mp4", expected_size=len(VIDEO))
    assert [r.headers.get("range") for r in cdn.requests] == [None, "bytes=700000-"]
    assert leftovers(tmp_path) == []


def test_failure_keeps_an_existing_destination_untouched(tmp_path: Path) -> None:
    dest = tmp_path / "v.mp4"
    dest.write_bytes(b"the previous video")
    cdn = FakeCdn(body=b"<html><body>Access denied</body></html>", content_type="video/mp4")
    with pytest.raises(DownloadError, match="web page"):
        fetch(cdn, dest)
    assert dest.read_bytes() == b"the previous video"
    assert leftovers(tmp_path) == ["v.mp4"]


def test_mp4_is_sniffed_not_trusted_from_content_type(tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="JSON"):
        fetch(FakeCdn(body=b'{"detail": "Not Found"}' * 10, content_type="video/mp4"), tmp_path / "a.mp4")
    with pytest.raises(DownloadError, match="not an MP4"):
        fetch(FakeCdn(body=b"\x89PNG\r\n\x1a\n" + b"\x00" * 100), tmp_path / "b.mp4")
    out = fetch(FakeCdn(content_type="application/octet-stream"), tmp_path / "c.mp4")
    assert out.read_bytes() == VIDEO
    assert leftovers(tmp_path) == ["c.mp4"]


def test_not_a_video_fails_fast_without_reading_everything(tmp_path: Path) -> None:
    cdn = FakeCdn(body=b"<html>" + b"x" * 5_000_000)
    seen: list[int] = []
    with pytest.raises(DownloadError):
        fetch(cdn, tmp_path / "v.mp4", on_progress=lambda d, t: seen.append(d))
    assert not seen  # refused on the first chunk


@pytest.mark.parametrize("url", [
    "http://v3.fal.media/files/x.mp4", "ftp://example.com/x.mp4", "file:///etc/passwd",
    "data:video/mp4;base64,AAAA", "https:///nohost.mp4", "http://10.0.0.1/x.mp4", "http://[::2]/x.mp4"])
def test_non_https_urls_are_refused_before_any_request(tmp_path: Path, url: str) -> None:
    cdn = FakeCdn()
    with pytest.raises(DownloadError):
        fetch(cdn, tmp_path / "v.mp4", url=url, allow_loopback_http=True)
    assert cdn.requests == []
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("host", ["127.0.0.1:8123", "localhost:8123", "[::1]:8123", "127.5.6.7"])
def test_loopback_http_only_when_allowed(tmp_path: Path, host: str) -> None:
    cdn = FakeCdn()
    url = f"http://{host}/cdn/out.mp4"
    with pytest.raises(DownloadError, match="plain http"):
        fetch(cdn, tmp_path / "v.mp4", url=url)
    assert cdn.requests == []
    assert fetch(cdn, tmp_path / "v.mp4", url=url, allow_loopback_http=True).read_bytes() == VIDEO


def test_redirects_are_followed_but_checked(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "v3.fal.media":
            return httpx.Response(302, headers={"Location": "https://storage.test/blob/1"})
        if request.url.host == "storage.test":
            return httpx.Response(200, content=VIDEO)
        raise AssertionError(request.url)

    out = download(URL, tmp_path / "v.mp4", transport=httpx.MockTransport(handler), retry=NO_WAIT)
    assert out.read_bytes() == VIDEO

    def downgrade(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "http://storage.test/blob/1"})

    with pytest.raises(DownloadError, match="only https"):
        download(URL, tmp_path / "w.mp4", transport=httpx.MockTransport(downgrade), retry=NO_WAIT)
    assert leftovers(tmp_path) == ["v.mp4"]


def test_transient_errors_are_retried(tmp_path: Path) -> None:
    cdn = FakeCdn(statuses=[503, 429, 502])
    assert fetch(cdn, tmp_path / "v.mp4").read_bytes() == VIDEO
    assert len(cdn.requests) == 4


def test_gone_video_is_not_retried(tmp_path: Path) -> None:
    cdn = FakeCdn(statuses=[404])
    with pytest.raises(DownloadError, match="expired") as info:
        fetch(cdn, tmp_path / "v.mp4")
    assert info.value.status == 404
    assert len(cdn.requests) == 1


def test_cancel_stops_promptly_and_cleans_up(tmp_path: Path) -> None:
    cdn = FakeCdn()
    seen: list[int] = []
    with pytest.raises(DownloadCancelledError):
        fetch(cdn, tmp_path / "v.mp4", on_progress=lambda d, t: seen.append(d),
              should_stop=lambda: len(seen) >= 2)
    assert len(seen) == 2
    assert leftovers(tmp_path) == []


def test_disk_full_while_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, fh: Any) -> None:
            self.fh = fh
            self.written = 0

        def write(self, data: bytes) -> int:
            if self.written + len(data) > 400_000:
                raise OSError(errno.ENOSPC, "No space left on device")
            self.written += len(data)
            return int(self.fh.write(data))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.fh, name)

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    dest = tmp_path / "v.mp4"
    dest.write_bytes(b"older video")
    with pytest.raises(DiskFullError, match="disk is full"):
        fetch(FakeCdn(), dest)
    assert dest.read_bytes() == b"older video"
    assert leftovers(tmp_path) == ["v.mp4"]


def test_not_enough_free_space_is_refused_up_front(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(downloads, "_free_space", lambda folder: 1000)
    cdn = FakeCdn()
    with pytest.raises(DiskFullError, match="Not enough free space"):
        fetch(cdn, tmp_path / "v.mp4")
    assert leftovers(tmp_path) == []


def test_destination_folder_gets_a_sanitised_name_from_the_url(tmp_path: Path) -> None:
    out = fetch(FakeCdn(), tmp_path, url="https://cdn.test/files/%2E%2E%2Fevil%20name.mp4")
    assert out.parent == tmp_path
    assert out.name == "evil name.mp4"


def test_missing_parent_folders_are_created(tmp_path: Path) -> None:
    out = fetch(FakeCdn(), tmp_path / "jobs" / "42" / "video.mp4")
    assert out.read_bytes() == VIDEO


# -- a real loopback server: the same resume over actual sockets ------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    drop_first = True

    def do_GET(self) -> None:
        rng = self.headers.get("Range")
        start = int(rng.split("=")[1].rstrip("-")) if rng else 0
        self.send_response(206 if start else 200)
        self.send_header("Content-Length", str(len(VIDEO) - start))
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(VIDEO) - 1}/{len(VIDEO)}")
        self.end_headers()
        if type(self).drop_first and not start:
            type(self).drop_first = False
            self.wfile.write(VIDEO[:123_456])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(VIDEO[start:])

    def log_message(self, *args: object) -> None:
        pass


def test_real_loopback_server_drop_and_resume(tmp_path: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="test-cdn", daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/out.mp4"
        out = download(url, tmp_path / "v.mp4", allow_loopback_http=True, expected_size=len(VIDEO),
                       retry=NO_WAIT)
        assert out.read_bytes() == VIDEO
        assert _Handler.drop_first is False
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# -- safe_file_name ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("output.mp4", "output.mp4"),
    ("../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\system.ini", "system.ini"),
    ("CON.mp4", "_CON.mp4"),
    ("lpt1", "_lpt1"),
    ("aux .mp4", "_aux.mp4"),
    ("evil\u202egpj.mp4", "evilgpj.mp4"),
    ("a\x00b\nc.mp4", "abc.mp4"),
    ('what?:*"<>|.mp4', "what_______.mp4"),
    ("", "video.mp4"),
    ("..", "video.mp4"),
    (" . . ", "video.mp4"),
    ("trailing. ", "trailing"),
    ("a....b.mp4", "a.b.mp4"),
])
def test_safe_file_name_examples(raw: str, expected: str) -> None:
    assert safe_file_name(raw) == expected


def test_long_names_keep_their_extension() -> None:
    name = safe_file_name("é" * 500 + ".mp4")
    assert name.endswith(".mp4")
    assert len(name) <= 120 and len(name.encode()) <= 240


_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³]|conin\$|conout\$)(\..*)?$", re.I)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=400) | st.text(alphabet="./\\ .:\x00aCON1", max_size=30))
def test_safe_file_name_is_always_one_harmless_component(raw: str) -> None:
    name = safe_file_name(raw)
    assert name
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert ".." not in name
    assert not name.startswith(".") and not name.endswith((".", " "))
    assert len(name) <= 120 and len(name.encode("utf-8")) <= 240
    assert not _WINDOWS_RESERVED.match(name.split(".")[0].rstrip() + "")
    assert all(ord(c) >= 32 and c != "\x7f" for c in name)
    assert safe_file_name(name) == name  # stable: sanitising twice changes nothing
