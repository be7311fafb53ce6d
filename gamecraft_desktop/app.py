"""Composition root: builds the QApplication, the services and the main window, and starts it.

Heavy modules (av, httpx, QtNetwork, QtMultimedia) are not imported here: start-up stays lean and each
feature imports what it needs when first used.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from gamecraft_desktop.ui.crash_dialog import CrashReporter
    from gamecraft_desktop.ui.main_window import MainWindow

#: When set, the app prints "GAMECRAFT_WINDOW_EXPOSED <unix time>" once the window is on screen, then quits.
STARTUP_PROBE_ENV = "GAMECRAFT_DESKTOP_STARTUP_PROBE"
#: "dark" or "light": overrides the platform's colour scheme (a dark palette where it cannot switch).
COLOR_SCHEME_ENV = "GAMECRAFT_DESKTOP_COLOR_SCHEME"
#: "en", "zh_CN" or "system": overrides View ▸ Language for this run (screenshots, tests).
LANGUAGE_ENV = "GAMECRAFT_DESKTOP_LANGUAGE"
#: Qt's own switch for the raster engine's helper threads (see build_application).
NO_GUI_THREAD_POOL_ENV = "QT_NO_GUI_THREADPOOL"
# The GUI thread re-enters Python for every slot, paint and model call, and PySide releases the GIL around
# most Qt calls: each re-entry waits for the GIL up to the switch interval while a worker is busy in Python
# (httpx/h11 streaming, PyAV, PIL). 5 ms (CPython's default) per re-entry added up to 60-180 ms heartbeat
# gaps with 20 jobs downloading 50 MB videos; 1 ms brought p99 from ~40 to ~28 ms, 0.5 ms (with the other
# measures) the max gap from ~35-42 to ~19-35 ms (tests/benchmarks/bench_jobs.py).
GUI_SWITCH_INTERVAL_S = 0.0005


def build_application(argv: list[str]) -> QApplication:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from gamecraft_desktop.qtsupport.pyside_workarounds import install as guard_pyside_refcounts
    from gamecraft_desktop.qtsupport.pyside_workarounds import skip_pyside_source_scans

    guard_pyside_refcounts()
    skip_pyside_source_scans()  # before our Qt modules are imported: that is when it saves time
    if sys.getswitchinterval() > GUI_SWITCH_INTERVAL_S:  # process-wide: for the window's thread
        sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
    # Qt's raster engine splits large fills, image scaling and video-frame drawing across a pool of helper
    # threads and blocks the GUI thread until all are done. With two cores busy with jobs the helpers wait for
    # a core, and so does the window: 2-6 ms per paint, up to 33 ms (perf, tests/benchmarks/bench_jobs.py).
    # Read once, before the first paint; any value turns the pool off, and the work stays on the GUI thread.
    os.environ.setdefault(NO_GUI_THREAD_POOL_ENV, "1")

    from gamecraft_desktop import APP_ID, APP_NAME, __version__
    from gamecraft_desktop.ui.app_settings import APPLICATION_NAME, ORGANIZATION_DOMAIN, ORGANIZATION_NAME
    from gamecraft_desktop.ui.icons import icon

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *argv])
    QGuiApplication.setOrganizationName(ORGANIZATION_NAME)
    QGuiApplication.setOrganizationDomain(ORGANIZATION_DOMAIN)
    QGuiApplication.setApplicationName(APPLICATION_NAME)
    QGuiApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)
    app.setProperty("gamecraftDisplayName", APP_NAME)
    from gamecraft_desktop.ui.i18n import install_translators

    install_translators(app, os.environ.get(LANGUAGE_ENV) or None)  # View ▸ Language, else the system's
    app.setWindowIcon(icon("app"))
    scheme = os.environ.get(COLOR_SCHEME_ENV)
    if scheme:
        from gamecraft_desktop.ui.style import apply_color_scheme

        apply_color_scheme(app, scheme)
    else:
        from gamecraft_desktop.ui.theme import apply_theme, saved_theme

        if (theme := saved_theme()) != "system":  # View ▸ Theme, kept from the last run
            apply_theme(app, theme)
    from gamecraft_desktop.ui.theme import follow_system_scheme

    follow_system_scheme(app)  # text colours tuned to WCAG AA, also after the desktop switches scheme
    return app


def create_main_window() -> MainWindow:
    from gamecraft_desktop.ui.main_window import MainWindow

    return MainWindow()


def settle(window: MainWindow, timeout_s: float = 10.0, min_s: float = 0.8) -> None:
    """Process events until the image and project checks are done (for screenshots and probes); at least
    `min_s`, so timers started at start-up (the key lookup, the path preview) have run."""
    from PySide6.QtCore import QCoreApplication, QThreadPool

    start = time.monotonic()
    deadline = start + timeout_s
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if time.monotonic() - start < min_s:
            time.sleep(0.01)
            continue
        pools = [QThreadPool.globalInstance()]
        manager = getattr(getattr(window, "jobs_runtime", None), "manager", None)
        if isinstance(getattr(manager, "thread_pool", None), QThreadPool):
            pools.append(manager.thread_pool)  # type: ignore[union-attr]
        if not window.drop_zone.busy and all(p.activeThreadCount() == 0 for p in pools):
            QCoreApplication.processEvents()
            if not window.drop_zone.busy:
                break
        time.sleep(0.01)
    QCoreApplication.processEvents()


def _install_startup_probe(window: MainWindow) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class _Probe(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Expose and window.windowHandle().isExposed():
                print(f"GAMECRAFT_WINDOW_EXPOSED {time.time():.6f}", flush=True)
                window.windowHandle().removeEventFilter(self)
                QTimer.singleShot(0, QApplication.quit)
            return False

    probe = _Probe(window)
    window.winId()  # create the native window so the filter can see its first expose
    window.windowHandle().installEventFilter(probe)


def install_diagnostics(window: MainWindow, *, open_log_now: bool = True) -> CrashReporter:
    """The rotating log file (Qt's own messages included), the crash dialog for bugs, Help ▸ Open Log
    Folder and Help ▸ About. Returns the crash reporter (keep it alive). With `open_log_now=False` the
    records are held in memory until `open_log_file()` (the GUI opens it once the window is on screen)."""
    from gamecraft_desktop.store.logs import hold_early_records
    from gamecraft_desktop.store.paths import AppPaths
    from gamecraft_desktop.ui.crash_dialog import CrashReporter
    from gamecraft_desktop.ui.qt_messages import route_qt_messages_to_log

    paths = AppPaths.default()
    hold_early_records()
    route_qt_messages_to_log()
    reporter = CrashReporter(paths.log_file)
    reporter.install()
    reporter.setParent(window)
    window.set_log_folder(paths.logs)
    window.set_about_handler(lambda: _show_about(window))
    if open_log_now:
        open_log_file(reporter)
    return reporter


def open_log_file(reporter: CrashReporter) -> None:
    """Start writing the log file (and what was held so far). An unwritable folder must not stop the app."""
    from gamecraft_desktop.store.logs import configure_logging
    from gamecraft_desktop.store.paths import AppPaths

    paths = AppPaths.default()
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        configure_logging(paths.log_file)
    except OSError as exc:
        sys.stderr.write(f"gamecraft-desktop: no log file ({exc})\n")
        reporter.log_path = None


def _show_about(window: MainWindow) -> None:
    # Imported on first use: the versions module loads PyAV and importlib.metadata (~100 ms at start-up).
    from gamecraft_desktop.media.versions import component_versions
    from gamecraft_desktop.ui.about_dialog import AboutDialog

    AboutDialog(component_versions(), window).exec()


def missing_display_message(env: dict[str, str] | None = None, platform: str = sys.platform) -> str | None:
    """On Linux without X11/Wayland Qt aborts the process; say what to do instead."""
    env = dict(os.environ) if env is None else env
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return ("gamecraft-desktop: no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
            "Run it in a desktop session, or under `xvfb-run -a gamecraft-desktop`; the headless commands "
            "(`gamecraft-desktop generate --help`) need no display.\n")


def run_gui(argv: list[str], *, project: Path | None = None) -> int:
    """Start the window (optionally opening a project) and run the event loop."""
    problem = missing_display_message()
    if problem:
        sys.stderr.write(problem)
        return 2
    # No garbage collection until the window and the jobs half are up: start-up makes ~90,000 long-lived
    # objects (our modules, Qt types, httpx, pydantic, PyAV) that every full collection would walk again
    # (15-40 ms, on whichever thread triggers it, GIL held: a visible stall). They are frozen out instead.
    gc.disable()
    app = build_application(argv)
    from gamecraft_desktop.ui.accessibility import hold_factories, release_factories

    hold_factories()  # the timeline's screen-reader interface: installed right after the first frame
    window = create_main_window()
    window.restore_window_state()
    if project is not None:
        window.projects.open_path(project, ask=False)
    if os.environ.get(STARTUP_PROBE_ENV):
        _install_startup_probe(window)
    # The window appears first; the log file and crash dialog, and the jobs half (history, keyring, sandbox,
    # player: the heavy imports) follow right after it is on screen. Qt's messages and exceptions of the
    # first frame go to stderr, as those of building the window always did.
    diagnostics: list[CrashReporter] = []  # the crash reporter, kept alive with the event loop

    def after_first_frame() -> None:
        try:
            release_factories()
            share_heaps_between_threads()  # before the jobs half's workers allocate
            diagnostics.append(install_diagnostics(window))
            if project is None:  # the last session's composer, unless File ▸ New emptied it (pydantic: not
                from gamecraft_desktop.ui.session import restore_session  # before the first frame)

                restore_session(window.projects)
            _attach_jobs(window)
        finally:
            freeze_startup_objects()  # collection back on whatever happened

    from gamecraft_desktop.core.native_heap import share_heaps_between_threads
    from gamecraft_desktop.qtsupport.first_frame import after_first_expose

    window.winId()  # the native window, so its first expose can be seen
    after_first_expose(window.windowHandle(), after_first_frame)
    window.show()
    return app.exec()


def freeze_startup_objects() -> None:
    """Move everything alive now out of the garbage collector's view and turn collection on: later full
    passes walk only what the session creates (job events, caches), not the ~90,000 start-up objects."""
    gc.freeze()
    gc.enable()


def _attach_jobs(window: MainWindow) -> None:
    from gamecraft_desktop.app_jobs import attach_jobs

    runtime = attach_jobs(window)
    window.jobs_runtime = runtime  # type: ignore[attr-defined]  # player, jobs list, key, sandbox
    # The job steps' modules load on a worker right after start-up: freeze their objects too.
    runtime.stepModulesLoaded.connect(freeze_startup_objects)


def take_screenshot(out: Path, project: Path | None = None) -> int:
    """Render the main window offscreen to a PNG. 0 on success, 2 when the project cannot be opened."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from gamecraft_desktop.core.project import ProjectError
    from gamecraft_desktop.store.project_files import read_project
    from gamecraft_desktop.ui.window_layout import DEFAULT_SIZE

    if project is not None:
        try:
            read_project(project)
        except ProjectError as exc:
            sys.stderr.write(f"gamecraft-desktop: cannot open {project}: {exc}\n")
            return 2
    build_application([])
    window = create_main_window()
    # The design size, whatever the (virtual) screen, docks included: shots stay comparable.
    window.start_at_size(DEFAULT_SIZE)
    if project is not None:
        window.projects.open_path(project, ask=False)
    window.show()
    _attach_jobs(window)  # what a person sees includes the jobs half
    settle(window)
    image = window.grab()
    ok = image.save(str(out), "PNG")
    window.hide()  # not close(): a screenshot must not ask questions or overwrite the saved layout
    window.jobs_runtime.shutdown()  # type: ignore[attr-defined]
    if not ok:
        sys.stderr.write(f"gamecraft-desktop: could not write {out}\n")
        return 1
    print(f"{out}: {image.width()}x{image.height()}")
    return 0
