"""The compare view's shared clock: which frame each video shows, for both ways of handling short videos."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gamecraft_desktop.core.lockstep import Ends, frames_ahead, master_length, step, tile_frame, upcoming


def test_hold_stops_a_short_video_on_its_last_frame() -> None:
    assert [tile_frame(m, 3, Ends.HOLD) for m in range(6)] == [0, 1, 2, 2, 2, 2]


def test_repeat_starts_a_short_video_again() -> None:
    assert [tile_frame(m, 3, Ends.REPEAT) for m in range(7)] == [0, 1, 2, 0, 1, 2, 0]


def test_master_length_is_the_longest() -> None:
    assert master_length([132, 99, 198]) == 198
    assert master_length([]) == 0
    assert tile_frame(5, 0, Ends.HOLD) == -1


def test_step_wraps_both_ways() -> None:
    assert step(0, -1, 132) == 131
    assert step(131, 1, 132) == 0
    assert step(10, 5, 132) == 15


def test_upcoming_wraps_only_when_looping() -> None:
    assert upcoming(129, 4, 132, loop=True) == [130, 131, 0, 1]
    assert upcoming(129, 4, 132, loop=False) == [130, 131]


def test_frames_ahead_lists_a_held_frame_once() -> None:
    assert frames_ahead(97, 99, 132, Ends.HOLD, loop=True, count=5) == [98]
    assert frames_ahead(130, 99, 132, Ends.HOLD, loop=True, count=4) == [0, 1, 2]
    assert frames_ahead(97, 99, 132, Ends.REPEAT, loop=True, count=4) == [98, 0, 1, 2]


@given(st.lists(st.integers(1, 400), min_size=2, max_size=4), st.integers(0, 2000),
       st.sampled_from(list(Ends)))
def test_every_video_shows_the_same_frame_while_all_are_running(lengths: list[int], master: int,
                                                                ends: Ends) -> None:
    total = master_length(lengths)
    m = master % total
    frames = [tile_frame(m, n, ends) for n in lengths]
    assert all(0 <= f < n for f, n in zip(frames, lengths, strict=True))
    running = [f for f, n in zip(frames, lengths, strict=True) if m < n]
    assert all(f == m for f in running)  # lockstep: a video not yet at its end is at the master frame
    assert tile_frame(m, total, ends) == m
