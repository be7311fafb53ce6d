"""The IMAGE panel: drops, paste, URLs from a loopback server, and one clear message per bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from composer_helpers import (
    HEIC_HEAD,
    corrupt_png,
    drop,
    http_server,
    jpeg_with_orientation,
    png_bytes,
    png_header_only,
    write_png,
)
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QImage

from gamecraft_desktop.composer import image_fetch
from gamecraft_desktop.ui.image_drop_zone import ImageDropZone, crop_description


@pytest.fixture
def zone(qtbot):
    z = ImageDropZone()
    qtbot.addWidget(z)
    z.resize(360, 420)
    z.show()
    yield z
    z.loader.wait_for_done(5000)


def wait_loaded(qtbot, zone: ImageDropZone, timeout: int = 5000) -> None:
    qtbot.waitUntil(lambda: zone.current() is not None and not zone.busy, timeout=timeout)


def wait_message(qtbot, zone: ImageDropZone, timeout: int = 5000) -> str:
    qtbot.waitUntil(lambda: zone.message_text() != "" and not zone.busy, timeout=timeout)
    return zone.message_text()


def load_good(qtbot, zone: ImageDropZone, tmp_path: Path) -> Path:
    path = write_png(tmp_path / "good.png", 1600, 1200)
    zone.load_path(path)
    wait_loaded(qtbot, zone)
    return path


def test_dropping_a_file_shows_size_format_and_crop(qtbot, zone, tmp_path):
    path = write_png(tmp_path / "four-three.png", 1600, 1200)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    with qtbot.waitSignal(zone.image_changed, timeout=5000) as sig:
        entered, dropped = drop(zone, mime)
    assert entered and dropped
    img = sig.args[0]
    assert (img.width, img.height, img.format) == (1600, 1200, "PNG")
    assert img.path == path
    assert "1600 × 1200 px" in zone.info.text() and "PNG" in zone.info.text()
    assert zone.crop_info.text() == "The model keeps 77 % of the height"
    assert str(path) in zone.recent.items()


def test_crop_description_for_wide_and_small_images():
    assert crop_description(1920, 1080) == "The model keeps 97 % of the width"
    assert crop_description(1216, 704) == "The model sees the whole image"
    assert "enlarged" in crop_description(608, 352)


def test_exif_orientation_is_applied(qtbot, zone, tmp_path):
    path = jpeg_with_orientation(tmp_path / "rotated.jpg", 200, 100, orientation=6)
    zone.load_path(path)
    wait_loaded(qtbot, zone)
    assert (zone.current().width, zone.current().height) == (100, 200)


def test_dropped_image_data_is_stored_and_shown(qtbot, zone, app_home):
    image = QImage(320, 180, QImage.Format.Format_RGB32)
    image.fill(QColor("green"))
    mime = QMimeData()
    mime.setImageData(image)
    drop(zone, mime)
    wait_loaded(qtbot, zone)
    loaded = zone.current()
    assert (loaded.width, loaded.height) == (320, 180)
    assert loaded.path.is_file() and loaded.path.is_relative_to(app_home)
    assert loaded.path.stem == loaded.sha256


def test_dropped_png_bytes(qtbot, zone):
    mime = QMimeData()
    mime.setData("image/png", png_bytes(300, 200))
    drop(zone, mime)
    wait_loaded(qtbot, zone)
    assert (zone.current().width, zone.current().height) == (300, 200)


def test_dropped_url_is_fetched_from_loopback(qtbot, zone):
    routes = {"/pic.png": (200, "image/png", png_bytes(640, 480), 0.0)}
    with http_server(routes) as base:
        mime = QMimeData()
        mime.setUrls([QUrl(base + "/pic.png")])
        drop(zone, mime)
        wait_loaded(qtbot, zone)
    assert (zone.current().width, zone.current().height) == (640, 480)
    assert zone.current().source.endswith("/pic.png")


def test_plain_text_url_drop(qtbot, zone):
    routes = {"/a.png": (200, "image/png", png_bytes(100, 100), 0.0)}
    with http_server(routes) as base:
        mime = QMimeData()
        mime.setText(base + "/a.png")
        drop(zone, mime)
        wait_loaded(qtbot, zone)


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        ((404, "text/html", b"<html>no</html>", 0.0), "HTTP 404"),
        ((500, "text/plain", b"boom", 0.0), "HTTP 500"),
        ((200, "text/html", b"<!doctype html><html>a page</html>", 0.0), "did not lead to an image"),
    ],
)
@pytest.mark.slow
def test_bad_urls_keep_the_previous_image(qtbot, zone, tmp_path, route, expected):
    good = load_good(qtbot, zone, tmp_path)
    with http_server({"/x": route}) as base:
        zone.load_url(base + "/x")
        message = wait_message(qtbot, zone)
    assert expected in message
    assert zone.current().path == good


@pytest.mark.slow
def test_url_timeout(qtbot, zone, tmp_path, monkeypatch):
    monkeypatch.setattr(image_fetch, "TIMEOUT_MS", 300)
    good = load_good(qtbot, zone, tmp_path)
    with http_server({"/slow.png": (200, "image/png", png_bytes(), 1.5)}) as base:
        zone.load_url(base + "/slow.png")
        message = wait_message(qtbot, zone, timeout=8000)
    assert "timed out" in message
    assert zone.current().path == good


def test_unreachable_url(qtbot, zone, tmp_path):
    with http_server({}) as base:
        dead = base  # the port is free again once the server is stopped
    zone.load_url(dead + "/gone.png")
    message = wait_message(qtbot, zone)
    assert "Could not reach 127.0.0.1" in message


def test_plain_http_to_the_internet_is_refused_without_connecting(qtbot, zone):
    zone.load_url("http://example.com/picture.png")
    assert "Only https links" in wait_message(qtbot, zone)


def test_oversized_download_is_refused(qtbot, zone, monkeypatch):
    monkeypatch.setattr(image_fetch, "MAX_INPUT_BYTES", 1000)
    with http_server({"/big.png": (200, "image/png", png_bytes(400, 400, (1, 2, 3)) + b"\0" * 5000, 0.0)}) as base:
        zone.load_url(base + "/big.png")
        assert "larger than" in wait_message(qtbot, zone)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.png", b"", "empty (0 bytes)"),
        ("notes.png", b"just some text, not a picture\n", "is not an image: it contains text"),
        ("junk.bin", bytes(range(256)) * 4, "is not an image"),
        ("broken.png", corrupt_png(), "damaged"),
        ("bomb.png", png_header_only(20000, 10000), "200 megapixels"),
        ("photo.heic", HEIC_HEAD, "HEIC image, which this app cannot read"),
        ("doc.pdf", b"%PDF-1.7\n%binary\n", "PDF document"),
    ],
)
def test_each_bad_file_has_its_own_message_and_the_previous_image_stays(qtbot, zone, tmp_path, name, data,
                                                                          expected):
    good = load_good(qtbot, zone, tmp_path)
    bad = tmp_path / name
    bad.write_bytes(data)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bad))])
    drop(zone, mime)
    message = wait_message(qtbot, zone)
    assert expected in message, message
    assert zone.current().path == good
    assert "1600 × 1200" in zone.info.text()


def test_a_good_image_clears_the_message(qtbot, zone, tmp_path):
    (tmp_path / "empty.png").write_bytes(b"")
    zone.load_path(tmp_path / "empty.png")
    wait_message(qtbot, zone)
    load_good(qtbot, zone, tmp_path)
    assert zone.message_text() == ""


def test_dropping_junk_text(qtbot, zone):
    mime = QMimeData()
    mime.setText("hello there")
    drop(zone, mime)
    assert "holds text, not an image" in zone.message_text()
    assert zone.current() is None


def test_dropped_project_file_is_passed_on(qtbot, zone, tmp_path):
    project = tmp_path / "scene.gamecraft.json"
    project.write_text("{}")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(project))])
    with qtbot.waitSignal(zone.project_dropped, timeout=1000) as sig:
        drop(zone, mime)
    assert sig.args == [project]


def test_paste_image_path_and_url(qtbot, zone, tmp_path):
    clipboard = QGuiApplication.clipboard()
    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    clipboard.setImage(image)
    assert zone.paste_from_clipboard()
    wait_loaded(qtbot, zone)
    assert (zone.current().width, zone.current().height) == (200, 100)

    path = write_png(tmp_path / "pasted.png", 50, 40)
    clipboard.setText(str(path))
    zone.paste_from_clipboard()
    qtbot.waitUntil(lambda: zone.current().path == path, timeout=5000)

    with http_server({"/p.png": (200, "image/png", png_bytes(70, 30), 0.0)}) as base:
        clipboard.setText(base + "/p.png")
        zone.paste_from_clipboard()
        qtbot.waitUntil(lambda: zone.current().width == 70, timeout=5000)


def test_paste_of_plain_words_says_so(qtbot, zone):
    QGuiApplication.clipboard().setText("a castle at dawn")
    assert not zone.paste_from_clipboard()
    assert "holds text" in zone.message_text()


def test_svg_is_refused_as_a_drawing(qtbot, zone, tmp_path):
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64"/></svg>')
    zone.load_path(svg)
    assert "SVG drawing" in wait_message(qtbot, zone)
