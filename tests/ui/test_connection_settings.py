"""Preferences ▸ Connection in the real window: it reaches an external fal-compatible server (a SandboxServer
started separately, on its own port) and completes a job there; the settings persist; the environment wins
and is shown as the source; keyless proxy mode; the webhook goes with each submit; the server cannot change
under running jobs; the mode badge names the server."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "jobs"))
from http_stubs import hook_url, keyless_proxy, proxy_url, webhook_receiver
from jobs_helpers import KEY, cached_render, image_file
from test_jobs_window import compose, make_runtime

from gamecraft_desktop.core.connection import ConnectionSettings
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.store.paths import AppPaths
from gamecraft_desktop.store.settings import SettingsFile

__all__ = ["image_file", "make_runtime"]


@pytest.fixture
def external() -> Iterator[Callable[..., Any]]:
    """Sandboxes started on their own, as another process would run one (the window does not own them)."""
    from gamecraft_desktop.sandbox import SandboxServer

    servers: list[Any] = []

    def start(**kw: Any) -> Any:
        server = SandboxServer(**{"require_key": KEY, "render": cached_render, "seconds_per_action": 0.2, **kw})
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def make_window(make_runtime: Callable[..., Any]) -> Callable[..., Any]:
    """The real window with its jobs half; `env` stands for the process environment (a key, URLs)."""
    return lambda env=None: make_runtime(env=env, seconds_per_action=0.2, render=cached_render)


def connection_page(runtime: Any) -> Any:
    dialog = runtime.window.preferences.open("Connection")
    return dialog, dialog.section("Connection")


def generate_one(qtbot: Any, runtime: Any, image: Path) -> Any:
    compose(qtbot, runtime, image)
    runtime.window.generate_action.trigger()
    (job,) = runtime.manager.job_ids()[:1]
    qtbot.waitUntil(lambda: runtime.manager.job_event(job).state.is_terminal, timeout=30_000)
    return runtime.manager.job_event(job)


def test_edit_menu_opens_preferences_with_ctrl_comma(qtbot: Any, make_window: Any) -> None:
    runtime = make_window()
    action = runtime.window.preferences.action
    assert action.isEnabled() and action.shortcut().toString() == "Ctrl+,"
    edit_menu = next(a.menu() for a in runtime.window.menuBar().actions() if a.text() == "&Edit")
    assert action in edit_menu.actions()
    action.trigger()
    dialog = runtime.window.preferences.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.tabs.tabText(0) == "Connection" and dialog.section("Connection") is not None


@pytest.mark.slow
def test_the_window_reaches_an_external_sandbox_through_its_connection_settings(
        qtbot: Any, make_window: Any, external: Any, image_file: Path) -> None:
    server = external()
    runtime = make_window(env={"FAL_KEY": KEY})
    assert runtime.window.mode_badge.text() == "fal"  # a key, fal's own servers
    dialog, page = connection_page(runtime)
    page.edits["queue_url"].setText(server.base_url)
    assert "127.0.0.1" in page.summary.text()
    assert dialog.apply_button.isEnabled()
    dialog.ok_button.click()
    assert not dialog.isVisible()
    host = server.base_url.removeprefix("http://")
    assert runtime.window.mode_badge.text() == host  # the badge names the server
    assert server.base_url in runtime.window.mode_badge.toolTip()
    ev = generate_one(qtbot, runtime, image_file)
    assert ev.state == JobState.DONE, ev.error
    assert server.counters.submits == 1 and server.counters.uploads == 1  # REST: the same loopback origin
    assert runtime.sandbox.counters.submits == 0  # not the window's own sandbox
    saved = SettingsFile(AppPaths.default().settings_file).connection()
    assert saved == ConnectionSettings(queue_url=server.base_url)


def test_connection_settings_persist_across_starts(qtbot: Any, make_window: Any, external: Any) -> None:
    server = external()
    SettingsFile(AppPaths.default().ensure().settings_file).save_connection(
        ConnectionSettings(queue_url=server.base_url, webhook_url="http://127.0.0.1:9/hook"))
    runtime = make_window(env={"FAL_KEY": KEY})
    assert runtime.window.mode_badge.text() == server.base_url.removeprefix("http://")
    _, page = connection_page(runtime)
    assert page.edits["queue_url"].text() == server.base_url
    assert page.edits["webhook_url"].text() == "http://127.0.0.1:9/hook"
    assert not page.is_modified()


@pytest.mark.slow
def test_the_environment_wins_and_is_shown_as_the_source(qtbot: Any, make_window: Any, external: Any,
                                                          image_file: Path) -> None:
    server = external()
    SettingsFile(AppPaths.default().ensure().settings_file).save_connection(
        ConnectionSettings(queue_url="https://gateway.example.com"))
    runtime = make_window(env={"FAL_KEY": KEY, "GAMECRAFT_DESKTOP_QUEUE_URL": server.base_url})
    assert runtime.window.mode_badge.text() == server.base_url.removeprefix("http://")
    assert "GAMECRAFT_DESKTOP_QUEUE_URL" in runtime.window.mode_badge.toolTip()
    dialog, page = connection_page(runtime)
    queue = page.edits["queue_url"]
    assert queue.isReadOnly() and queue.text() == server.base_url
    assert "GAMECRAFT_DESKTOP_QUEUE_URL" in page.notes["queue_url"].text()
    assert not page.edits["rest_url"].isReadOnly()
    assert page.settings().queue_url == "https://gateway.example.com"  # the saved value is kept as it was
    dialog.close()
    assert generate_one(qtbot, runtime, image_file).state == JobState.DONE
    assert server.counters.submits == 1


@pytest.mark.slow
def test_keyless_proxy_mode(qtbot: Any, make_window: Any, external: Any, image_file: Path) -> None:
    server = external()
    with keyless_proxy(server.base_url, KEY) as proxy:
        runtime = make_window(env={"GAMECRAFT_DESKTOP_PROXY_URL": proxy_url(proxy),
                                   "GAMECRAFT_DESKTOP_QUEUE_URL": server.base_url})  # no key here at all
        assert runtime.window.mode_badge.text() == proxy_url(proxy).removeprefix("http://")
        assert runtime.window.key_button.text() == "key: added by the proxy"
        ev = generate_one(qtbot, runtime, image_file)
    assert ev.state == JobState.DONE, ev.error
    assert proxy.seen and all("authorization" not in h for h in proxy.seen)
    assert server.counters.submits == 1


@pytest.mark.slow
def test_the_webhook_goes_with_each_submit(qtbot: Any, make_window: Any, external: Any, image_file: Path) -> None:
    with webhook_receiver() as hooks:
        server = external()
        runtime = make_window(env={"FAL_KEY": KEY})
        dialog, page = connection_page(runtime)
        page.edits["queue_url"].setText(server.base_url)
        page.edits["webhook_url"].setText(hook_url(hooks, "/done"))
        dialog.ok_button.click()
        ev = generate_one(qtbot, runtime, image_file)
        qtbot.waitUntil(hooks.arrived.is_set, timeout=10_000)
    assert hooks.received[0]["request_id"] == ev.request_id and hooks.received[0]["status"] == "OK"


@pytest.mark.slow
def test_the_server_cannot_change_under_running_jobs(qtbot: Any, make_window: Any, external: Any,
                                                     image_file: Path) -> None:
    first, second = external(seconds_per_action=1.5), external()
    runtime = make_window(env={"FAL_KEY": KEY})
    dialog, page = connection_page(runtime)
    page.edits["queue_url"].setText(first.base_url)
    dialog.ok_button.click()
    compose(qtbot, runtime, image_file)
    runtime.window.generate_action.trigger()
    (job,) = runtime.manager.job_ids()
    dialog, page = connection_page(runtime)
    page.edits["queue_url"].setText(second.base_url)
    dialog.ok_button.click()  # refused: the job's status and result are on the first server
    assert dialog.isVisible() and "1 job is still running" in dialog.error.text()
    assert SettingsFile(AppPaths.default().settings_file).connection().queue_url == first.base_url
    page.edits["webhook_url"].setText("http://127.0.0.1:9/hook")
    page.edits["queue_url"].setText(first.base_url)
    dialog.apply_button.click()  # what does not move the server applies at once
    assert not dialog.error.isVisible()
    qtbot.waitUntil(lambda: runtime.manager.job_event(job).state == JobState.DONE, timeout=30_000)
    page.edits["queue_url"].setText(second.base_url)
    dialog.ok_button.click()
    assert not dialog.isVisible() and runtime.window.mode_badge.text() == second.base_url.removeprefix("http://")


def test_a_bad_url_cannot_be_applied_and_says_why(qtbot: Any, make_window: Any) -> None:
    runtime = make_window()
    dialog, page = connection_page(runtime)
    page.edits["proxy_url"].setText("proxy.example.com:8080")
    assert not dialog.ok_button.isEnabled() and not dialog.apply_button.isEnabled()
    assert "https://" in page.notes["proxy_url"].text() and page.notes["proxy_url"].isVisible()
    page.restore_defaults()
    assert dialog.ok_button.isEnabled() and page.settings() == ConnectionSettings()
    assert runtime.window.mode_badge.text() == "Sandbox"  # no key, no proxy: the local sandbox


def test_copy_request_as_goes_to_the_server_the_connection_chose(qtbot: Any, make_window: Any,
                                                                   external: Any, image_file: Path) -> None:
    server = external()
    runtime = make_window(env={"FAL_KEY": KEY})
    compose(qtbot, runtime, image_file)
    window = runtime.window
    assert "https://queue.fal.run/anthonywu/gamecraft" in window.request_code("curl")  # fal's, by default
    dialog, page = connection_page(runtime)
    page.edits["queue_url"].setText(server.base_url)
    dialog.ok_button.click()
    for kind in ("curl", "python_httpx"):
        code = window.request_code(kind)
        assert f"{server.base_url}/anthonywu/gamecraft" in code and "queue.fal.run" not in code, kind
    # fal's own clients cannot be pointed elsewhere: the copy says so instead of sending somewhere else silently.
    for kind in ("python_fal_client", "javascript"):
        assert f"not to {server.base_url}" in window.request_code(kind).splitlines()[0], kind
