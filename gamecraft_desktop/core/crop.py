"""The cover-scale and centre crop the model applies to the input image."""

from __future__ import annotations

from typing import NamedTuple

from gamecraft_desktop.core.camera_path import OUTPUT_HEIGHT, OUTPUT_WIDTH
from gamecraft_desktop.core.defaults import RequestRules
from gamecraft_desktop.core.texts import number

#: The model may enlarge an image this much before the video looks blurry enough to say so.
SMALL_IMAGE_SCALE = 2.0


class CropRect(NamedTuple):
    """The part of the source image the model keeps, in source pixels (floats)."""

    x: float
    y: float
    width: float
    height: float
    scale: float  # source → output scale factor

    @property
    def kept_fraction(self) -> float:
        """Share of the source area the model sees (1.0 = nothing lost)."""
        src_w = self.width + 2 * self.x
        src_h = self.height + 2 * self.y
        return (self.width * self.height) / (src_w * src_h)


def model_crop(width: int, height: int, out_w: int = OUTPUT_WIDTH, out_h: int = OUTPUT_HEIGHT) -> CropRect:
    """scale = max(out_w / w, out_h / h); the centred out_w/scale × out_h/scale rectangle is kept."""
    if width <= 0 or height <= 0:
        raise ValueError(f"image size must be positive, got {width}×{height}")
    scale = max(out_w / width, out_h / height)
    cw = out_w / scale
    ch = out_h / scale
    return CropRect((width - cw) / 2, (height - ch) / 2, cw, ch, scale)


def small_image_warning(width: int, height: int) -> str | None:
    """A warning for an image the model must enlarge more than 2× to fill its 1216×704 frame (blurry)."""
    if width <= 0 or height <= 0:
        return None
    scale = model_crop(width, height).scale
    if scale <= SMALL_IMAGE_SCALE:
        return None
    return RequestRules.tr("The image is only {w}×{h} pixels: the model enlarges it ×{scale} to 1216×704, so the "
                           "video will look blurry. Use an image at least 608×352.").format(
        w=width, h=height, scale=number(scale, 1))
