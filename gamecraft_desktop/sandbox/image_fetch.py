"""How a sandbox job gets its input image: from the sandbox CDN, a data: URI or a loopback URL."""

from __future__ import annotations

import base64
import binascii
import io
import urllib.error
import urllib.request
from urllib.parse import unquote_to_bytes, urlsplit

from gamecraft_desktop.sandbox.httpkit import classify, is_loopback
from gamecraft_desktop.sandbox.storage import Storage

MAX_IMAGE_BYTES = 64 * 1024 * 1024


class ImageFetchError(Exception):
    """The job's input image could not be fetched; the message is for people."""


def fetch_image(url: str, *, storage: Storage, own_port: int) -> bytes:
    """The input image's bytes: the sandbox CDN, a data: URI or a loopback http URL (no internet)."""
    if url[:5].lower() == "data:":
        meta, sep, payload = url[5:].partition(",")
        if not sep:
            raise ImageFetchError("Failed to read the image: the data: URI has no comma.")
        try:
            if meta.lower().endswith(";base64"):
                return base64.b64decode("".join(payload.split()), validate=True)
            return unquote_to_bytes(payload)
        except (binascii.Error, ValueError) as exc:
            raise ImageFetchError(f"Failed to read the image: the data: URI is not valid base64 ({exc}).") from None
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    if (parts.scheme == "http" and is_loopback(parts.hostname) and port == own_port
            and parts.path.startswith("/files/")):
        route = classify(parts.path)
        blob = storage.get(route.blob_id, route.name) if route.kind == "cdn" else None
        if blob is None:
            raise ImageFetchError(f"Failed to download the image from {url}: 404 Not Found on the sandbox CDN.")
        return storage.read(blob)
    if parts.scheme in ("http", "https") and is_loopback(parts.hostname):
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(urllib.request.Request(url, method="GET"), timeout=10) as resp:
                data = resp.read(MAX_IMAGE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise ImageFetchError(f"Failed to download the image from {url}: HTTP {exc.code}.") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise ImageFetchError(f"Failed to download the image from {url}: {exc}.") from None
        if len(data) > MAX_IMAGE_BYTES:
            raise ImageFetchError(f"Failed to download the image from {url}: larger than {MAX_IMAGE_BYTES} bytes.")
        return data
    raise ImageFetchError(
        f"Failed to download the image from {url[:200]}: the sandbox has no internet access. Upload the image "
        "(it then comes from the sandbox CDN), send it as a data: URI, or use an http URL on 127.0.0.1.")


def check_image(data: bytes) -> None:
    """Raise ImageFetchError unless `data` is an image Pillow can open."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            im.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ImageFetchError(f"The image could not be decoded: {exc}") from None
    except Exception as exc:  # Pillow raises a variety of errors on hostile input
        raise ImageFetchError(f"The image could not be decoded: {exc}") from None
