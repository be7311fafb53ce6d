"""The CDN upload flow against a scripted storage (httpx.MockTransport), and the upload cache."""

from __future__ import annotations

import io
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.fal.errors import AuthError, MissingKeyError
from gamecraft_desktop.fal.retry import NO_WAIT
from gamecraft_desktop.fal.uploads import (
    PreparedImage,
    UploadCache,
    Uploader,
    UploadError,
    prepare_image,
    to_data_uri,
)

KEY = "test-id:test-secret"
REST = "https://rest.test"
PROXY = "https://proxy.test/api/fal"
INITIATE = f"{REST}/storage/upload/initiate?storage_type=fal-cdn-v3"


@dataclass
class FakeStorage:
    """fal storage as the JS client sees it: REST initiate, signed PUT host, CDN host."""

    put_failures: list[int | type[httpx.TransportError]] = field(default_factory=list)
    initiate_status: int = 200
    initiate_failures: list[int | type[httpx.TransportError]] = field(default_factory=list)
    dead_urls: set[str] = field(default_factory=set)
    requests: list[httpx.Request] = field(default_factory=list)
    stored: dict[str, bytes] = field(default_factory=dict)
    parts: dict[int, bytes] = field(default_factory=dict)
    completed: list[dict[str, Any]] = field(default_factory=list)
    counter: int = 0

    def handler(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        self.requests.append(request)
        url = request.url
        if url.host in ("rest.test", "proxy.test") and request.method == "POST":
            if self.initiate_failures:
                failure = self.initiate_failures.pop(0)
                if isinstance(failure, int):
                    return httpx.Response(failure, text="<html>nginx</html>")
                raise failure("boom", request=request)
            if self.initiate_status != 200:
                return httpx.Response(self.initiate_status, json={"detail": "Invalid key"})
            target = httpx.URL(request.headers["x-fal-target-url"]) if url.host == "proxy.test" else url
            self.counter += 1
            name = json.loads(body)["file_name"]
            kind = "mp" if target.path.endswith("initiate-multipart") else "put"
            return httpx.Response(200, json={
                "upload_url": f"https://upload.test/{kind}/{self.counter}?sig=abc",
                "file_url": f"https://cdn.test/files/{self.counter}/{name}"})
        if url.host == "upload.test" and request.method == "PUT":
            if self.put_failures:
                failure = self.put_failures.pop(0)
                if isinstance(failure, int):
                    return httpx.Response(failure, text="<html>nginx</html>")
                raise failure("connection reset", request=request)
            parts = url.path.strip("/").split("/")
            assert url.params["sig"] == "abc"
            if parts[0] == "mp":
                number = int(parts[2])
                self.parts[number] = body
                return httpx.Response(200, json={"partNumber": number, "etag": f'"etag-{number}"'})
            self.stored[parts[1]] = body
            return httpx.Response(200)
        if url.host == "upload.test" and request.method == "POST" and url.path.endswith("/complete"):
            assert url.params["sig"] == "abc"
            self.completed.append(json.loads(body))
            return httpx.Response(200, json={"ok": True})
        if url.host == "cdn.test" and request.method == "GET":
            if str(url) in self.dead_urls:
                return httpx.Response(404)
            return httpx.Response(206, content=b"\xff", headers={"Content-Range": "bytes 0-0/100"})
        return httpx.Response(500, text=f"unexpected {request.method} {url}")

    def of(self, method: str, host: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.host == host]


@pytest.fixture
def storage() -> FakeStorage:
    return FakeStorage()


@pytest.fixture(scope="module")
def image() -> PreparedImage:
    buf = io.BytesIO()
    Image.effect_noise((1400, 900), 40).convert("RGB").save(buf, "JPEG")
    return prepare_image(buf.getvalue())


def make_uploader(storage: FakeStorage, *, proxy: str | None = None, cache: UploadCache | None = None,
                  key: str | None = KEY, **kw: object) -> Uploader:
    config = FalConfig(queue_url="https://queue.test", rest_url=REST, proxy_url=proxy)
    creds = Credentials(key=key, source="FAL_KEY") if key else Credentials.none()
    return Uploader(config, creds, transport=httpx.MockTransport(storage.handler), cache=cache,
                    retry=NO_WAIT, **kw)  # type: ignore[arg-type]


def test_upload_initiates_with_the_key_and_puts_without_it(storage: FakeStorage, image: PreparedImage) -> None:
    with make_uploader(storage) as up:
        url = up.upload(image)
    assert url == f"https://cdn.test/files/1/{image.file_name}"
    (initiate,) = storage.of("POST", "rest.test")
    assert str(initiate.url) == INITIATE
    assert initiate.headers["authorization"] == f"Key {KEY}"
    assert json.loads(initiate.content) == {"content_type": "image/jpeg", "file_name": image.file_name}
    (put,) = storage.of("PUT", "upload.test")
    assert "authorization" not in put.headers
    assert put.headers["content-type"] == "image/jpeg"
    assert put.headers["content-length"] == str(image.size)
    assert storage.stored["1"] == image.data


def test_image_ref_carries_url_and_metadata(storage: FakeStorage, image: PreparedImage) -> None:
    with make_uploader(storage) as up:
        ref = up.image_ref(image)
    assert ref.url.startswith("https://cdn.test/files/1/")
    assert (ref.width, ref.height, ref.file_size, ref.content_type) == (1216, 704, image.size, "image/jpeg")


def test_progress_reaches_the_total(storage: FakeStorage) -> None:
    data = bytes(range(256)) * 1000  # 256 kB: several 64 kB chunks
    seen: list[tuple[int, int]] = []
    with make_uploader(storage) as up:
        up.upload_bytes(data, "image/png", "x.png", lambda done, total: seen.append((done, total)))
    assert seen[-1] == (len(data), len(data))
    assert len(seen) >= 4
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_put_is_retried_after_5xx_and_network_errors(storage: FakeStorage, image: PreparedImage) -> None:
    storage.put_failures = [503, httpx.WriteError, 502]
    with make_uploader(storage) as up:
        up.upload(image)
    puts = storage.of("PUT", "upload.test")
    assert len(puts) == 4
    assert all("authorization" not in p.headers for p in puts)
    assert storage.stored["1"] == image.data


def test_put_gives_up_with_a_human_message(storage: FakeStorage, image: PreparedImage) -> None:
    storage.put_failures = [503] * 10
    with make_uploader(storage) as up, pytest.raises(UploadError, match="failed while uploading the image"):
        up.upload(image)
    assert len(storage.of("PUT", "upload.test")) == 5  # NO_WAIT: 5 attempts


def test_expired_signed_url_is_not_retried(storage: FakeStorage, image: PreparedImage) -> None:
    storage.put_failures = [403]
    with make_uploader(storage) as up, pytest.raises(UploadError, match=r"refused .*expired"):
        up.upload(image)
    assert len(storage.of("PUT", "upload.test")) == 1


def test_rejected_key_is_an_auth_error(storage: FakeStorage, image: PreparedImage) -> None:
    storage.initiate_status = 401
    with make_uploader(storage) as up, pytest.raises(AuthError, match="Invalid key"):
        up.upload(image)
    assert not storage.of("PUT", "upload.test")


def test_initiate_is_retried_only_when_it_cannot_have_reached_fal(
        storage: FakeStorage, image: PreparedImage) -> None:
    storage.initiate_failures = [httpx.ConnectError, 503, 429]
    with make_uploader(storage) as up:
        assert up.upload(image).startswith("https://cdn.test/")
    assert len(storage.of("POST", "rest.test")) == 4


def test_initiate_read_timeout_is_not_retried(storage: FakeStorage, image: PreparedImage) -> None:
    storage.initiate_failures = [httpx.ReadTimeout]
    with make_uploader(storage) as up, pytest.raises(UploadError, match="starting the upload"):
        up.upload(image)
    assert len(storage.of("POST", "rest.test")) == 1
    assert not storage.of("PUT", "upload.test")


def test_no_key_fails_before_sending(storage: FakeStorage, image: PreparedImage) -> None:
    with make_uploader(storage, key=None) as up, pytest.raises(MissingKeyError, match="upload"):
        up.upload(image)
    assert storage.requests == []


def test_proxy_mode_initiates_through_the_proxy_and_puts_direct(
        storage: FakeStorage, image: PreparedImage) -> None:
    with make_uploader(storage, proxy=PROXY, key=None) as up:
        url = up.upload(image)
    assert url.startswith("https://cdn.test/")
    (initiate,) = storage.of("POST", "proxy.test")
    assert initiate.headers["x-fal-target-url"] == INITIATE
    assert "authorization" not in initiate.headers
    assert not storage.of("POST", "rest.test")
    (put,) = storage.of("PUT", "upload.test")
    assert "authorization" not in put.headers and "x-fal-target-url" not in put.headers


def test_proxy_mode_never_sends_a_key_even_when_one_is_set(storage: FakeStorage, image: PreparedImage) -> None:
    with make_uploader(storage, proxy=PROXY) as up:
        up.upload(image)
    assert all("authorization" not in r.headers for r in storage.requests)


def test_multipart_above_the_threshold(storage: FakeStorage) -> None:
    data = bytes(range(256)) * 100  # 25,600 bytes; parts of 10,000
    seen: list[tuple[int, int]] = []
    with make_uploader(storage, multipart_threshold=20_000, part_size=10_000) as up:
        url = up.upload_bytes(data, "video/mp4", "big.mp4", lambda d, t: seen.append((d, t)))
    assert url == "https://cdn.test/files/1/big.mp4"
    (initiate,) = storage.of("POST", "rest.test")
    assert initiate.url.path == "/storage/upload/initiate-multipart"
    assert initiate.url.params["storage_type"] == "fal-cdn-v3"
    puts = storage.of("PUT", "upload.test")
    assert [p.url.path for p in puts] == ["/mp/1/1", "/mp/1/2", "/mp/1/3"]
    assert all("authorization" not in p.headers for p in puts)
    assert b"".join(storage.parts[n] for n in (1, 2, 3)) == data
    assert storage.completed == [{"parts": [{"partNumber": n, "etag": f'"etag-{n}"'} for n in (1, 2, 3)]}]
    complete = storage.of("POST", "upload.test")[0]
    assert "authorization" not in complete.headers
    assert seen[-1] == (len(data), len(data))


@settings(max_examples=25, deadline=None)
@given(size=st.integers(min_value=1, max_value=5000), part=st.integers(min_value=1, max_value=1500))
@pytest.mark.slow
def test_multipart_parts_always_reassemble_the_bytes(size: int, part: int) -> None:
    storage = FakeStorage()
    data = bytes(i % 251 for i in range(size))
    with make_uploader(storage, multipart_threshold=0, part_size=part) as up:
        up.upload_bytes(data, "application/octet-stream", "x.bin")
    numbers = sorted(storage.parts)
    assert numbers == list(range(1, -(-size // part) + 1))
    assert b"".join(storage.parts[n] for n in numbers) == data
    assert [p["partNumber"] for p in storage.completed[0]["parts"]] == numbers


def test_multipart_retries_a_failed_part(storage: FakeStorage) -> None:
    data = b"x" * 25_000
    storage.put_failures = [500]
    with make_uploader(storage, multipart_threshold=20_000, part_size=10_000) as up:
        up.upload_bytes(data, "video/mp4", "big.mp4")
    assert b"".join(storage.parts[n] for n in sorted(storage.parts)) == data


def test_below_threshold_uses_a_single_put(storage: FakeStorage) -> None:
    with make_uploader(storage, multipart_threshold=20_000, part_size=10_000) as up:
        up.upload_bytes(b"x" * 20_000, "image/png", "a.png")
    assert storage.of("POST", "rest.test")[0].url.path == "/storage/upload/initiate"


def test_data_uri_only_when_asked(image: PreparedImage) -> None:
    uri = to_data_uri(image)
    assert uri.startswith("data:image/jpeg;base64,/9j/")
    assert Uploader.to_data_uri(image) == uri


# -- cache ------------------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_cache_hit_skips_the_upload_after_a_liveness_check(
        storage: FakeStorage, image: PreparedImage, tmp_path: Path) -> None:
    cache = UploadCache(tmp_path / "uploads.json")
    with make_uploader(storage, cache=cache) as up:
        first = up.upload(image)
    with make_uploader(storage, cache=UploadCache(tmp_path / "uploads.json")) as up:  # a new process
        second = up.upload(image)
    assert first == second
    assert len(storage.of("PUT", "upload.test")) == 1
    (check,) = storage.of("GET", "cdn.test")
    assert check.headers["range"] == "bytes=0-0"
    assert "authorization" not in check.headers


def test_cache_miss_for_other_bytes(storage: FakeStorage, image: PreparedImage, tmp_path: Path) -> None:
    cache = UploadCache(tmp_path / "uploads.json")
    with make_uploader(storage, cache=cache) as up:
        up.upload(image)
        up.upload_bytes(b"other", "image/png", "o.png")
        other = prepare_image(_png(64))
        up.upload(other)
    assert len(storage.of("PUT", "upload.test")) == 3


def test_expired_cache_entry_is_uploaded_again(
        storage: FakeStorage, image: PreparedImage, tmp_path: Path) -> None:
    clock = Clock()
    cache = UploadCache(tmp_path / "uploads.json", ttl_s=100, clock=clock)
    with make_uploader(storage, cache=cache) as up:
        first = up.upload(image)
        clock.now += 101
        second = up.upload(image)
    assert first != second
    assert len(storage.of("PUT", "upload.test")) == 2
    assert not storage.of("GET", "cdn.test")  # expired entries are not even checked


def test_dead_cached_url_is_replaced(storage: FakeStorage, image: PreparedImage, tmp_path: Path) -> None:
    cache = UploadCache(tmp_path / "uploads.json")
    with make_uploader(storage, cache=cache) as up:
        first = up.upload(image)
        storage.dead_urls.add(first)
        second = up.upload(image)
        third = up.upload(image)
    assert second != first and third == second
    assert len(storage.of("PUT", "upload.test")) == 2
    entry = cache.get(image.sha256)
    assert entry is not None and entry.file_url == second


def test_corrupt_cache_file_is_ignored_and_replaced(
        storage: FakeStorage, image: PreparedImage, tmp_path: Path) -> None:
    path = tmp_path / "uploads.json"
    path.write_bytes(b"{\"version\": 1, \"entries\": {\"abc\": [tru")
    cache = UploadCache(path)
    assert cache.get("abc") is None
    with make_uploader(storage, cache=cache) as up:
        url = up.upload(image)
    doc = json.loads(path.read_text())
    assert doc["entries"][image.sha256]["file_url"] == url


@pytest.mark.parametrize("content", [b"", b"[]", b"null", b"\xff\xfe\x00garbage",
                                     b'{"entries": {"a": {"file_url": 3, "uploaded_at": "x"}}}'])
def test_any_damaged_cache_content_reads_as_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "uploads.json"
    path.write_bytes(content)
    cache = UploadCache(path)
    assert len(cache) == 0
    cache.put("b" * 64, "https://cdn.test/x")
    assert UploadCache(path).get("b" * 64) is not None


def test_cache_entries_are_scoped_to_the_rest_origin(tmp_path: Path) -> None:
    cache = UploadCache(tmp_path / "uploads.json")
    cache.put("s" * 64, "http://127.0.0.1:9/cdn/x", origin="http://127.0.0.1:9")
    assert cache.get("s" * 64, "https://rest.fal.ai") is None
    assert cache.get("s" * 64, "http://127.0.0.1:9") is not None


def test_cache_writes_are_atomic_and_thread_safe(tmp_path: Path) -> None:
    path = tmp_path / "uploads.json"
    cache = UploadCache(path)

    def writer(i: int) -> None:
        for j in range(20):
            cache.put(f"{i:02d}{j:062d}", f"https://cdn.test/{i}/{j}")

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(UploadCache(path)) == 80
    assert [p.name for p in tmp_path.iterdir()] == ["uploads.json"]  # no temp files left


def test_unwritable_cache_does_not_break_uploads(
        storage: FakeStorage, image: PreparedImage, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = UploadCache(blocker / "uploads.json")
    with make_uploader(storage, cache=cache) as up:
        assert up.upload(image).startswith("https://cdn.test/")


def _png(size: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (size, size), (1, 2, 3)).save(buf, "PNG")
    return buf.getvalue()
