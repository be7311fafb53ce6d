"""The modules the job steps import on first use, loaded ahead of the first job.

The steps import the HTTP stack, the upload and download code and the image and video helpers lazily, so
start-up stays lean. Left to the first Generate, those imports ran on a worker in the middle of the batch:
~90 ms of module code (httpx, pydantic models) with the GIL held, and a generation-1 collection of the
thousands of new objects, both stalling the window (tests/benchmarks/gui_trace.py named them). The window
calls `load_step_modules()` on a worker once it is up, then freezes what it made out of the collector.
"""

from __future__ import annotations


def load_step_modules() -> None:
    """Import everything UPLOAD, SUBMIT, FOLLOW, FETCH and DOWNLOAD use (idempotent, thread-safe)."""
    import gamecraft_desktop.engine.following
    import gamecraft_desktop.engine.receiving
    import gamecraft_desktop.engine.run
    import gamecraft_desktop.engine.sending
    import gamecraft_desktop.engine.sidecar
    import gamecraft_desktop.fal.classify
    import gamecraft_desktop.fal.downloads
    import gamecraft_desktop.fal.queue_client
    import gamecraft_desktop.fal.queue_types
    import gamecraft_desktop.fal.sse
    import gamecraft_desktop.fal.status
    import gamecraft_desktop.fal.upload_cache
    import gamecraft_desktop.fal.uploads
    import gamecraft_desktop.media.frames
    import gamecraft_desktop.media.image_prep
    import gamecraft_desktop.media.probe
    import gamecraft_desktop.media.thumbnails
    import gamecraft_desktop.store.job_sidecar
    import gamecraft_desktop.store.project_files  # noqa: F401
    from gamecraft_desktop.media.image_prep import register_decoders

    register_decoders()  # Pillow's plugins, imported at the first image otherwise
    # The first request encodes its host name with these codecs; httpx imports httpcore at the first
    # request (~20 ms of CPU).
    import encodings.ascii
    import encodings.idna  # noqa: F401
    import stringprep  # noqa: F401

    import httpcore  # noqa: F401
