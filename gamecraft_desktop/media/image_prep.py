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

The image rule lives here once, for the window and the CLI alike (`check_image`): a readable file of an
allowed format, within the size limits, that decodes completely. Both refuse with the same sentence.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_to_bytes

from PIL import Image, ImageOps, UnidentifiedImageError

from gamecraft_desktop.core.camera_path import OUTPUT_HEIGHT, OUTPUT_WIDTH
from gamecraft_desktop.core.crop import model_crop, small_image_warning
from gamecraft_desktop.core.filenames import safe_file_name
from gamecraft_desktop.core.texts import QT_TRANSLATE_NOOP, number
from gamecraft_desktop.media.errors import ImageChecks, ImageError

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
class ImageFacts:
    """What `check_image` found: the size as the person sees it (after EXIF rotation) and the format."""

    width: int
    height: int
    format: str
    warnings: tuple[str, ...] = ()


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

    @property
    def warnings(self) -> tuple[str, ...]:
        """Soft problems with the source (a tiny image the model must enlarge), for the person to see."""
        small = small_image_warning(self.source_width, self.source_height)
        return (small,) if small else ()


def read_image_source(source: Path | bytes, *, label: str | None = None,
                      max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> tuple[bytes, str]:
    """The bytes of an image file (or the bytes given) and how messages name it (“photo.jpg”, or `label`
    for bytes: "The dropped image"). Raises ImageError for a missing, unreadable, empty or huge file."""
    return _read_source(source, max_file_bytes, label)


def check_image(source: Path | bytes, *, label: str | None = None, max_pixels: int = DEFAULT_MAX_PIXELS,
                max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> ImageFacts:
    """The one image rule (window and CLI): readable, an allowed format, within the limits, and decoding
    completely (a truncated JPEG or a PNG with a damaged body is refused, not shown grey or sent black).
    Raises ImageError with the message both show."""
    data, name = _read_source(source, max_file_bytes, label)
    return check_image_data(data, name, max_pixels=max_pixels)


def check_image_data(data: bytes, name: str, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> ImageFacts:
    """`check_image` for bytes already read; `name` is how messages name them (see read_image_source)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        img = _open(data, name, max_pixels)
        try:
            fmt = (img.format or "").upper()
            w, h = img.size
            if fmt in ("JPEG", "MPO"):
                # libjpeg still reads every byte of the stream at 1/8 scale (a cut-off file fails the same
                # way), at a fraction of the time and memory.
                img.draft("RGB", (max(1, w // 8), max(1, h // 8)))
            _decode(img, name)  # before the EXIF lookup, which decodes a PNG itself and hid its errors
            if _orientation(img) in (5, 6, 7, 8):
                w, h = h, w
        finally:
            img.close()
    small = small_image_warning(w, h)
    return ImageFacts(w, h, fmt, (small,) if small else ())


def decode_data_uri(url: str) -> bytes:
    """`data:[<type>][;base64],<payload>` → bytes; raises ImageError with a readable message."""
    header, sep, payload = url.partition(",")
    if not header.lower().startswith("data:") or not sep:
        raise ImageError(ImageChecks.tr("The data: link is malformed (no comma before its content)."))
    if header.lower().endswith(";base64"):
        try:
            return base64.b64decode("".join(payload.split()), validate=False)
        except (binascii.Error, ValueError):
            raise ImageError(ImageChecks.tr("The data: link is not valid base64.")) from None
    return unquote_to_bytes(payload)


def check_data_uri(url: str, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> ImageFacts:
    """A data: URI's content must pass the same image rule as a file before it is sent (fal would take it,
    bill the job and fail it). Raises ImageError."""
    data = decode_data_uri(url)
    if not data:
        raise ImageError(ImageChecks.tr("The data: link is empty (0 bytes): it is not an image."))
    return check_image_data(data, ImageChecks.tr("The data: link's content"), max_pixels=max_pixels)


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
    stem = Path(source).stem if isinstance(source, str | Path) else "image"
    with warnings.catch_warnings():
        # Pillow warns above ~89 MP; our own limit (checked below) is the one that matters.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        img = _open(data, display_name, max_pixels)
        try:
            return _prepare_opened(img, data, display_name, stem or "image", crop_to_model)
        finally:
            img.close()


def _read_source(source: Path | bytes, max_file_bytes: int, label: str | None = None) -> tuple[bytes, str]:
    """(bytes, how messages name them): “photo.jpg” for a file, `label` (or "The image") for bytes."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        name = label or ImageChecks.tr("The image")
    else:
        path = Path(source)
        name = label or ImageChecks.tr("“{name}”").format(name=path.name)
        try:
            if path.is_dir():
                raise ImageError(ImageChecks.tr("{name} is a folder, not an image file.").format(name=name))
            size = path.stat().st_size
            if size > max_file_bytes:
                raise ImageError(
                    ImageChecks.tr("{name} is {size} MB; images over {limit} MB are refused.").format(
                        name=name, size=number(size / 1e6, 0), limit=number(max_file_bytes / 1e6, 0)))
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise ImageError(ImageChecks.tr("The image file {name} does not exist (any more).").format(
                                 name=name)) from exc
        except IsADirectoryError as exc:
            raise ImageError(ImageChecks.tr("{name} is a folder, not an image file.").format(name=name)) from exc
        except PermissionError as exc:
            raise ImageError(ImageChecks.tr("No permission to read {name}.").format(name=name)) from exc
        except OSError as exc:
            raise ImageError(ImageChecks.tr("Could not read {name}: {error}.").format(
                                 name=name, error=exc.strerror or exc)) from exc
    if not data:
        raise ImageError(ImageChecks.tr("{name} is empty (0 bytes): it is not an image.").format(name=name))
    if len(data) > max_file_bytes:
        raise ImageError(
            ImageChecks.tr("{name} is {size} MB; images over {limit} MB are refused.").format(
                name=name, value=number(len(data) / 1e6, 0), value2=number(max_file_bytes / 1e6, 0)))
    return data, name


def _open(data: bytes, name: str, max_pixels: int) -> Image.Image:
    """Open (header only) with the allow-listed decoders and enforce the pixel limit."""
    try:
        img = Image.open(io.BytesIO(data), formats=_available_formats())
    except Image.DecompressionBombError as exc:
        # Pillow refuses past twice its own limit before we see the size; its message carries the count.
        found = re.search(r"\((\d+) pixels\)", str(exc))
        size = ImageChecks.tr("{n} megapixels").format(n=number(int(found.group(1)) / 1e6, 0)) if found else \
            ImageChecks.tr("larger than any image this app accepts")
        raise ImageError(ImageChecks.tr("{name} is {size}; the limit is {limit} megapixels. Scale it down "
                                        "first.").format(
                             name=name, size=size, limit=number(max_pixels / 1e6, 0))) from exc
    except UnidentifiedImageError as exc:
        raise ImageError(_unidentified_message(data, name)) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageError(ImageChecks.tr("{name} is damaged: its header cannot be read ({exc}).").format(
                             name=name, exc=exc)) from exc
    width, height = img.size
    if width <= 0 or height <= 0:
        img.close()
        raise ImageError(ImageChecks.tr("{name} says it is {width}×{height} pixels: that is not a usable "
                                        "image.").format(name=name, width=width, height=height))
    if width * height > max_pixels:
        img.close()
        raise ImageError(
            ImageChecks.tr("{name} is {width}×{height} pixels ({megapixels} megapixels); the limit is {limit} "
                           "megapixels. Scale it down first.").format(
                name=name, width=width, height=height, megapixels=number(width * height / 1e6, 0),
                limit=number(max_pixels / 1e6, 0)))
    return img


def _available_formats() -> list[str]:
    register_decoders()
    return [f for f in SUPPORTED_FORMATS if f in Image.OPEN]


def register_decoders() -> None:
    """Register every Pillow plugin (Image.open(formats=...) only knows registered ones): ~45 module imports,
    done once; engine.preload does it right after start-up rather than at the first image of a batch."""
    Image.init()


#: Formats by their first bytes that Pillow cannot open here: name them instead of "not an image".
_UNSUPPORTED_MAGIC = ((b"8BPS", "Photoshop (PSD)"), (b"\xff\x0a", "JPEG XL"), (b"\x00\x00\x00\x0cJXL ", "JPEG XL"),
                      (b"\x00\x00\x00\x0cjP  ", "JPEG 2000"))
_CONVERT = QT_TRANSLATE_NOOP("ImageChecks", "Convert it to PNG, JPEG or WebP.")


def _unidentified_message(data: bytes, name: str) -> str:
    """Why these bytes are not an image this app reads, naming what they are when that is known."""
    head = data[:256]
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return ImageChecks.tr("{name} is an AVIF image, which this app cannot read. {CONVERT}").format(
                       name=name, CONVERT=ImageChecks.tr(_CONVERT))
        if brand in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"):
            return ImageChecks.tr("{name} is a HEIC image, which this app cannot read. {CONVERT}").format(
                       name=name, CONVERT=ImageChecks.tr(_CONVERT))
        return ImageChecks.tr("{name} is a video file, not an image.").format(name=name)
    for magic, what in _UNSUPPORTED_MAGIC:
        if head.startswith(magic):
            return ImageChecks.tr("{name} is a {what} image, which this app cannot read. {CONVERT}").format(
                       name=name, what=what, CONVERT=ImageChecks.tr(_CONVERT))
    if head.startswith(b"%PDF"):
        return ImageChecks.tr("{name} is a PDF document, not an image. Export the page you want as PNG or "
                              "JPEG.").format(name=name)
    lower = head.lstrip().lower()
    if lower.startswith(b"<svg") or (lower.startswith(b"<?xml") and b"<svg" in data[:4096].lower()):
        return (ImageChecks.tr("{name} is an SVG drawing; the model needs a picture made of pixels. Export "
                               "it as PNG or JPEG.").format(name=name))
    try:  # Pillow may know the format without us allowing it: say which one.
        with Image.open(io.BytesIO(data)) as other:
            fmt = other.format or "unknown"
        return ImageChecks.tr("{name} is a {fmt} image, which is not supported. Use JPEG, PNG, WebP, GIF, "
                              "BMP or TIFF.").format(name=name, fmt=fmt)
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        pass  # Pillow does not know it either: say what the bytes look like
    if lower.startswith((b"<!doctype html", b"<html")):
        return ImageChecks.tr("{name} is not an image: it is a web page.").format(name=name)
    if head.startswith(b"PK\x03\x04"):
        return ImageChecks.tr("{name} is not an image: it is a ZIP archive.").format(name=name)
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return (ImageChecks.tr("{name} is not an image: its contents are not in any image format this app "
                               "reads (JPEG, PNG, WebP, GIF, BMP or TIFF).").format(name=name))
    return ImageChecks.tr("{name} is not an image: it contains text.").format(name=name)


def _orientation(img: Image.Image) -> int:
    try:
        value = img.getexif().get(_ORIENTATION_TAG, 1)
        return int(value) if int(value) in range(1, 9) else 1
    except Exception:  # broken EXIF must not make a good picture unusable
        return 1


def _prepare_opened(img: Image.Image, data: bytes, name: str, stem: str, crop: bool) -> PreparedImage:
    fmt = (img.format or "").upper()
    if fmt not in ("JPEG", "MPO"):
        # Decode fully before anything else reads the image: getexif() decodes a PNG itself, and a damaged
        # body failing there was swallowed, leaving a black frame that was uploaded and billed.
        _decode(img, name)
    orientation = _orientation(img)
    rotated = orientation != 1
    raw_w, raw_h = img.size
    src_w, src_h = (raw_h, raw_w) if orientation in (5, 6, 7, 8) else (raw_w, raw_h)

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
        raise ImageError(ImageChecks.tr("{name} is too large to decode safely: refused.").format(name=name)) from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, MemoryError) as exc:
        text = str(exc)
        if "truncated" in text or isinstance(exc, EOFError):
            raise ImageError(ImageChecks.tr("{name} is incomplete (the file is cut off): it cannot be used.").format(
                                 name=name)) from exc
        raise ImageError(ImageChecks.tr("{name} is damaged and cannot be decoded ({error}).").format(
                             name=name, error=text or type(exc).__name__)) from exc


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
