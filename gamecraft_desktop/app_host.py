"""What the jobs half needs from the window, as a typed seam: the runtime and its presenters talk to this
Protocol (ui.main_window.MainWindow is one), never to the window's widgets."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    from gamecraft_desktop.composer.image_loader import LoadedImage
    from gamecraft_desktop.composer.request import Composition, CompositionCheck
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.core.schema import FieldIssue, GameCraftInput


class JobsHost(Protocol):
    """The window, as the jobs half sees it."""

    export_action: QAction  # File ▸ Export…: enabled while a finished job's video is selected

    @property
    def generate_requested(self) -> SignalInstance: ...  # (JobSpec)

    @property
    def key_clicked(self) -> SignalInstance: ...

    @property
    def image_changed(self) -> SignalInstance: ...  # the composer's image changed

    @property
    def image_loading_changed(self) -> SignalInstance: ...  # it started or stopped loading one

    @property
    def composer_path_changed(self) -> SignalInstance: ...

    @property
    def composer_changed(self) -> SignalInstance: ...  # the prompt, parameters or image changed

    # --- the places the jobs half fills ---
    def set_player_widget(self, widget: QWidget) -> None: ...

    def set_jobs_widget(self, widget: QWidget) -> None: ...

    def add_preferences_section(self, title: str, factory: Callable[[], QWidget]) -> None: ...

    def add_close_guard(self, guard: Callable[[], bool]) -> None: ...

    # --- what it says ---
    def set_generate_available(self, available: bool, reason: str = "") -> None: ...

    def set_mode_badge(self, text: str, tooltip: str = "", kind: str | None = None) -> None: ...
    def set_request_queue_url(self, url: str | None) -> None: ...

    def set_key_state(self, text: str) -> None: ...

    def set_run_count(self, runs: int) -> None: ...

    def set_continue_note(self, text: str) -> None: ...

    def set_estimate(self, lines: list[str], note: str = "", tooltip: str = "", warning: str = "") -> None: ...

    def show_status(self, text: str, ms: int = 8000) -> None: ...

    def mark_field_issues(self, issues: Iterable[FieldIssue]) -> Any: ...

    # --- what it reads and sets in the composer ---
    def current_check(self) -> CompositionCheck: ...

    def composition(self) -> Composition: ...

    def current_image(self) -> LoadedImage | None: ...

    def image_loading(self) -> bool: ...

    def refuse_changed_image(self, message: str, changed: Path | None) -> None: ...

    def composer_path(self) -> CameraPath: ...

    def load_composer(self, inp: GameCraftInput, image: Path | None) -> None: ...

    # --- what plays ---
    def show_playing(self, path: CameraPath | None) -> None: ...

    def set_playing_frame(self, frame: int) -> None: ...

    def show_comparing(self, path_map: QWidget | None, moves: QWidget | None) -> None: ...  # None, None: done

    def is_active(self) -> bool: ...

    def widget(self) -> QWidget: ...  # the parent for dialogs and notifications
