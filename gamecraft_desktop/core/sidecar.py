"""The JSON sidecar written beside every downloaded video: everything needed to reproduce or audit it.

The sidecar holds the full model input (decoded lists, seed included), the request id, the endpoint, timings
and the app version. It never holds a key: it is built only from the input model and plain metadata, and a
last pass drops any key-looking entry that a caller might have slipped into `output` or `source_image`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from gamecraft_desktop.core.camera_path import FPS, FRAMES_PER_ACTION, OUTPUT_HEIGHT, OUTPUT_WIDTH
from gamecraft_desktop.core.schema import GameCraftInput

SIDECAR_FORMAT = "gamecraft-desktop/sidecar"
SIDECAR_FORMAT_VERSION = 1

#: Timing keys the sidecar knows; others given by a caller are kept as they are.
TIMING_KEYS = ("submitted_at", "started_at", "completed_at", "downloaded_at", "queue_s", "inference_s")

Mode = Literal["fal", "sandbox"]

# Dict keys that could carry a credential. Dropped wherever they appear in caller-supplied dicts.
_SECRET_KEYS = frozenset({"key", "fal_key", "api_key", "apikey", "authorization", "secret", "key_secret",
                          "fal_key_secret", "token", "password"})


def sidecar_path_for(video: Path) -> Path:
    """The sidecar sits beside the video as `<video file name>.json` (clip.mp4 -> clip.mp4.json): one rule for
    the window and the CLI, so it pairs with any extension and never overwrites a `clip.json` or a
    `*.gamecraft.json` project of the same stem."""
    return video.with_name(video.name + ".json")


def _scrub(value: Any) -> Any:
    """Return a JSON-safe copy without key-looking entries and without NaN/inf (not valid JSON)."""
    if isinstance(value, Mapping):
        return {str(k): _scrub(v) for k, v in value.items() if str(k).lower() not in _SECRET_KEYS}
    if isinstance(value, list | tuple):
        return [_scrub(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def build_sidecar(
    input: GameCraftInput,
    *,
    request_id: str | None,
    endpoint: str,
    timings: Mapping[str, str | float | None],
    app_version: str,
    mode: Mode,
    output: Mapping[str, Any] | None = None,
    source_image: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Build the sidecar dict for one finished (or partly finished) generation.

    `timings` holds ISO times (`submitted_at`, `started_at`, `completed_at`, `downloaded_at`) and seconds
    (`queue_s`, `inference_s`); missing ones are written as null. `output` is the model's result JSON (the
    video file entry); `source_image` describes the local file the input came from (path, size, sha256).
    """
    if mode not in ("fal", "sandbox"):
        raise ValueError(f"mode must be 'fal' or 'sandbox', not {mode!r}")
    n = len(input.action_list)
    timing_out: dict[str, Any] = {k: timings.get(k) for k in TIMING_KEYS}
    timing_out.update({k: v for k, v in timings.items() if k not in timing_out})
    sidecar: dict[str, Any] = {
        "format": SIDECAR_FORMAT,
        "format_version": SIDECAR_FORMAT_VERSION,
        "app_version": app_version,
        "mode": mode,
        "endpoint": endpoint,
        "request_id": request_id,
        "input": {
            "image": input.image.model_dump(exclude_none=True),
            "prompt": input.prompt,
            "neg_prompt": input.neg_prompt,
            "action_list": list(input.action_list),
            "action_speed_list": list(input.action_speed_list),
            "cfg_scale": input.cfg_scale,
            "infer_steps": input.infer_steps,
            "seed": input.seed,
        },
        # Exactly what was (or would be) sent, so the request can be replayed byte for byte.
        "wire_input": input.to_wire(),
        "expected_video": {
            "width": OUTPUT_WIDTH,
            "height": OUTPUT_HEIGHT,
            "fps": FPS,
            "frame_count": FRAMES_PER_ACTION * n,
            "duration_s": FRAMES_PER_ACTION * n / FPS,
        },
        "timings": timing_out,
        "output": dict(output) if output is not None else None,
        "source_image": dict(source_image) if source_image is not None else None,
    }
    scrubbed: dict[str, Any] = _scrub(sidecar)
    return scrubbed


def sidecar_json(d: Mapping[str, Any]) -> str:
    """Serialise a sidecar: indented, UTF-8 (not escaped), stable key order, a final newline."""
    return json.dumps(_scrub(d), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
