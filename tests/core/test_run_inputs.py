"""What tells runs apart: the compare view's differences, a tile's caption, a job row's line."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from gamecraft_desktop.core.run_inputs import (
    InputField,
    RunInputs,
    compare_inputs,
    differing,
    distinct_parts,
    moves_text,
    particular,
    particular_words,
    path_summary,
    speeds_text,
    unique_parts,
)


def run(seed: int = 42, moves: str = "wsda", speed: float | list[float] = 0.2, prompt: str = "a village street",
        **kw: object) -> RunInputs:
    speeds = speed if isinstance(speed, list) else [speed] * len(moves)
    wire = {"image": {"url": "https://cdn.example/scene.png"}, "prompt": prompt,
            "action_list": json.dumps(list(moves)), "action_speed_list": json.dumps(speeds), "seed": seed, **kw}
    return RunInputs.from_wire(wire, source_image="/pictures/scene.png")


def test_from_wire_reads_the_stored_request_body() -> None:
    r = run(seed=7, moves="wwd", speed=[0.3, 0.3, 0.5], cfg_scale=3.0, infer_steps=8)
    assert r.seed == 7 and r.moves == ("W", "W", "D") and r.speeds == (0.3, 0.3, 0.5)
    assert r.cfg_scale == 3.0 and r.infer_steps == 8 and r.frame_count == 99
    assert r.image_key == "file:/pictures/scene.png" and r.image_name == "scene.png"
    # Runs of one file uploaded at once get different URLs: still the same image.
    other = RunInputs.from_wire({"image": {"url": "https://cdn.example/other-upload.png"}, "prompt": "p"},
                                source_image="/pictures/scene.png")
    assert other.image_key == r.image_key
    assert RunInputs.from_wire({"image": "https://cdn.example/a.png"}).image_key == "https://cdn.example/a.png"


def test_from_wire_is_tolerant_of_odd_rows() -> None:
    r = RunInputs.from_wire({"action_list": "not json", "seed": True, "cfg_scale": "x"})
    assert r.moves == () and r.seed is None and r.cfg_scale == 0.0 and r.prompt == ""


def test_an_image_not_uploaded_yet_is_named_by_its_file() -> None:
    a = RunInputs.from_wire({"image": "data:,", "prompt": "p"}, source_image="/a/one.png")
    b = RunInputs.from_wire({"image": "data:,", "prompt": "p"}, source_image="/a/two.png")
    assert a.image_key != b.image_key and a.image_name == "one.png"
    huge = RunInputs.from_wire({"image": "data:image/png;base64," + "A" * 5000, "prompt": "p"})
    assert len(huge.image_key) < 100


def test_texts() -> None:
    assert moves_text(["W", "D", "S", "A"]) == "W D S A"
    assert moves_text(["W"] * 4 + ["A", "A"]) == "W×4 A A"
    assert speeds_text([0.3] * 4) == "0.3"
    assert speeds_text([0.2, 0.3, 0.3, 0.3]) == "0.2 0.3×3"
    assert speeds_text([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]) == "0.1–0.7"
    assert path_summary(run(moves="wdsa", speed=0.3)) == "W D S A · 0.3"


def test_distinct_parts_name_cfg_and_steps_only_when_not_default() -> None:
    F = InputField
    assert distinct_parts(run(seed=43, moves="wdsa", speed=0.3)) == [(F.SEED, "43"), (F.MOVES, "W D S A"),
                                                                    (F.SPEEDS, "0.3")]
    assert distinct_parts(run(seed=43, moves="wdsa", speed=0.3, cfg_scale=3, infer_steps=8))[3:] == \
        [(F.CFG, "3"), (F.STEPS, "8")]


def test_same_scene_means_same_image_and_prompt_words() -> None:
    assert run(prompt="A village  street").same_scene(run(seed=9, prompt="a village street"))
    assert not run(prompt="a village street").same_scene(run(prompt="a village road"))
    other_image = RunInputs.from_wire({"image": "https://cdn.example/scene.png", "prompt": "a village street"},
                                      source_image="/pictures/other.png")
    assert not run().same_scene(other_image)


def test_differences_of_a_seed_batch_are_only_the_seed() -> None:
    rows = differing([run(seed=42), run(seed=43), run(seed=44)])
    assert [r.field for r in rows] == [InputField.SEED]
    assert rows[0].values == ("42", "43", "44")
    shared = [r for r in compare_inputs([run(seed=42), run(seed=43)]) if not r.differs]
    assert {r.field for r in shared} == set(InputField) - {InputField.SEED}


def test_differences_of_chosen_pairs() -> None:
    a = run(seed=42, moves="wsda", speed=0.2, prompt="a village street at noon")
    b = run(seed=42, moves="wsda", speed=0.5, prompt="a village street at dusk", cfg_scale=3.0)
    rows = {r.field: r for r in differing([a, b])}
    assert set(rows) == {InputField.SPEEDS, InputField.PROMPT, InputField.CFG}
    assert rows[InputField.SPEEDS].values == ("0.2", "0.5")
    assert rows[InputField.PROMPT].values == ("noon", "dusk")
    assert rows[InputField.PROMPT].full == ("a village street at noon", "a village street at dusk")
    assert rows[InputField.CFG].values == ("2", "3")
    # Same moves written differently are still the same moves; different moves differ.
    c = run(moves="wwww")
    assert {r.field for r in differing([a, c])} >= {InputField.MOVES}


def test_unique_parts_caption_a_tile() -> None:
    runs = [run(seed=1, speed=0.2), run(seed=2, speed=0.5, cfg_scale=4.0), run(seed=3, speed=0.2, infer_steps=9)]
    F = InputField
    # What most runs share is left out: the first run has nothing but its seed of its own.
    assert unique_parts(runs, 0) == [(F.SEED, "1")]
    assert unique_parts(runs, 1) == [(F.SEED, "2"), (F.SPEEDS, "0.5"), (F.CFG, "4")]
    assert unique_parts(runs, 2) == [(F.SEED, "3"), (F.STEPS, "9")]
    # A tie sets no value apart as the usual one: each run names its own.
    tie = [run(seed=1, moves="wwww"), run(seed=2, moves="wwww"), run(seed=3), run(seed=4)]
    assert [unique_parts(tie, i)[1:] for i in range(4)] == [[(F.MOVES, "W×4")]] * 2 + [[(F.MOVES, "W S D A")]] * 2
    words = [run(prompt="street at noon"), run(prompt="street")]
    assert unique_parts(words, 0) == [(F.SEED, "42"), (F.PROMPT, "at noon")]
    assert unique_parts(words, 1) == [(F.SEED, "42"), (F.PROMPT, "")]


def test_particular_sets_apart_every_value_but_the_one_most_runs_share() -> None:
    assert particular([2, 2, 2, 3]) == (False, False, False, True)
    assert particular([2, 2, 3, 4]) == (False, False, True, True)
    assert particular([2, 2, 3, 3]) == (True, True, True, True)
    assert particular([1, 2]) == (True, True)
    assert particular([5, 5, 5]) == (False, False, False)
    table = {r.field: r for r in compare_inputs([run(seed=1), run(seed=2, cfg_scale=3.0), run(seed=3)])}
    assert table[InputField.CFG].particular == (False, True, False)
    assert table[InputField.SEED].particular == (True, True, True)


@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "dusk", "Noon"]), max_size=6), min_size=2, max_size=4))
def test_particular_words_never_lists_a_shared_word(prompts: list[list[str]]) -> None:
    texts = [" ".join(p) for p in prompts]
    shared = set.intersection(*({w.casefold() for w in p} for p in prompts))
    for words, prompt in zip(particular_words(texts), prompts, strict=True):
        listed = words.split()
        assert not {w.casefold() for w in listed} & shared
        assert all(w in prompt for w in listed)
