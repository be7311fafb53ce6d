"""media layer: probing, frame extraction, thumbnails and stitching of videos (PyAV + Pillow, no Qt)."""

from gamecraft_desktop.media.errors import MediaError
from gamecraft_desktop.media.frames import LAST, extract_frame
from gamecraft_desktop.media.probe import VideoInfo, probe_video
from gamecraft_desktop.media.sniff import is_mp4
from gamecraft_desktop.media.stitch import concat_videos
from gamecraft_desktop.media.thumbnails import THUMBNAIL_SIZE, make_thumbnail

__all__ = [
    "LAST",
    "THUMBNAIL_SIZE",
    "MediaError",
    "VideoInfo",
    "concat_videos",
    "extract_frame",
    "is_mp4",
    "make_thumbnail",
    "probe_video",
]
