"""The contact sheet: a PNG grid of evenly spaced frames with their numbers, the camera path drawn as the
path map draws it (shared rules in core.path_drawing), and the inputs as a caption. A joined
continuation's sheet marks where each part starts, on the tiles and on the path."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from gamecraft_desktop.core.camera_path import FRAMES_PER_ACTION, HORIZONTAL_FOV_DEG, CameraPath
from gamecraft_desktop.core.path_drawing import (
    accent_hex,
    action_rgb,
    arrow_head,
    arrow_stride,
    fit_path,
    nice_length,
)
from gamecraft_desktop.core.video_parts import VideoPart, combined_path, moves_text, part_at, pose_at

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
BACKGROUND = (255, 255, 255)
TEXT = (31, 35, 40)
MUTED = (87, 96, 106)
GRID = (235, 236, 238)
PART_COLOUR = (9, 105, 218)
SANDBOX_COLOUR = (255, 197, 61)
_FONT_FILES = ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
               "/usr/share/fonts/dejavu/DejaVuSans.ttf", "Arial.ttf", "segoeui.ttf")


@dataclass(frozen=True)
class SheetContext:
    """What the sheet says besides its frames."""

    video_name: str
    frame_count: int  # of the whole video
    fps: float
    video_size: tuple[int, int]
    first: int  # the range shown (0-based, inclusive)
    last: int
    parts: tuple[VideoPart, ...] = ()
    mode: str | None = None  # "fal", "sandbox" or unknown
    endpoint: str | None = None


def grid_columns(count: int, tile_aspect: float) -> int:
    """Columns that make the grid about twice as wide as it is tall (12 video tiles: 4 × 3)."""
    return max(1, min(count, round(math.sqrt(count * 2.0 / max(tile_aspect, 0.1)))))


def render_contact_sheet(tiles: Sequence[tuple[int, Image.Image]], ctx: SheetContext) -> Image.Image:
    """Lay out `tiles` ((frame index, image) in order, all the same size) with the path and the caption."""
    if not tiles:
        raise ValueError("a contact sheet needs at least one frame")
    tw, th = tiles[0][1].size
    k = max(1.0, tw / 320)  # text and strokes grow with the tiles
    gap, margin = round(10 * k), round(18 * k)
    small, body, title = _font(round(12 * k)), _font(round(14 * k)), _font(round(18 * k))
    label_h = round(20 * k)
    cols = grid_columns(len(tiles), tw / th)
    rows = -(-len(tiles) // cols)
    grid_w = cols * tw + (cols - 1) * gap
    grid_h = rows * (th + label_h) + (rows - 1) * gap
    path = combined_path(ctx.parts) if ctx.parts else CameraPath()
    map_w = round(max(tw * 1.1, 260 * k)) if path.steps else 0
    width = margin * 2 + grid_w + (gap * 2 + map_w if map_w else 0)
    header_h = round(30 * k)
    lines = [(text, colour) for raw, colour in _caption_lines(ctx, tiles)
             for text in _wrap(raw, body, width - 2 * margin)]
    line_h = round(20 * k)
    height = margin + header_h + grid_h + gap * 2 + len(lines) * line_h + margin
    sheet = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    _header(draw, ctx, (margin, margin), title, small, width - margin)
    top = margin + header_h
    starts = {p.start: p for p in ctx.parts if p.number > 1}
    for i, (index, image) in enumerate(tiles):
        x = margin + (i % cols) * (tw + gap)
        y = top + (i // cols) * (th + label_h + gap)
        sheet.paste(image, (x, y))
        _tile_label(draw, ctx, index, (x, y + th), tw, label_h, small, starts.get(index), k)
    if map_w:
        box = (margin + grid_w + gap * 2, top, map_w, grid_h)
        _draw_path(sheet, path, ctx, [i for i, _ in tiles], box, small, k)
    y = top + grid_h + gap * 2
    for text, colour in lines:
        draw.text((margin, y), text, font=body, fill=colour)
        y += line_h
    return sheet


# --- pieces ---------------------------------------------------------------------------------------------


def _header(draw: ImageDraw.ImageDraw, ctx: SheetContext, at: tuple[int, int], title: Font, small: Font,
            right: int) -> None:
    w, h = ctx.video_size
    text = (f"{ctx.video_name} · frames {ctx.first + 1}–{ctx.last + 1} of {ctx.frame_count} · "
            f"{w}×{h} @ {ctx.fps:g} fps")
    draw.text(at, text, font=title, fill=TEXT)
    if ctx.mode == "sandbox":
        badge = "SANDBOX — simulated camera move, not the model"
        left, top, bright, bottom = draw.textbbox((0, 0), badge, font=small)
        x0 = right - (bright - left) - 16
        draw.rounded_rectangle((x0, at[1], right, at[1] + bottom - top + 10), radius=4, fill=SANDBOX_COLOUR)
        draw.text((x0 + 8 - left, at[1] + 5 - top), badge, font=small, fill=(27, 19, 0))


def _tile_label(draw: ImageDraw.ImageDraw, ctx: SheetContext, index: int, at: tuple[int, int], width: int,
                height: int, small: Font, starts_part: VideoPart | None, k: float) -> None:
    x, y = at
    seconds = index / ctx.fps if ctx.fps else 0.0
    text = f"#{index + 1} · {seconds:.2f} s"
    part = part_at(ctx.parts, index)
    if part is not None:
        own = index - part.start + part.skipped
        steps = part.input.path.steps
        step = steps[min(len(steps) - 1, max(0, own // FRAMES_PER_ACTION))]
        text += f" · {step.action.key} {step.speed:.2f}"
    colour = TEXT
    if starts_part is not None:
        draw.rectangle((x, y - round(4 * k), x + width, y), fill=PART_COLOUR)
        text += f" · part {starts_part.number} starts"
        colour = PART_COLOUR
    draw.text((x, y + round(3 * k)), text, font=small, fill=colour)


def _caption_lines(ctx: SheetContext,
                   tiles: Sequence[tuple[int, Image.Image]]) -> list[tuple[str, tuple[int, int, int]]]:
    """The caption, one entry per paragraph: each part's prompt, moves and parameters, then what is shown."""
    out: list[tuple[str, tuple[int, int, int]]] = []
    if not ctx.parts:
        out.append(("The inputs of this video are unknown (no sidecar and not in the job history): "
                            "frames only.", MUTED))
    for part in ctx.parts:
        inp = part.input
        head = f"Part {part.number} (from frame {max(part.start, 0) + 1}): " if len(ctx.parts) > 1 else ""
        out.append((f"{head}Prompt: {inp.prompt}", TEXT))
        n = len(inp.action_list)
        out.append((f"Moves ({n}): {moves_text(inp)}", TEXT))
        details = f"Seed {inp.seed} · CFG {inp.cfg_scale:g} · {inp.infer_steps} steps"
        if part.request_id:
            details += f" · request {part.request_id}"
        out.append((details, MUTED))
    where = [ctx.endpoint or ""] + (["sandbox (simulated, free)"] if ctx.mode == "sandbox" else
                                    ["fal"] if ctx.mode == "fal" else [])
    shown = ", ".join(f"#{i + 1}" for i, _ in tiles)
    tail = " · ".join(w for w in where if w)
    out.append((f"{len(tiles)} frames shown: {shown}" + (f" · {tail}" if tail else ""), MUTED))
    return out


def _draw_path(sheet: Image.Image, path: CameraPath, ctx: SheetContext, frames: Sequence[int],
               box: tuple[int, int, int, int], small: Font, k: float) -> None:
    """The combined path as on the path map (light theme): grid, moves by colour with arrows, start and
    end, the field of view at the start, the shown frames as dots, and where each later part starts."""
    draw = ImageDraw.Draw(sheet, "RGBA")
    x0, y0, w, h = box
    draw.rectangle((x0, y0, x0 + w, y0 + h), outline=GRID, width=max(1, round(k)))
    pad = 28 * k
    bottom = 26 * k
    fit = fit_path(path.bounds(), (x0 + pad, y0 + pad, w - 2 * pad, h - 2 * pad - bottom))
    length = nice_length(max(60.0, w / 4) / fit.scale)
    step_px = length * fit.scale
    if step_px >= 12:
        ox, oy = fit.point(0.0, 0.0)
        gx = ox - math.floor((ox - x0) / step_px) * step_px
        while gx < x0 + w:
            draw.line((gx, y0 + 1, gx, y0 + h - 1), fill=GRID, width=1)
            gx += step_px
        gy = oy - math.floor((oy - y0) / step_px) * step_px
        while gy < y0 + h:
            draw.line((x0 + 1, gy, x0 + w - 1, gy), fill=GRID, width=1)
            gy += step_px
    points = [fit.point(p.x, p.y) for p in path.waypoints()]
    stride = arrow_stride(len(path.steps))
    line_w = max(2, round(2 * k))
    for i, step in enumerate(path.steps):
        colour = action_rgb(step.action, dark=False) or MUTED
        draw.line((points[i], points[i + 1]), fill=colour, width=line_w)
        if i % stride == 0:
            head = arrow_head(*points[i], *points[i + 1], size=6 * k)
            if head is not None:
                draw.polygon(head, fill=colour)
    camera = _rgb(accent_hex("camera", dark=False))
    sx, sy = points[0]
    radius = max(26.0, 28 * k)
    # Forward is up: Pillow's angles run clockwise from 3 o'clock, so "up" is -90°.
    draw.pieslice((sx - radius, sy - radius, sx + radius, sy + radius), -90 - HORIZONTAL_FOV_DEG / 2,
                  -90 + HORIZONTAL_FOV_DEG / 2, fill=(*camera, 56), outline=camera, width=max(1, round(k)))
    for frame in frames:
        pose = pose_at(ctx.parts, path, frame)
        if pose is not None:
            px, py = fit.point(pose.x, pose.y)
            r = 3 * k
            draw.ellipse((px - r, py - r, px + r, py + r), fill=(*TEXT, 200))
    for part in ctx.parts[1:]:
        pose = pose_at(ctx.parts, path, max(part.start, 0))
        if pose is None:
            continue
        px, py = fit.point(pose.x, pose.y)
        r = 7 * k
        draw.ellipse((px - r, py - r, px + r, py + r), outline=PART_COLOUR, width=max(2, round(2 * k)))
        draw.text((px + r + 3 * k, py - r - 2 * k), f"part {part.number}", font=small, fill=PART_COLOUR)
    start, end = _rgb(accent_hex("start", dark=False)), _rgb(accent_hex("end", dark=False))
    r = 6 * k
    draw.ellipse((sx - r, sy - r, sx + r, sy + r), fill=start, outline=BACKGROUND, width=max(1, round(2 * k)))
    ex, ey = points[-1]
    r = 7 * k
    draw.rectangle((ex - r, ey - r, ex + r, ey + r), outline=end, width=max(2, round(3 * k)))
    apart = math.hypot(ex - sx, ey - sy) >= 14 * k
    draw.text((sx + 10 * k, sy + 4 * k), "Start" if apart else "Start · End", font=small, fill=TEXT)
    if apart:
        draw.text((ex + 10 * k, ey - 18 * k), "End", font=small, fill=TEXT)
    bx, by = x0 + pad / 2, y0 + h - bottom / 2 - 4 * k
    draw.line((bx, by, bx + step_px, by), fill=TEXT, width=max(2, round(2 * k)))
    for tick in (bx, bx + step_px):
        draw.line((tick, by - 4 * k, tick, by + 4 * k), fill=TEXT, width=max(2, round(2 * k)))
    units = f"{length:.6f}".rstrip("0").rstrip(".")
    draw.text((bx + step_px + 8 * k, by - 8 * k), f"{units} speed unit{'' if length == 1 else 's'}",
              font=small, fill=TEXT)


def _wrap(text: str, font: Font, width: float) -> list[str]:
    """Greedy word wrap to `width` pixels (a word longer than a line is cut)."""
    measure = ImageDraw.Draw(Image.new("L", (1, 1)))
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if measure.textlength(candidate, font=font) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
            while measure.textlength(line, font=font) > width and len(line) > 1:
                cut = max(1, int(len(line) * width / measure.textlength(line, font=font)))
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


@lru_cache(maxsize=16)
def _font(px: int) -> Font:
    """DejaVu Sans where the system has it (wide coverage), else Pillow's own scalable font."""
    for name in _FONT_FILES:
        try:
            return ImageFont.truetype(name, px)
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=px)
    except (OSError, TypeError, ImportError):
        return ImageFont.load_default()
