"""Words for what tells runs apart (core.run_inputs gives the values; the window words them, translated)."""

from __future__ import annotations

from collections.abc import Sequence

from gamecraft_desktop.core.run_inputs import InputField, Part
from gamecraft_desktop.core.texts import Texts

#: The runs' words (core/texts.py: the name is the translation context).
RunText = Texts("RunText")


def part_text(field: InputField, value: str, *, after_moves: bool = False) -> str:
    """One input's value as a caption shows it: 'seed 43', 'speed 0.3' (just '0.3' right after the moves),
    'CFG 3', '8 steps', '“dusk”'."""
    if field is InputField.SEED:
        return RunText.tr("seed {value}").format(value=value)
    if field is InputField.SPEEDS:
        return value if after_moves else RunText.tr("speed {value}").format(value=value)
    if field is InputField.CFG:
        return RunText.tr("CFG {value}").format(value=value)
    if field is InputField.STEPS:
        return RunText.tr("{value} steps").format(value=value)
    if field is InputField.PROMPT:
        return f"“{value}”" if value else RunText.tr("(no extra words)")
    if field is InputField.NEG_PROMPT:
        return RunText.tr("neg. “{value}”").format(value=value) if value else RunText.tr("neg. (no extra words)")
    return value


def caption(parts: Sequence[Part]) -> list[str]:
    """Every part worded; speeds that follow the moves read as the path's summary ('W D S A · 0.3')."""
    out = []
    for i, (field, value) in enumerate(parts):
        after_moves = i > 0 and parts[i - 1][0] is InputField.MOVES
        out.append(part_text(field, value, after_moves=after_moves))
    return out
