"""The sandbox's storage and CDN: initiate, signed PUT (never with a key), multipart, Range, HEAD, counters."""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from sandbox_support import (
    AUTH,
    png_bytes,
    request,
    run_to_completion,
    wire_input,
)

from gamecraft_desktop.sandbox import SandboxServer

INITIATE = "/storage/upload/initiate?storage_type=fal-cdn-v3"


def initiate(c: httpx.Client, name: str = "photo.png", ctype: str = "image/png",
             multipart: bool = False) -> dict[str, str]:
    path = INITIATE.replace("initiate", "initiate-multipart") if multipart else INITIATE
    r = c.post(path, json={"content_type": ctype, "file_name": name})
    assert r.status_code == 200, r.text
    return r.json()


def test_initiate_needs_the_key_and_returns_same_origin_urls(sandbox: SandboxServer, client: httpx.Client) -> None:
    assert request("POST", sandbox.base_url + INITIATE, json={"content_type": "image/png"}).status_code == 401
    up = initiate(client)
    assert up["upload_url"].startswith(sandbox.base_url + "/upload/")
    assert "token=" in urlsplit(up["upload_url"]).query
    assert up["file_url"].startswith(sandbox.base_url + "/files/")
    assert up["file_url"].endswith("/photo.png")


def test_put_then_cdn_serves_the_bytes_without_a_key(sandbox: SandboxServer, client: httpx.Client) -> None:
    data = png_bytes(64, 40)
    up = initiate(client)
    assert request("GET", up["file_url"]).status_code == 404  # nothing there before the PUT
    r = request("PUT", up["upload_url"], content=data, headers={"Content-Type": "image/png"})
    assert r.status_code == 200
    got = request("GET", up["file_url"])
    assert got.status_code == 200
    assert got.content == data
    assert got.headers["content-type"] == "image/png"
    assert got.headers["accept-ranges"] == "bytes"
    assert sandbox.counters.uploads == 1
    assert sandbox.counters.upload_bytes == len(data)
    assert sandbox.counters.header_seen("initiate", "authorization")
    assert not sandbox.counters.header_seen("upload", "authorization")
    assert not sandbox.counters.header_seen("cdn", "authorization")
    # the recorded headers never hold the key itself
    assert all("test-secret" not in v for h in sandbox.counters.headers("initiate") for v in h.values())


def test_put_with_an_authorization_header_is_refused(sandbox: SandboxServer, client: httpx.Client) -> None:
    up = initiate(client)
    r = request("PUT", up["upload_url"], content=b"abc", headers=AUTH)
    assert r.status_code == 400
    assert "Authorization" in r.json()["detail"]
    assert sandbox.counters.uploads == 0
    assert sandbox.counters.header_seen("upload", "authorization")  # the leak is visible to tests


def test_put_with_a_bad_token_is_403(client: httpx.Client) -> None:
    up = initiate(client)
    bad = up["upload_url"].split("?")[0] + "?token=forged"
    assert request("PUT", bad, content=b"abc").status_code == 403
    assert request("PUT", up["upload_url"].split("?")[0], content=b"abc").status_code == 403


def test_streamed_chunked_upload_is_accepted(sandbox: SandboxServer, client: httpx.Client) -> None:
    data = os.urandom(300_000)

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(data), 65_536):
            yield data[i: i + 65_536]

    up = initiate(client, "blob.bin", "application/octet-stream")
    r = request("PUT", up["upload_url"], content=chunks())
    assert r.status_code == 200
    assert request("GET", up["file_url"]).content == data


def test_multipart_upload(sandbox: SandboxServer, client: httpx.Client) -> None:
    parts = [os.urandom(1000), os.urandom(1000), os.urandom(10)]
    up = initiate(client, "big.bin", "application/octet-stream", multipart=True)
    u = urlsplit(up["upload_url"])
    origin = f"{u.scheme}://{u.netloc}"
    answers = []
    for n, chunk in enumerate(parts, start=1):
        r = request("PUT", f"{origin}{u.path}/{n}?{u.query}", content=chunk)
        assert r.status_code == 200
        assert r.json()["partNumber"] == n
        answers.append(r.json())
    assert request("GET", up["file_url"]).status_code == 404  # not before complete
    bad = request("POST", f"{origin}{u.path}/complete?{u.query}",
                  json={"parts": [{"partNumber": 1, "etag": "wrong"}]})
    assert bad.status_code == 400
    done = request("POST", f"{origin}{u.path}/complete?{u.query}",
                   json={"parts": [{"partNumber": a["partNumber"], "etag": a["etag"]} for a in answers]})
    assert done.status_code == 200
    assert request("GET", up["file_url"]).content == b"".join(parts)
    assert sandbox.counters.uploads == 1
    assert sandbox.counters.upload_bytes == 2010


@pytest.mark.parametrize(("spec", "start", "end"), [
    ("bytes=0-9", 0, 9), ("bytes=100-", 100, 999), ("bytes=-10", 990, 999), ("bytes=995-5000", 995, 999),
])
def test_cdn_range_requests(client: httpx.Client, spec: str, start: int, end: int) -> None:
    data = os.urandom(1000)
    up = initiate(client, "r.bin", "application/octet-stream")
    request("PUT", up["upload_url"], content=data)
    r = request("GET", up["file_url"], headers={"Range": spec})
    assert r.status_code == 206
    assert r.headers["content-range"] == f"bytes {start}-{end}/1000"
    assert r.content == data[start: end + 1]


def test_cdn_unsatisfiable_range_head_and_if_range(client: httpx.Client) -> None:
    data = os.urandom(100)
    up = initiate(client, "r.bin", "application/octet-stream")
    request("PUT", up["upload_url"], content=data)
    r = request("GET", up["file_url"], headers={"Range": "bytes=100-"})
    assert r.status_code == 416
    assert r.headers["content-range"] == "bytes */100"
    head = request("HEAD", up["file_url"])
    assert head.status_code == 200
    assert head.headers["content-length"] == "100"
    assert head.content == b""
    etag = head.headers["etag"]
    assert request("GET", up["file_url"], headers={"Range": "bytes=0-0", "If-Range": etag}).status_code == 206
    assert request("GET", up["file_url"], headers={"Range": "bytes=0-0", "If-Range": '"other"'}).status_code == 200
    assert request("GET", up["file_url"].rsplit("/", 1)[0] + "/other-name.bin").status_code == 404


def test_output_video_is_served_by_the_cdn_with_ranges(sandbox: SandboxServer, client: httpx.Client) -> None:
    _, result = run_to_completion(client, wire_input())
    video = result.json()["video"]
    full = request("GET", video["url"]).content
    tail = request("GET", video["url"], headers={"Range": f"bytes={video['file_size'] - 5}-"})
    assert tail.status_code == 206 and tail.content == full[-5:]


def test_a_resumed_output_download_gets_the_rest_only_of_the_same_video(client: httpx.Client) -> None:
    """If-Range with the video's ETag resumes; another video's ETag (a different result at a reused name) gets
    the whole file again, so a download is never stitched from two videos."""
    videos = [run_to_completion(client, wire_input())[1].json()["video"] for _ in range(2)]
    etags = [request("HEAD", v["url"]).headers["etag"] for v in videos]
    assert etags[0] != etags[1] and all(e.startswith('"') and e.endswith('"') for e in etags)
    assert request("HEAD", videos[0]["url"]).headers["etag"] == etags[0]  # stable across requests
    size = videos[0]["file_size"]
    same = request("GET", videos[0]["url"], headers={"Range": f"bytes={size - 5}-", "If-Range": etags[0]})
    assert same.status_code == 206 and len(same.content) == 5
    other = request("GET", videos[0]["url"], headers={"Range": f"bytes={size - 5}-", "If-Range": etags[1]})
    assert other.status_code == 200 and len(other.content) == size


def test_counters_requests_by_kind(sandbox: SandboxServer, client: httpx.Client) -> None:
    up = initiate(client)
    request("PUT", up["upload_url"], content=png_bytes())
    run_to_completion(client, wire_input(image_url=up["file_url"]))
    kinds = sandbox.counters.requests_by_kind()
    assert kinds["initiate"] == 1 and kinds["upload"] == 1 and kinds["submit"] == 1 and kinds["result"] == 1
    assert kinds["status"] >= 1
    assert sandbox.counters.requests() == sum(kinds.values())
    snap = sandbox.counters.snapshot()
    assert snap["authorization_seen"] == sorted({"initiate", "submit", "status", "result"} & set(kinds))
