"""gamecraft_desktop.atomic_files: whole-file-or-nothing writes with the umask's mode."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from gamecraft_desktop import atomic_files
from gamecraft_desktop.atomic_files import atomic_path, atomic_write_bytes, atomic_write_text, atomic_writer


def _leftovers(folder: Path, keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != keep)


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_new_file_gets_the_umask_mode_not_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "video.json"
        atomic_write_text(target, "{}\n")
        assert target.stat().st_mode & 0o777 == 0o644
        private = tmp_path / "cache.json"
        atomic_write_bytes(private, b"x", mode=0o600)
        assert private.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)


def test_failure_keeps_the_old_file_and_removes_the_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "project.gcproj"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_writer(target) as fh:
        fh.write(b"half")
        raise RuntimeError("boom")
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path, target.name) == []


def test_disk_full_surfaces_as_oserror_and_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "sidecar.json"

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_files.os, "fsync", full)
    with pytest.raises(OSError) as info:
        atomic_write_text(target, "data")
    assert info.value.errno == errno.ENOSPC
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_atomic_path_replaces_only_after_the_block(tmp_path: Path) -> None:
    target = tmp_path / "out.mp4"
    target.write_bytes(b"old")
    with atomic_path(target, suffix=".mp4.part", durable=False) as tmp:
        assert tmp.parent == tmp_path and tmp.name.endswith(".mp4.part")
        tmp.write_bytes(b"new")
        assert target.read_bytes() == b"old"
    assert target.read_bytes() == b"new"
    assert _leftovers(tmp_path, target.name) == []


def test_atomic_folder_appears_whole_and_replaces_an_old_one_only_when_done(tmp_path: Path) -> None:
    from gamecraft_desktop.atomic_files import atomic_folder

    target = tmp_path / "frames"
    with atomic_folder(target) as tmp:
        (tmp / "a.png").write_bytes(b"1")
        assert not target.exists()  # nothing to see until the block ends
    assert sorted(p.name for p in target.iterdir()) == ["a.png"]
    with pytest.raises(RuntimeError), atomic_folder(target) as tmp:
        (tmp / "b.png").write_bytes(b"2")
        raise RuntimeError("cancelled")
    assert sorted(p.name for p in target.iterdir()) == ["a.png"]  # the old folder is untouched
    with atomic_folder(target) as tmp:
        (tmp / "c.png").write_bytes(b"3")
    assert sorted(p.name for p in target.iterdir()) == ["c.png"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["frames"]  # no temp or old folder left
    old = os.umask(0o022)
    try:
        with atomic_folder(tmp_path / "shared"):
            pass
        assert (tmp_path / "shared").stat().st_mode & 0o777 == 0o755  # not mkdtemp's 0700
    finally:
        os.umask(old)
