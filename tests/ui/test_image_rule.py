"""One image rule for the window and the CLI (media/image_prep.check_image): both decode the whole image before
accepting it and refuse a damaged one with the same sentence.

Was: the window showed a truncated JPEG (the first 20 KB of a large photo) as "4000 × 3000 px · JPEG" and
"Ready to generate"; the CLI uploaded a PNG whose image data was corrupt (valid CRC) as an all-black frame,
which was billed; a data: link holding text was submitted, billed and failed.
"""

from __future__ import annotations

import base64
import io
import struct
import zlib
from pathlib import Path

import pytest
from composer_helpers import drop, make_window, write_png
from PIL import Image
from PySide6.QtCore import QMimeData, QUrl

from gamecraft_desktop.cli.main import main
from gamecraft_desktop.composer.image_loader import ImageLoadError, decode_image_bytes, decode_image_file
from gamecraft_desktop.media.errors import ImageError
from gamecraft_desktop.media.image_prep import check_image, prepare_image
from gamecraft_desktop.sandbox import SandboxServer


def start_sandbox() -> SandboxServer:
    server = SandboxServer(require_key="test-id:test-secret", render=False, seconds_per_action=0.05)
    server.start()
    return server


def truncated_jpeg(path: Path) -> Path:
    """The first 20 KB of a large, detailed photo: its header (and size) are intact, its picture is not."""
    buf = io.BytesIO()
    Image.effect_noise((2000, 1500), 60).convert("RGB").save(buf, "JPEG", quality=92)
    assert buf.tell() > 200_000
    path.write_bytes(buf.getvalue()[:20_000])
    return path


def png_with_corrupt_idat(path: Path) -> Path:
    """A PNG whose compressed image data is damaged but whose chunk CRCs are recomputed (so they match)."""
    buf = io.BytesIO()
    Image.effect_noise((320, 200), 60).convert("RGB").save(buf, "PNG")
    png = bytearray(buf.getvalue())
    at = png.index(b"IDAT")
    length = struct.unpack(">I", png[at - 4:at])[0]
    body = bytearray(png[at + 4:at + 4 + length])
    for i in range(100, 200):
        body[i] ^= 0x5A
    png[at + 4:at + 4 + length] = body
    png[at + 4 + length:at + 8 + length] = struct.pack(">I", zlib.crc32(b"IDAT" + bytes(body)))
    path.write_bytes(bytes(png))
    return path


DAMAGED = {"cut.jpg": truncated_jpeg, "black.png": png_with_corrupt_idat}


@pytest.mark.parametrize("name", sorted(DAMAGED))
@pytest.mark.slow
def test_window_and_cli_refuse_a_damaged_image_with_the_same_sentence(tmp_path: Path, name: str,
                                                                       capsys: pytest.CaptureFixture[str],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    image = DAMAGED[name](tmp_path / name)
    with pytest.raises(ImageError) as rule:
        check_image(image)
    sentence = str(rule.value)
    assert sentence.startswith(f"“{name}” is ") and ("incomplete" in sentence or "damaged" in sentence)
    with pytest.raises(ImageError, match=r"incomplete|damaged"):
        prepare_image(image)  # what the CLI uploads: never a black frame

    with pytest.raises(ImageLoadError) as window:  # what the window's loader shows
        decode_image_file(image)
    assert str(window.value) == sentence

    from gamecraft_desktop.cli import common
    from gamecraft_desktop.fal.secret_store import MemorySecretStore

    monkeypatch.setattr(common, "secret_store_factory", lambda: MemorySecretStore())
    sandbox = start_sandbox()
    try:
        monkeypatch.setenv("FAL_KEY", "test-id:test-secret")
        code = main(["generate", "--image", str(image), "--prompt", "a harbor", "--actions", "w",
                     "--out", str(tmp_path / "out.mp4"), "--queue-url", sandbox.base_url,
                     "--rest-url", sandbox.base_url])
        err = capsys.readouterr().err
        assert code == 16, err
        assert f"error: {sentence}" in err
        assert sandbox.counters.uploads == 0 and sandbox.counters.submits == 0
    finally:
        sandbox.stop()


@pytest.mark.slow
def test_the_window_keeps_the_previous_image_when_a_damaged_one_is_dropped(qtbot, tmp_path: Path) -> None:
    window = make_window(qtbot)
    zone = window.drop_zone
    zone.load_path(write_png(tmp_path / "good.png", 1600, 1200))
    qtbot.waitUntil(lambda: zone.current() is not None, timeout=5000)
    window.composer.prompt_editor.prompt.setPlainText("a harbor")
    cut = truncated_jpeg(tmp_path / "cut.jpg")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(cut))])
    drop(zone, mime)
    qtbot.waitUntil(lambda: zone.message_text() != "" and not zone.busy, timeout=5000)
    assert "“cut.jpg” is incomplete" in zone.message_text()
    assert zone.current().path == tmp_path / "good.png"
    assert "1600 × 1200" in zone.info.text() and "2000 × 1500" not in zone.info.text()
    zone.loader.wait_for_done(5000)


def test_a_data_link_that_is_not_an_image_is_refused_before_sending(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from gamecraft_desktop.cli import common
    from gamecraft_desktop.fal.secret_store import MemorySecretStore

    monkeypatch.setattr(common, "secret_store_factory", lambda: MemorySecretStore())
    monkeypatch.setenv("FAL_KEY", "test-id:test-secret")
    text_link = "data:image/png;base64," + base64.b64encode(b"hello, this is not a picture").decode()
    sandbox = start_sandbox()
    try:
        code = main(["generate", "--image", text_link, "--prompt", "a harbor", "--actions", "w",
                     "--out", str(tmp_path / "out.mp4"), "--queue-url", sandbox.base_url,
                     "--rest-url", sandbox.base_url])
        err = capsys.readouterr().err
        assert code == 2, err
        assert "The data: link's content is not an image: it contains text." in err
        assert sandbox.counters.submits == 0
    finally:
        sandbox.stop()
    with pytest.raises(ImageLoadError, match="is not an image: it contains text"):
        decode_image_bytes(b"hello, this is not a picture", "data:", "The dropped image")


@pytest.mark.slow
def test_a_tiny_image_is_sent_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from gamecraft_desktop.cli import common
    from gamecraft_desktop.fal.secret_store import MemorySecretStore

    monkeypatch.setattr(common, "secret_store_factory", lambda: MemorySecretStore())
    dot = write_png(tmp_path / "dot.png", 1, 1)
    assert check_image(dot).warnings and "only 1×1 pixels" in check_image(dot).warnings[0]
    code = main(["generate", "--sandbox", "--sandbox-time-scale", "0.02", "--image", str(dot), "--prompt", "a dot",
                 "--actions", "w", "--out", str(tmp_path / "dot.mp4")])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "warning: The image is only 1×1 pixels" in err
