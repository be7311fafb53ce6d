"""The app's own fal layer (uploads, queue client, downloads) against the sandbox: what the app speaks, the
sandbox understands, including through injected faults."""

from __future__ import annotations

from pathlib import Path

import pytest
from sandbox_support import KEY, png_bytes, running

from gamecraft_desktop.core.schema import GameCraftInput
from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.fal.downloads import download
from gamecraft_desktop.fal.queue_client import QueueClient
from gamecraft_desktop.fal.retry import RetryPolicy
from gamecraft_desktop.fal.uploads import Uploader
from gamecraft_desktop.media.image_prep import prepare_image
from gamecraft_desktop.sandbox import FaultRule


@pytest.mark.slow
def test_upload_submit_follow_result_download_through_faults(tmp_path: Path) -> None:
    with running(time_scale=0.05, faults="status:1:edge502,stream:1:ssedrop=1,cdn:1:truncate") as sb:
        sb.faults.add(FaultRule("submit", "429", times=1))
        config = FalConfig(queue_url=sb.base_url, rest_url=sb.base_url)
        creds = Credentials(KEY, "FAL_KEY")
        fast = RetryPolicy(base_s=0.01, cap_s=0.05, max_attempts=5, jitter=0.0)
        with Uploader(config, creds) as uploader:
            url = uploader.upload(prepare_image(png_bytes(1400, 800, "teal")))
        assert url.startswith(sb.base_url + "/files/")
        inp = GameCraftInput.model_validate({"image": url, "prompt": "a street", "action_list": ["w", "d"],
                                             "action_speed_list": [0.2, 0.2]})
        with QueueClient(config, creds, retry=fast, sleep=lambda s: None, poll_min_s=0.02, poll_max_s=0.05) as qc:
            handle = qc.submit(inp)
            segments: list[tuple[int, int]] = []
            final = qc.follow(handle, lambda u: segments.append(u.segment) if u.segment else None)
            assert final.status == "COMPLETED"
            assert (2, 2) in segments
            output = qc.result(handle)
        path = download(output.video.url, tmp_path / "out.mp4", expected_size=output.video.file_size,
                        allow_loopback_http=True, require_video=False, retry=fast, sleep=lambda s: None)
        assert path.stat().st_size == output.video.file_size
        c = sb.counters
        assert c.jobs_created == 1 and c.uploads == 1
        assert c.responses("submit", 429) == 1 and c.faults_applied("truncate") == 1
        for kind in ("upload", "cdn"):
            assert not c.header_seen(kind, "authorization"), kind
