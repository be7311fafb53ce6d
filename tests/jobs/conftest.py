"""Fixtures for the jobs side: a real sandbox server on loopback, an input image, a job manager."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from jobs_helpers import image_file, make_manager, make_sandbox, sandbox, spec

__all__ = ["image_file", "make_manager", "make_sandbox", "sandbox", "spec"]
