"""Turn a user's image into the bytes that get uploaded: checked, upright, and (by default) already
cropped to the 1216×704 frame the model works at.

Why crop locally: the model cover-scales and centre-crops every input to 1216×704 itself
(core.crop.model_crop), so sending a 4000 px photo costs upload time and bytes for pixels the model
throws away. The original stays on the user's disk.

Encoding choice for the cropped frame: JPEG at quality 95 with no chroma subsampling (4:4:4). For a
photo that is visually lossless at ~0.3–0.8 MB, where a PNG of the same frame is 1.5–2.5 MB; the
model's VAE is far lossier than either. When the *source* was lossless (PNG, GIF, BMP, TIFF) the frame is
also encoded as PNG and the PNG wins if it is at most 25 % larger than the JPEG: flat artwork, pixel art
and screenshots then stay exact (no ringing around edges) at almost no cost, while lossless photos
still go as JPEG. Re-encoding also drops all metadata (EXIF GPS position, camera serial) from what is
uploaded to a public CDN URL.
"""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from gamecraft_desktop.core.camera_path import OUTPUT_HEIGHT, OUTPUT_WIDTH
from gamecraft_desktop.core.crop import model_crop
from gamecraft_desktop.fal.errors import ImageError
from gamecraft_desktop.fal.filenames import safe_file_name

#: Formats we decode. Others Pillow knows (EPS needs Ghostscript, PSD, ICO, ...) are refused by name.
SUPPORTED_FORMATS: tuple[str, ...] = ("JPEG", "MPO", "PNG", "WEBP", "GIF", "BMP", "TIFF")
#: Sent as they are when not cropping; BMP and TIFF are re-encoded as PNG (huge, and not web formats).
_PASSTHROUGH = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp",
                "GIF": "image/gif"}
_LOSSLESS_SOURCES = frozenset({"PNG", "GIF", "BMP", "TIFF"})
_EXT = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif"}

JPEG_QUALITY = 95
PNG_PREFERENCE = 1.25  # keep the lossless PNG when it is at most this much bigger than the JPEG
DEFAULT_MAX_PIXELS = 100_000_000
DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024
_ORIENTATION_TAG = 0x0112


@dataclass(frozen=True)
class PreparedImage:
    """Bytes ready to upload plus what the UI and the request need to know about them.

    `width`/`height` describe `data`; `source_width`/`source_height` are the original's size as the
    user sees it (after EXIF rotation). `sha256` is of `data` (the upload cache key).
    """

    data: bytes
    content_type: str
    file_name: str
    width: int
    height: int
    sha256: str
    source_width: int
    source_height: int
    source_format: str = ""
    cropped: bool = False
    rotated: bool = False

    @property
    def size(self) -> int:
        return len(self.data)


def prepare_image(
    source: Path | bytes,
    *,
    crop_to_model: bool = True,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> PreparedImage:
    """Check, orient and (when `crop_to_model`) crop an image to 1216×704. Raises ImageError.

    The pixel count is checked from the file header before anything is decoded, so a small file that
    claims to be gigapixels (a decompression bomb) costs nothing.
    """
    data, display_name = _read_source(source, max_file_bytes)
    with warnings.catch_warnings():
        # Pillow warns above ~89 MP; our own limit (checked below) is the one that matters.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        img = _open(data, display_name, max_pixels)
        try:
            return _prepare_opened(img, data, display_name, crop_to_model)
        finally:
            img.close()


def _read_source(source: Path | bytes, max_file_bytes: int) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        name = "image"
    else:
        path = Path(source)
        name = path.name
        try:
            size = path.stat().st_size
            if size > max_file_bytes:
                raise ImageError(
                    f"“{name}” is {size / 1e6:.0f} MB; images over {max_file_bytes / 1e6:.0f} MB are refused.")
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise ImageError(f"The image file “{name}” does not exist (any more).") from exc
        except IsADirectoryError as exc:
            raise ImageError(f"“{name}” is a folder, not an image file.") from exc
        except PermissionError as exc:
            raise ImageError(f"No permission to read “{name}”.") from exc
        except OSError as exc:
            raise ImageError(f"Could not read “{name}”: {exc.strerror or exc}.") from exc
    if not data:
        raise ImageError(f"“{name}” is empty (0 bytes): it is not an image.")
    if len(data) > max_file_bytes:
        raise ImageError(
            f"The image is {len(data) / 1e6:.0f} MB; images over {max_file_bytes / 1e6:.0f} MB are refused.")
    return data, name


def _open(data: bytes, name: str, max_pixels: int) -> Image.Image:
    """Open (header only) with the allow-listed decoders and enforce the pixel limit."""
    try:
        img = Image.open(io.BytesIO(data), formats=_available_formats())
    except Image.DecompressionBombError as exc:
        raise ImageError(f"“{name}” claims to be larger than any image this app accepts "
                         f"(over {max_pixels / 1e6:.0f} megapixels): refused.") from exc
    except UnidentifiedImageError as exc:
        raise ImageError(_unidentified_message(data, name)) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageError(f"“{name}” is damaged: its header cannot be read ({exc}).") from exc
    width, height = img.size
    if width <= 0 or height <= 0:
        img.close()
        raise ImageError(f"“{name}” says it is {width}×{height} pixels: that is not a usable image.")
    if width * height > max_pixels:
        img.close()
        raise ImageError(
            f"“{name}” is {width}×{height} pixels ({width * height / 1e6:.0f} megapixels); the limit is "
            f"{max_pixels / 1e6:.0f} megapixels. Scale it down first.")
    return img


def _available_formats() -> list[str]:
    Image.init()  # registers every plugin; Image.open(formats=...) only knows registered ones
    return [f for f in SUPPORTED_FORMATS if f in Image.OPEN]


def _unidentified_message(data: bytes, name: str) -> str:
    head = data[:64]
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc", b"avif"):
        return (f"“{name}” is a HEIC/AVIF photo, which this app cannot read. "
                "Export it as JPEG or PNG and try again.")
    if head[4:8] == b"ftyp":
        return f"“{name}” is a video file, not an image."
    try:  # Pillow may know the format without us allowing it: say which one.
        with Image.open(io.BytesIO(data)) as other:
            fmt = other.format or "unknown"
        return (f"“{name}” is a {fmt} image, which is not supported. "
                "Use JPEG, PNG, WebP, GIF, BMP or TIFF.")
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        pass  # Pillow does not know it either: fall through to the generic sentences below
    if head.lstrip()[:1] in (b"<", b"{", b"["):
        return f"“{name}” is a text or web page file, not an image."
    return f"“{name}” is not an image this app can read (JPEG, PNG, WebP, GIF, BMP or TIFF)."


def _orientation(img: Image.Image) -> int:
    try:
        value = img.getexif().get(_ORIENTATION_TAG, 1)
        return int(value) if int(value) in range(1, 9) else 1
    except Exception:  # broken EXIF must not make a good picture unusable
        return 1


def _prepare_opened(img: Image.Image, data: bytes, name: str, crop: bool) -> PreparedImage:
    fmt = (img.format or "").upper()
    orientation = _orientation(img)
    rotated = orientation != 1
    raw_w, raw_h = img.size
    src_w, src_h = (raw_h, raw_w) if orientation in (5, 6, 7, 8) else (raw_w, raw_h)
    stem = Path(name).stem or "image"

    if not crop and not rotated and fmt in _PASSTHROUGH:
        _decode(img, name)  # prove it decodes fully before it is uploaded and paid for
        ctype = _PASSTHROUGH[fmt]
        return _result(data, ctype, f"{stem}{_EXT[ctype]}", src_w, src_h, src_w, src_h, fmt, False, False)

    if crop and fmt in ("JPEG", "MPO"):
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still leaves twice the pixels the
        # Lanczos step needs: much less memory and time for big photos, no visible difference.
        scale = model_crop(src_w, src_h).scale
        img.draft("RGB", (math.ceil(raw_w * scale * 2), math.ceil(raw_h * scale * 2)))
    _decode(img, name)
    try:
        upright = ImageOps.exif_transpose(img) if rotated else img
    except Exception:
        upright = img
    frame = upright if upright.mode == "RGB" else upright.convert("RGB")  # same as the model: alpha dropped

    if not crop:
        out = _encode_png(frame)
        return _result(out, "image/png", f"{stem}.png", frame.width, frame.height, src_w, src_h, fmt,
                       False, rotated)

    rect = model_crop(frame.width, frame.height)
    box = (rect.x, rect.y, rect.x + rect.width, rect.y + rect.height)
    frame = frame.resize((OUTPUT_WIDTH, OUTPUT_HEIGHT), Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    jpeg = _encode_jpeg(frame)
    out, ctype = jpeg, "image/jpeg"
    if fmt in _LOSSLESS_SOURCES:
        png = _encode_png(frame)
        if len(png) <= len(jpeg) * PNG_PREFERENCE:
            out, ctype = png, "image/png"
    file_name = f"{stem}-{OUTPUT_WIDTH}x{OUTPUT_HEIGHT}{_EXT[ctype]}"
    return _result(out, ctype, file_name, OUTPUT_WIDTH, OUTPUT_HEIGHT, src_w, src_h, fmt, True, rotated)


def _decode(img: Image.Image, name: str) -> None:
    try:
        img.load()
    except Image.DecompressionBombError as exc:
        raise ImageError(f"“{name}” is too large to decode safely: refused.") from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, MemoryError) as exc:
        text = str(exc)
        if "truncated" in text or isinstance(exc, EOFError):
            raise ImageError(f"“{name}” is incomplete (the file is cut off): it cannot be used.") from exc
        raise ImageError(f"“{name}” is damaged and cannot be decoded ({text or type(exc).__name__}).") from exc


def _encode_jpeg(img: Image.Image) -> bytes:
    # Not optimize=True: Pillow then encodes the whole image in one call that holds the GIL (~40 ms for
    # 1216×704, a visible stall of the window while jobs start) and fails on very detailed images whose
    # file exceeds its 2-bytes-per-pixel buffer. Plain coding streams; the file is a few per cent larger.
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=JPEG_QUALITY, subsampling=0)
    return buf.getvalue()


def _encode_png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=6)
    return buf.getvalue()


def _result(data: bytes, ctype: str, file_name: str, w: int, h: int, src_w: int, src_h: int, fmt: str,
            cropped: bool, rotated: bool) -> PreparedImage:
    return PreparedImage(
        data=data, content_type=ctype, file_name=safe_file_name(file_name, default=f"image{_EXT[ctype]}"),
        width=w, height=h, sha256=hashlib.sha256(data).hexdigest(), source_width=src_w,
        source_height=src_h, source_format=fmt, cropped=cropped, rotated=rotated)
