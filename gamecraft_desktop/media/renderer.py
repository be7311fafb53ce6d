"""A stand-in for the model's video: the input image moved along the camera path as a 2-D pan/zoom.

The sandbox serves this instead of a generated video, so it must look obviously simulated (a visible
mark) while having exactly the model's output format: H.264 MP4, 1216 × 704, 24 fps, 33 frames per action.

Motion model (deliberately simple, applied to the image after the model's crop):
- `w`/`s` (Y forward) are a dolly: a zoom about the centre, `exp(zoom_per_unit · y)`; forward zooms in.
- `a`/`d` (X right) are a strafe: the view window slides across the image; `a` shows more of the left.
- yaw (upstream-only rotations) slides the window by the heading's share of the horizontal FOV.
The image is pre-scaled by `overscan`, and frame 0 shows its centre at 1:1, so moving back or sideways
has real pixels to show; the window is clamped to the image, so no frame ever shows a black border
(a long strafe stops at the image's edge; the sandbox shows direction and rhythm, not distance).

Speed: the source is converted to YUV 4:2:0 once, and each frame resamples the three planes with Pillow's
bilinear resize (chroma at half resolution), pastes the pre-drawn mark through its alpha into a small patch,
and is encoded by libx264 with frame threads, while a worker thread resamples the next frames. No per-frame
RGB → YUV. The planes are Pillow images copied straight into PyAV's frame buffers: no numpy, which kept
~40 MB (numpy and its OpenBLAS) out of the app bundle.
"""

from __future__ import annotations

import io
import math
import os
from collections import deque
from collections.abc import Callable, Generator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from gamecraft_desktop.atomic_files import atomic_path
from gamecraft_desktop.core.camera_path import (
    FPS,
    HORIZONTAL_FOV_DEG,
    OUTPUT_HEIGHT,
    OUTPUT_WIDTH,
    CameraPath,
    Pose,
)
from gamecraft_desktop.core.crop import model_crop
from gamecraft_desktop.core.texts import Texts
from gamecraft_desktop.media._av import convert

#: The simulated render's problems in words (core/texts.py: the name is the translation context).
RenderText = Texts("RenderText")

MARK_SUFFIX = " — simulated camera move, not the model"
TIME_BASE = Fraction(1, FPS)
# faststart: the index goes first so players can start before the whole file is read;
# a 1/24 track timescale keeps frame f at pts f in the file itself.
_MP4_OPTIONS = {"movflags": "+faststart", "video_track_timescale": str(FPS)}

ImageSource = bytes | bytearray | Path | str | Image.Image
Planes = tuple[Image.Image, Image.Image, Image.Image]  # Y at full resolution, U and V at half
ProgressCallback = Callable[[int, int], None]


class RenderError(ValueError):
    """The renderer cannot make a video from these inputs; the message is for people."""


@dataclass(frozen=True, slots=True)
class MotionModel:
    """How speed units become pixels. Defaults make the default 0.2 moves clearly visible."""

    overscan: float = 1.3  # pre-scaled source / output size; frame 0 shows the central 1/overscan
    zoom_per_unit: float = 1.2  # w 0.2 → ×1.27
    pan_per_unit: float = 0.4  # d 0.2 → the window moves 8 % of the image width (≈ 125 output px)
    max_zoom: float = 4.0  # relative to frame 0
    # Dollying back stops short of the whole image, so a strafe after it still has room to move.
    max_view: float = 0.92

    def window(self, pose: Pose) -> tuple[float, float, float]:
        """(centre x, centre y, size) of the view window as fractions of the pre-scaled source.

        The window has the output's aspect ratio; `size` is its width over the source width (≤ 1).
        Motion is linear in the pose (constant velocity within an action) until the window meets the
        image's edge, where it stops: a frame never shows anything outside the image.
        """
        zoom = math.exp(self.zoom_per_unit * pose.y)
        size = 1.0 / (self.overscan * zoom)
        size = min(self.max_view, max(1.0 / (self.overscan * self.max_zoom), size))
        # A turn slides the view by the heading's share of the field of view (upstream-only actions).
        cx = 0.5 + self.pan_per_unit * pose.x + size * pose.heading_deg / HORIZONTAL_FOV_DEG
        half = size / 2
        cx = min(1.0 - half, max(half, cx))
        return cx, 0.5, size


DEFAULT_MOTION = MotionModel()


def load_source(image: ImageSource, *, max_side: int = 0) -> Image.Image:
    """Decode the input like the model does: EXIF orientation applied, RGB (alpha dropped).

    `max_side` (if > 0) lets JPEG decoding skip resolution that would be thrown away.
    """
    try:
        if isinstance(image, Image.Image):
            img = image
        else:
            fp: io.BytesIO | Path = (
                io.BytesIO(bytes(image)) if isinstance(image, bytes | bytearray) else Path(image)
            )
            img = Image.open(fp)
            if max_side > 0:
                img.draft("RGB", (max_side, max_side))
            img.load()
        img = ImageOps.exif_transpose(img) or img
        return img.convert("RGB") if img.mode != "RGB" else img
    except FileNotFoundError as exc:
        raise RenderError(RenderText.tr("The image file {image} does not exist.").format(image=str(image))) from exc
    except Image.DecompressionBombError as exc:
        raise RenderError(RenderText.tr("The input image is too large to render: {exc}").format(exc=exc)) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise RenderError(RenderText.tr("The input image cannot be decoded: {exc}").format(exc=exc)) from exc


def prescale_source(img: Image.Image, motion: MotionModel = DEFAULT_MOTION) -> Image.Image:
    """The model's centre crop of `img`, resized to the output size × overscan (even dimensions)."""
    sw, sh = _source_size(motion)
    rect = model_crop(img.width, img.height)
    box = (rect.x, rect.y, rect.x + rect.width, rect.y + rect.height)
    return img.resize((sw, sh), Image.Resampling.BICUBIC, box=box)


def render_camera_move(
    image: ImageSource,
    path: CameraPath,
    out: Path,
    *,
    mark: str | None = "SANDBOX",
    preset: str = "ultrafast",
    crf: int = 23,
    motion: MotionModel = DEFAULT_MOTION,
    threads: int = 0,
    on_progress: ProgressCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Path:
    """Render `image` moving along `path` to an H.264 MP4 at `out` (written atomically) and return `out`.

    The video has exactly 33 frames per action at 24 fps, 1216 × 704, frame f at pts f (time base 1/24).
    `mark` is drawn in the bottom-left corner followed by "— simulated camera move, not the model"; None or
    "" leaves it out. `on_progress(done, total)` is called after each encoded frame; `should_stop()` returning
    True aborts with RenderError and leaves no file behind. `threads` = 0 picks one more than the CPU count.
    """
    if not path.steps:
        raise RenderError(RenderText.tr("The camera path is empty: add at least one move (W, A, S or D)."))
    out = Path(out)
    sw, sh = _source_size(motion)
    src = prescale_source(load_source(image, max_side=max(sw, sh)), motion)
    planes = _to_yuv420_planes(src)
    overlay = _MarkOverlay.build(mark + MARK_SUFFIX) if mark else None
    poses = path.trajectory()
    total = len(poses)

    out.parent.mkdir(parents=True, exist_ok=True)
    with (atomic_path(out, prefix=f".{out.stem}.", suffix=".mp4.part", durable=False) as tmp,
          av.open(str(tmp), "w", format="mp4", options=_MP4_OPTIONS) as container):
        stream = container.add_stream("libx264", rate=FPS)
        stream.width = OUTPUT_WIDTH
        stream.height = OUTPUT_HEIGHT
        stream.pix_fmt = "yuv420p"
        stream.time_base = TIME_BASE
        stream.codec_context.time_base = TIME_BASE
        stream.codec_context.thread_type = "FRAME"
        stream.codec_context.thread_count = threads or (os.cpu_count() or 1) + 1
        stream.options = {"preset": preset, "crf": str(crf)}

        def make(pose: Pose) -> Planes:
            frame_planes = _render_frame(planes, motion.window(pose))
            if overlay is not None:
                overlay.blend(frame_planes)
            return frame_planes

        # closing(): on cancel or error the workers are stopped and joined right here, not at GC time.
        with closing(_ahead(make, poses, _RESAMPLE_WORKERS)) as bufs:
            for f, buf in enumerate(bufs):
                if should_stop is not None and should_stop():
                    raise RenderError(RenderText.tr("Rendering was cancelled."))
                frame = _to_frame(buf)
                frame.pts = f
                frame.time_base = TIME_BASE
                container.mux(stream.encode(frame))
                if on_progress is not None:
                    on_progress(f + 1, total)
        container.mux(stream.encode(None))
    return out


# --- internals ------------------------------------------------------------------------------------

#: Threads resampling upcoming frames while the main thread feeds the encoder (Pillow releases the GIL
#: while resizing). One is enough: x264's own threads take the remaining cores.
_RESAMPLE_WORKERS = 1
_LOOKAHEAD = 4


def _ahead(
    make: Callable[[Pose], Planes], poses: list[Pose], workers: int
) -> Generator[Planes, None, None]:
    """`make(pose)` for each pose, in order, computed up to a few frames ahead on worker threads.

    Leaving the loop early (cancel, encoder error) cancels what is queued and joins the workers.
    """
    if workers <= 0:
        yield from (make(p) for p in poses)
        return
    pending: deque[Future[Planes]] = deque()
    todo = iter(poses)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="gamecraft-render") as pool:
        try:
            for pose in todo:
                pending.append(pool.submit(make, pose))
                if len(pending) > _LOOKAHEAD:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for fut in pending:
                fut.cancel()


def _source_size(motion: MotionModel) -> tuple[int, int]:
    return _even(OUTPUT_WIDTH * motion.overscan), _even(OUTPUT_HEIGHT * motion.overscan)


def _even(v: float) -> int:
    return max(2, round(v / 2) * 2)


def _to_yuv420_planes(src: Image.Image) -> Planes:
    """Y, U, V planes as 8-bit Pillow images, converted by swscale exactly as the encoder would."""
    return _planes_of(convert(av.VideoFrame.from_image(src), format="yuv420p"))


def _planes_of(frame: av.VideoFrame) -> Planes:
    """A yuv420p frame's planes as Pillow "L" images (rows may be padded in PyAV's buffers)."""
    y, u, v = (Image.frombuffer("L", (p.width, p.height), bytes(p), "raw", "L", p.line_size, 1)
               for p in frame.planes)
    return y, u, v


def _to_frame(planes: Planes) -> av.VideoFrame:
    """A yuv420p frame holding the three planes (copied row by row when PyAV pads its rows)."""
    frame = av.VideoFrame(OUTPUT_WIDTH, OUTPUT_HEIGHT, "yuv420p")
    for target, image in zip(frame.planes, planes, strict=True):
        if target.line_size != image.width:
            padded = Image.new("L", (target.line_size, image.height))
            padded.paste(image)
            image = padded
        target.update(image.tobytes())
    return frame


def _render_frame(planes: Planes, window: tuple[float, float, float]) -> Planes:
    """One output frame's Y, U, V planes: the window of each source plane, bilinear-resized."""
    cx, cy, size = window
    y_plane = planes[0]
    sw, sh = y_plane.size
    bw, bh = size * sw, size * sh
    box = (cx * sw - bw / 2, cy * sh - bh / 2, cx * sw + bw / 2, cy * sh + bh / 2)
    w, h = OUTPUT_WIDTH, OUTPUT_HEIGHT
    half_box = (box[0] / 2, box[1] / 2, box[2] / 2, box[3] / 2)
    u, v = (plane.resize((w // 2, h // 2), Image.Resampling.BILINEAR, box=half_box) for plane in planes[1:])
    return y_plane.resize((w, h), Image.Resampling.BILINEAR, box=box), u, v


@dataclass(frozen=True)
class _MarkOverlay:
    """The mark, drawn once in RGBA and converted to YUV + alpha, pasted through its alpha into each frame.

    Blending in YUV equals blending in RGB because the conversion is affine.
    """

    x: int
    y: int
    planes: Planes  # Y (full res), U, V (half res)
    alphas: tuple[Image.Image, Image.Image]  # full-res and half-res alpha, 0..255

    @classmethod
    def build(cls, text: str, *, margin: int = 12, font_px: int = 20, pad: int = 8) -> _MarkOverlay:
        font = _font(font_px)
        text = _drawable(text, font)
        left, top, right, bottom = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox((0, 0), text, font=font)
        pw = _even(right - left + 2 * pad + 1)
        ph = _even(bottom - top + 2 * pad + 1)
        pw = min(pw, OUTPUT_WIDTH - 2 * margin)
        colour = Image.new("RGB", (pw, ph), (0, 0, 0))
        alpha = Image.new("L", (pw, ph), 170)  # a dark translucent plate keeps the text legible anywhere
        ImageDraw.Draw(colour).text((pad - left, pad - top), text, font=font, fill=(255, 255, 255))
        ImageDraw.Draw(alpha).text((pad - left, pad - top), text, font=font, fill=255)
        planes = _to_yuv420_planes(colour)
        a_half = alpha.resize((pw // 2, ph // 2), Image.Resampling.BOX)  # the mean of each 2×2 block
        x0 = margin
        y0 = _even(OUTPUT_HEIGHT - margin - ph) if OUTPUT_HEIGHT - margin - ph >= 0 else 0
        return cls(x0 - x0 % 2, y0, planes, (alpha, a_half))

    def blend(self, frame: Planes) -> None:
        """Composite the mark into a frame's Y, U, V planes in place."""
        y_plane, u_plane, v_plane = frame
        y_plane.paste(self.planes[0], (self.x, self.y), self.alphas[0])
        for plane, over in ((u_plane, self.planes[1]), (v_plane, self.planes[2])):
            plane.paste(over, (self.x // 2, self.y // 2), self.alphas[1])


def _drawable(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> str:
    """Replace the dashes the font has no glyph for (Pillow's bundled font lacks "—") with "-"."""
    try:
        missing = font.getmask("\u0378")  # an unassigned code point: always the "missing glyph" box
        for dash in ("—", "–"):
            if dash in text:
                m = font.getmask(dash)
                if m.size == missing.size and bytes(m) == bytes(missing):
                    text = text.replace(dash, "-")
        return text
    except (UnicodeEncodeError, ValueError):  # the bitmap fallback font is Latin-1 only
        return text.encode("ascii", "replace").decode().replace("?", "-")


def _font(px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=px)
    except (OSError, TypeError, ImportError):  # Pillow built without FreeType: the small bitmap font
        return ImageFont.load_default()
