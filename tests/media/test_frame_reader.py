"""The compare view's frame reader: every read is the frame asked for, in any order, at the size asked for."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from media_samples import COUNTS_THREADS, Colour, most_threads_while, nearest, palette, thread_count

from gamecraft_desktop.media.errors import MediaError
from gamecraft_desktop.media.frame_reader import FrameReader, RgbFrame, fit_size


def centre_colour(frame: RgbFrame) -> tuple[int, int, int]:
    """The RGB of the middle pixel (bytes are B, G, R, A: Qt's RGB32 on a little-endian machine)."""
    offset = (frame.height // 2) * frame.stride + (frame.width // 2) * 4
    b, g, r = frame.data[offset:offset + 3]
    return r, g, b


def test_reads_forward_backward_and_across_keyframes(solid_video: tuple[Path, list[Colour]]) -> None:
    path, colours = solid_video
    order = [0, 1, 2, 3, 9, 10, 11, 39, 38, 5, 5, 20, 0, 31, 30, 29]
    order += random.Random(7).sample(range(40), 40)
    with FrameReader(path) as reader:
        assert reader.count == 40 and reader.size == (64, 48)
        for index in order:
            frame = reader.read(index, (32, 24))
            assert (frame.index, frame.width, frame.height) == (index, 32, 24)
            assert frame.stride >= 32 * 4 and len(frame.data) >= frame.stride * 24
            assert nearest(centre_colour(frame), colours) == index, f"asked for {index}"


def test_reading_on_does_not_seek(solid_video: tuple[Path, list[Colour]]) -> None:
    path, _ = solid_video
    with FrameReader(path) as reader:
        for index in range(40):
            reader.read(index, (16, 12))
        assert reader.seeks == 1  # one decoder from frame 0 to the end, keyframes and all
        reader.read(3, (16, 12))
        assert reader.seeks == 2  # backwards: a seek


def test_a_frame_the_video_does_not_have(solid_video: tuple[Path, list[Colour]]) -> None:
    with FrameReader(solid_video[0]) as reader, pytest.raises(IndexError):
        reader.read(40, (16, 12))


def test_an_unusable_file_is_a_media_error(tmp_path: Path) -> None:
    bad = tmp_path / "clip.mp4"
    bad.write_bytes(b"not a video")
    with pytest.raises(MediaError, match=r"clip\.mp4"):
        FrameReader(bad)


def test_fit_size_keeps_the_aspect_and_never_enlarges() -> None:
    assert fit_size((1216, 704), (608, 1000)) == (608, 352)
    assert fit_size((1216, 704), (4000, 4000)) == (1216, 704)
    assert fit_size((1216, 704), (0, 300)) == (0, 0)


@COUNTS_THREADS
def test_frames_are_scaled_without_starting_threads(make_video: Callable[..., Path]) -> None:
    # Left to itself swscale starts a thread per core for every frame and ends them after it: slower than
    # converting on the reader's thread, and short-lived threads that crowd the job workers (issue #16).
    path = make_video("wide.mp4", palette(24), size=(640, 368))
    with FrameReader(path) as reader:
        reader.read(0, (320, 184))  # the decoder and its own threads, which live as long as the reader
        baseline = thread_count() + 1  # + the sampler
        assert most_threads_while(lambda: [reader.read(i, (320, 184)) for i in range(1, 24)]) <= baseline
