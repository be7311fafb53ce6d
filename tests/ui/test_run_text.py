"""How the window words what tells runs apart (the row's line, a compare tile's caption)."""

from __future__ import annotations

from typing import Any

from gamecraft_desktop.core.run_inputs import InputField, RunInputs, distinct_parts, unique_parts
from gamecraft_desktop.ui.run_text import caption


def run(seed: int, speed: float = 0.3, prompt: str = "a village street", **kw: Any) -> RunInputs:
    return RunInputs.from_wire({"prompt": prompt, "action_list": '["w", "d", "s", "a"]', "seed": seed,
                                "action_speed_list": f"[{speed}, {speed}, {speed}, {speed}]", **kw},
                               source_image="/pictures/scene.png")


def test_a_rows_line_reads_like_the_path_summary(qapp: Any) -> None:
    assert " · ".join(caption(distinct_parts(run(43)))) == "seed 43 · W D S A · 0.3"
    assert " · ".join(caption(distinct_parts(run(43, cfg_scale=3, infer_steps=8)))) == \
        "seed 43 · W D S A · 0.3 · CFG 3 · 8 steps"


def test_a_tiles_caption_names_each_difference(qapp: Any) -> None:
    runs = [run(1, 0.2, "street at noon"), run(2, 0.5, "street", cfg_scale=4.0)]
    assert caption(unique_parts(runs, 0)) == ["seed 1", "speed 0.2", "“at noon”", "CFG 2"]
    assert caption(unique_parts(runs, 1)) == ["seed 2", "speed 0.5", "(no extra words)", "CFG 4"]
    assert InputField.SPEEDS.value == "speeds"
