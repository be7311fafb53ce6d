"""What goes wrong with the job history, as sentences for people (no traceback needed)."""

from __future__ import annotations


class StoreError(Exception):
    """The job history cannot be used; `str()` is a sentence for people (no traceback needed)."""


class JobNotFoundError(StoreError):
    pass


class HistoryFullError(StoreError):
    """The disk holding the job history is full (and its space reserve is used up)."""
