"""W/A/S/D on keyboards that are not US QWERTY: the keys in those places steer too (Z Q S D on AZERTY),
typed W/A/S/D still work, and a key the timeline already uses keeps its meaning.

The first tests send key events with native scan codes to the offscreen platform, which has no keyboard of
its own: they borrow the X11 table for it (a fake, said so below). The last one is the real thing: a child
process on Xvfb whose keyboard has AZERTY's letters in the W/A/S/D/Q places (set like xmodmap does, through
the core keyboard mapping: Xvfb does not load XKB layouts), keys pressed through the XTest extension and read
by Qt's xcb plugin.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from xvfb_helpers import run_on_xvfb

from gamecraft_desktop.composer.path_model import PathDocument
from gamecraft_desktop.core.camera_path import Action, CameraPath
from gamecraft_desktop.ui.timeline import interaction as timeline_input
from gamecraft_desktop.ui.timeline.view import TimelineView

K = Qt.Key
NO_MODS = Qt.KeyboardModifier.NoModifier
# X11 keycodes (evdev + 8) of the US W, A, S, D, Q places.
W_PLACE, A_PLACE, S_PLACE, D_PLACE, Q_PLACE = 25, 38, 39, 40, 24


def key_event(key: Qt.Key, text: str, scan_code: int, press: bool = True) -> QKeyEvent:
    etype = QEvent.Type.KeyPress if press else QEvent.Type.KeyRelease
    return QKeyEvent(etype, key, NO_MODS, scan_code, 0, 0, text)


def moves(view: TimelineView) -> str:
    return "".join(a.value for a in view.document().path().actions)


@pytest.fixture
def view(qtbot, monkeypatch: pytest.MonkeyPatch) -> TimelineView:
    # Fake: offscreen reports no keyboard layout, so it borrows the X11 scan-code table.
    monkeypatch.setitem(timeline_input.POSITION_ACTIONS, QApplication.platformName(),
                        timeline_input.POSITION_ACTIONS["xcb"])
    view = TimelineView(PathDocument(CameraPath.of("", 0.2)))
    qtbot.addWidget(view)
    view.show()
    return view


def test_azerty_keys_in_the_wasd_places_add_moves(view: TimelineView) -> None:
    for key, text, place in ((K.Key_Z, "z", W_PLACE), (K.Key_Q, "q", A_PLACE), (K.Key_S, "s", S_PLACE),
                             (K.Key_D, "d", D_PLACE)):
        QApplication.sendEvent(view, key_event(key, text, place))
    assert moves(view) == "wasd"


def test_a_typed_letter_wins_over_its_place(view: TimelineView) -> None:
    # AZERTY's A sits in the US Q place: it is still A (left), not nothing.
    QApplication.sendEvent(view, key_event(K.Key_A, "a", Q_PLACE))
    # Dvorak's E sits in the D place; its W sits elsewhere: both steer as a person expects.
    QApplication.sendEvent(view, key_event(K.Key_E, "e", D_PLACE))
    QApplication.sendEvent(view, key_event(K.Key_W, "w", 59))
    assert moves(view) == "adw"


def test_a_key_the_timeline_uses_keeps_its_meaning_in_a_wasd_place(view: TimelineView) -> None:
    # Colemak types R in the US S place: R is record mode, not a backward move.
    QApplication.sendEvent(view, key_event(K.Key_R, "r", S_PLACE))
    assert view.is_recording() and moves(view) == ""


def test_recording_with_an_azerty_key_stops_on_its_release(view: TimelineView) -> None:
    view.set_recording(True)
    QApplication.sendEvent(view, key_event(K.Key_Z, "z", W_PLACE))
    assert view.recorder.held_action() is Action.FORWARD
    QApplication.sendEvent(view, key_event(K.Key_Z, "z", W_PLACE, press=False))
    assert view.recorder.held_action() is None
    assert moves(view) == "w"


def test_other_keys_are_left_to_the_window(view: TimelineView) -> None:
    event = key_event(K.Key_X, "x", 53)
    assert not timeline_input.handles_key(event)
    assert timeline_input.move_for_key(key_event(K.Key_Z, "z", W_PLACE), platform="cocoa") is None
    assert timeline_input.move_for_key(key_event(K.Key_Z, "z", 0x11), platform="windows") is Action.FORWARD


CHILD = textwrap.dedent("""
    import ctypes, json, sys, time
    from PySide6.QtWidgets import QApplication
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.composer.path_model import PathDocument
    from gamecraft_desktop.ui.timeline.view import TimelineView

    x11 = ctypes.CDLL("libX11.so.6")
    xtst = ctypes.CDLL("libXtst.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XStringToKeysym.restype = ctypes.c_ulong
    x11.XChangeKeyboardMapping.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                                           ctypes.POINTER(ctypes.c_ulong), ctypes.c_int]
    x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
    display = x11.XOpenDisplay(None)
    # AZERTY's letters in the US Q W A S D places (keycodes 24 25 38 39 40).
    for keycode, letter in ((24, "a"), (25, "z"), (38, "q"), (39, "s"), (40, "d")):
        syms = (ctypes.c_ulong * 2)(x11.XStringToKeysym(letter.encode()), x11.XStringToKeysym(letter.upper().encode()))
        x11.XChangeKeyboardMapping(display, keycode, 2, syms, 1)
    x11.XSync(display, 0)
    app = QApplication(sys.argv)
    view = TimelineView(PathDocument(CameraPath.of("", 0.2)))
    view.resize(600, 120)
    view.show()
    view.activateWindow()
    view.setFocus()
    deadline = time.monotonic() + 10
    while not view.hasFocus() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    for keycode in (25, 38, 39, 40, 24):  # the US W A S D Q places: Z Q S D A on AZERTY
        for down in (1, 0):
            xtst.XTestFakeKeyEvent(display, keycode, down, 0)
            x11.XFlush(display)
            end = time.monotonic() + 0.15
            while time.monotonic() < end:
                app.processEvents()
                time.sleep(0.005)
    actions = "".join(a.value for a in view.document().path().actions)
    print("RESULT", json.dumps({"focus": view.hasFocus(), "moves": actions}), flush=True)
""")


@pytest.mark.slow
def test_azerty_on_a_real_x_server(tmp_path: Path) -> None:
    """Xvfb with AZERTY letters; keys pressed through XTest and read by Qt's xcb plugin."""
    result = run_on_xvfb(CHILD, tmp_path, screen="1024x768x24")
    assert result["focus"], "the timeline never got the keyboard focus"
    # Z Q S D steer by place; AZERTY's A (in the US Q place) is a typed A.
    assert result["moves"] == "wasda"
