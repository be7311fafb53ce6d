"""A batch on one image: the image is decoded and hashed once, however many jobs start at the same moment.

Four workers start four jobs of a ×20 batch together. Each preparing the same large photo on its own kept
both cores busy for a second while the window waited for them (issue #16).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import gamecraft_desktop.fal.uploads as uploads
import gamecraft_desktop.store.project_files as project_files
from gamecraft_desktop.engine import sending


def _photo(path: Path, seed: int) -> Path:
    pixels = np.random.default_rng(seed).integers(0, 255, (400, 640, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(path)
    return path


def _together(n: int, fn: object) -> list[object]:
    start = threading.Barrier(n)
    results: list[object] = [None] * n

    def run(i: int) -> None:
        start.wait()
        try:
            results[i] = fn()  # type: ignore[operator]
        except Exception as exc:  # the test looks at what each caller got
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def _counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str, delay_s: float = 0.2) -> list[Path]:
    """Wrap module.name so each call is recorded and takes `delay_s` (the others arrive meanwhile)."""
    real = getattr(module, name)
    calls: list[Path] = []

    def slow(path: Path, *args: object, **kwargs: object) -> object:
        calls.append(path)
        time.sleep(delay_s)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(module, name, slow)
    return calls


def test_four_jobs_starting_together_prepare_the_image_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = _photo(tmp_path / "photo.png", 1)
    calls = _counting(monkeypatch, uploads, "prepare_image")
    results = _together(4, lambda: sending.prepared_image(photo))
    assert len(calls) == 1
    assert all(r is results[0] for r in results) and results[0].width == 1216  # type: ignore[attr-defined]
    # A new version of the file is prepared again: nothing stale is sent.
    _photo(photo, 2)
    sending.prepared_image(photo)
    assert len(calls) == 2


def test_four_jobs_starting_together_hash_the_image_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = _photo(tmp_path / "hashed.png", 3)
    calls = _counting(monkeypatch, project_files, "file_sha256")
    results = _together(4, lambda: sending._sha256_of(photo))
    assert len(calls) == 1 and len(set(results)) == 1


def test_a_failed_preparation_is_tried_again_by_the_next_job(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error reaches the job that met it; the jobs waiting behind it do not inherit it but try themselves."""
    photo = _photo(tmp_path / "flaky.png", 4)
    real = uploads.prepare_image
    attempts: list[int] = []

    def flaky(path: Path, *args: object, **kwargs: object) -> object:
        attempts.append(1)
        time.sleep(0.2)
        if len(attempts) == 1:
            raise OSError(5, "Input/output error", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(uploads, "prepare_image", flaky)
    results = _together(3, lambda: sending.prepared_image(photo))
    assert sum(isinstance(r, OSError) for r in results) == 1
    assert len(attempts) == 2  # one failure, then one success shared by the last waiter
    assert sum(not isinstance(r, OSError) for r in results) == 2
