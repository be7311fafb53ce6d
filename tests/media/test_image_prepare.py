"""prepare_image with real images made by Pillow: what gets uploaded is upright, exactly 1216×704,
shows the centre the model would keep, and bad files are refused with a clear message."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from gamecraft_desktop.fal.uploads import PreparedImage, prepare_image
from gamecraft_desktop.media.errors import ImageError

RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)


def _encode(img: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def _decode(p: PreparedImage) -> Image.Image:
    img = Image.open(io.BytesIO(p.data))
    img.load()
    return img


def _close(a: object, b: tuple[int, ...], tol: int = 40) -> bool:
    assert isinstance(a, tuple), a
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=False))


def test_landscape_photo_is_cropped_to_model_size_as_jpeg() -> None:
    src = Image.new("RGB", (4000, 3000), BLUE)
    prepared = prepare_image(_encode(src, "JPEG", quality=90))
    assert (prepared.width, prepared.height) == (1216, 704)
    assert (prepared.source_width, prepared.source_height) == (4000, 3000)
    assert prepared.content_type == "image/jpeg"
    assert prepared.file_name.endswith(".jpg")
    assert prepared.cropped
    assert prepared.sha256 == hashlib.sha256(prepared.data).hexdigest()
    out = _decode(prepared)
    assert out.size == (1216, 704) and out.format == "JPEG"
    assert _close(out.getpixel((608, 352)), BLUE)


def test_crop_keeps_the_centre_band_of_a_4_3_image() -> None:
    # 4:3 loses ~23 % of its height: paint the top and bottom 10 % red, the middle green.
    src = Image.new("RGB", (1600, 1200), GREEN)
    src.paste(RED, (0, 0, 1600, 120))
    src.paste(RED, (0, 1080, 1600, 1200))
    out = _decode(prepare_image(_encode(src, "JPEG", quality=95)))
    for y in (2, 352, 701):
        assert _close(out.getpixel((608, y)), GREEN), y


def test_portrait_keeps_the_vertical_centre() -> None:
    # A 1000×3000 portrait: the model keeps a 1000×579 band around the middle.
    src = Image.new("RGB", (1000, 3000), RED)
    src.paste(GREEN, (0, 1200, 1000, 1800))
    prepared = prepare_image(_encode(src, "PNG"))
    assert (prepared.width, prepared.height) == (1216, 704)
    assert (prepared.source_width, prepared.source_height) == (1000, 3000)
    out = _decode(prepared).convert("RGB")
    assert _close(out.getpixel((608, 2)), GREEN)
    assert _close(out.getpixel((608, 701)), GREEN)


def test_exif_rotated_jpeg_ends_upright() -> None:
    # Stored as a 704-wide landscape whose EXIF says "rotate 90° clockwise to view" (orientation 6):
    # the viewer sees a portrait. Mark the stored image's left edge red; after rotating it is the top.
    stored = Image.new("RGB", (3000, 2000), WHITE)
    stored.paste(RED, (0, 0, 1400, 2000))
    exif = Image.Exif()
    exif[0x0112] = 6
    prepared = prepare_image(_encode(stored, "JPEG", quality=95, exif=exif.tobytes()))
    assert prepared.rotated
    assert (prepared.source_width, prepared.source_height) == (2000, 3000)  # as the user sees it
    out = _decode(prepared)
    assert out.size == (1216, 704)
    # upright portrait centre crop: rows 1500±579/2 of the rotated image; red covers rows < 1400
    assert _close(out.getpixel((608, 5)), RED)
    assert _close(out.getpixel((608, 698)), WHITE)
    assert "exif" not in out.info or not out.getexif().get(0x0112)


def test_png_with_alpha_is_converted_like_the_model_does() -> None:
    src = Image.new("RGBA", (1216, 704), (0, 255, 0, 0))  # fully transparent green
    src.paste((255, 0, 0, 255), (0, 0, 608, 704))
    prepared = prepare_image(_encode(src, "PNG"))
    out = _decode(prepared)
    assert out.mode == "RGB"
    # convert("RGB") drops alpha and keeps the colour under it: the model sees green, so do we.
    assert _close(out.getpixel((900, 352)), GREEN)
    assert _close(out.getpixel((100, 352)), RED)


def test_flat_artwork_from_a_lossless_source_stays_lossless_png() -> None:
    src = Image.new("RGB", (2432, 1408), WHITE)
    src.paste(RED, (0, 0, 1216, 1408))
    prepared = prepare_image(_encode(src, "PNG"))
    assert prepared.content_type == "image/png"
    assert prepared.file_name.endswith(".png")
    assert _decode(prepared).getpixel((10, 10)) == RED


def test_no_crop_keeps_the_original_bytes() -> None:
    data = _encode(Image.new("RGB", (300, 200), RED), "JPEG")
    prepared = prepare_image(data, crop_to_model=False)
    assert prepared.data == data
    assert (prepared.width, prepared.height) == (300, 200)
    assert not prepared.cropped


def test_no_crop_reencodes_only_when_exif_rotation_is_needed() -> None:
    exif = Image.Exif()
    exif[0x0112] = 8
    data = _encode(Image.new("RGB", (300, 200), RED), "JPEG", exif=exif.tobytes())
    prepared = prepare_image(data, crop_to_model=False)
    assert prepared.data != data
    assert (prepared.width, prepared.height) == (200, 300)
    assert _decode(prepared).size == (200, 300)


def test_reads_from_a_path_and_names_the_upload_after_it(tmp_path: Path) -> None:
    path = tmp_path / "My Beach Photo.jpeg"
    path.write_bytes(_encode(Image.new("RGB", (1300, 800), BLUE), "JPEG"))
    prepared = prepare_image(path)
    assert prepared.file_name == "My Beach Photo-1216x704.jpg"


def test_zero_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.png"
    path.write_bytes(b"")
    with pytest.raises(ImageError, match="empty"):
        prepare_image(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="does not exist"):
        prepare_image(tmp_path / "nope.jpg")


def test_junk_is_not_an_image() -> None:
    with pytest.raises(ImageError, match="not an image"):
        prepare_image(b"\x00\x01 this is definitely not a picture" * 10)


def test_html_is_named_as_such() -> None:
    with pytest.raises(ImageError, match="web page"):
        prepare_image(b"<!doctype html><html><body>404</body></html>")


def test_truncated_jpeg_is_refused() -> None:
    data = _encode(Image.effect_noise((800, 600), 50).convert("RGB"), "JPEG")
    with pytest.raises(ImageError, match=r"incomplete|damaged"):
        prepare_image(data[: len(data) // 2])


def test_unsupported_format_is_named() -> None:
    data = _encode(Image.new("RGB", (64, 64), RED), "PCX")
    with pytest.raises(ImageError, match="PCX image, which is not supported"):
        prepare_image(data)


def test_heic_gets_a_helpful_message() -> None:
    fake_heic = struct.pack(">I", 24) + b"ftypheic" + b"\x00" * 12 + b"mif1heic"
    with pytest.raises(ImageError, match="HEIC"):
        prepare_image(fake_heic)


def _png_header_claiming(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))


def test_decompression_bomb_is_refused_from_the_header() -> None:
    bomb = _png_header_claiming(50_000, 50_000)  # 2.5 gigapixels in ~100 bytes
    assert len(bomb) < 200
    with pytest.raises(ImageError, match=r"megapixels|larger than"):
        prepare_image(bomb)


def test_pixel_limit_is_configurable() -> None:
    data = _encode(Image.new("RGB", (1000, 1000), RED), "PNG")
    with pytest.raises(ImageError, match="1000×1000"):
        prepare_image(data, max_pixels=999_999)
    assert prepare_image(data, max_pixels=1_000_000).width == 1216


def test_corrupt_png_body_is_refused() -> None:
    header = _png_header_claiming(100, 100)  # valid header, IDAT far too short for 100×100
    with pytest.raises(ImageError, match=r"incomplete|damaged"):
        prepare_image(header + b"\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.mark.slow
def test_large_jpeg_is_decoded_reduced_and_fast() -> None:
    # 8000×6000 (48 MP): libjpeg's draft scaling keeps this cheap; the result is still exact size.
    src = Image.new("RGB", (8000, 6000), GREEN)
    prepared = prepare_image(_encode(src, "JPEG", quality=80))
    assert (prepared.width, prepared.height) == (1216, 704)
    assert (prepared.source_width, prepared.source_height) == (8000, 6000)
    assert _close(_decode(prepared).getpixel((0, 0)), GREEN)


def test_a_very_detailed_photo_is_prepared_not_refused() -> None:
    """Noise-like detail (foliage, gravel, film grain) makes a JPEG bigger than 2 bytes per pixel, which
    optimised JPEG coding in Pillow cannot hold ("Suspension not allowed here"): it must still upload."""
    import random

    rng = random.Random(3)
    img = Image.frombytes("RGB", (1216, 704), bytes(rng.getrandbits(8) for _ in range(1216 * 704 * 3)))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=98, subsampling=0)
    prepared = prepare_image(buf.getvalue())
    assert prepared.content_type == "image/jpeg" and (prepared.width, prepared.height) == (1216, 704)
    assert Image.open(io.BytesIO(prepared.data)).size == (1216, 704)
