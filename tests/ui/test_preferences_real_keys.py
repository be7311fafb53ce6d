"""Ctrl+, opens Preferences in the real window on a real X server (Xvfb): keys pressed through XTest and read
by Qt's xcb plugin, so a clash with another shortcut or a widget eating the key would show here."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from xvfb_helpers import run_on_xvfb

CHILD = textwrap.dedent("""
    import ctypes, json, sys, time
    from gamecraft_desktop.app import build_application, create_main_window
    from gamecraft_desktop.core.connection import ConnectionSettings
    from gamecraft_desktop.ui.connection_section import ConnectionSection

    x11 = ctypes.CDLL("libX11.so.6")
    xtst = ctypes.CDLL("libXtst.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    x11.XStringToKeysym.restype = ctypes.c_ulong
    x11.XFlush.argtypes = [ctypes.c_void_p]
    xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
    display = x11.XOpenDisplay(None)

    def keycode(name):
        return x11.XKeysymToKeycode(display, x11.XStringToKeysym(name.encode()))

    app = build_application(sys.argv)
    window = create_main_window()
    window.preferences.add_section("Connection", lambda: ConnectionSection(ConnectionSettings, lambda s: None, {}))
    window.show()
    window.activateWindow()
    window.timeline.view.setFocus()  # the widget that takes the most keys of its own

    def pump(seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.005)

    deadline = time.monotonic() + 10
    while not window.isActiveWindow() and time.monotonic() < deadline:
        pump(0.05)
        window.activateWindow()  # no window manager on Xvfb: ask again once the window is mapped
    active = window.isActiveWindow()
    ctrl, comma = keycode("Control_L"), keycode("comma")
    for code, down in ((ctrl, 1), (comma, 1), (comma, 0), (ctrl, 0)):
        xtst.XTestFakeKeyEvent(display, code, down, 0)
        x11.XFlush(display)
        pump(0.1)
    pump(0.5)
    dialog = window.preferences.dialog
    print("RESULT", json.dumps({"active": active,
                                "open": dialog is not None and dialog.isVisible()}), flush=True)
""")


@pytest.mark.slow
def test_ctrl_comma_opens_preferences_on_a_real_x_server(tmp_path: Path) -> None:
    result = run_on_xvfb(CHILD, tmp_path, screen="1440x900x24")
    assert result["active"], "the window never became active"
    assert result["open"], "Ctrl+, did not open Preferences"
