"""Read an application's accessibility tree from the real AT-SPI bus and print it as JSON.

Runs with the system Python (python3-pyatspi), not the app's venv:
    /usr/bin/python3 atspi_reader.py APP_NAME_SUBSTRING
Each node: role, name, description, the Text interface's text, the Value interface's value, the states
that matter to a screen-reader user, and the children. Prints one line: TREE <json>."""

import contextlib
import json
import sys
import time

import pyatspi

STATES = {
    pyatspi.STATE_FOCUSABLE: "focusable", pyatspi.STATE_FOCUSED: "focused", pyatspi.STATE_SHOWING: "showing",
    pyatspi.STATE_VISIBLE: "visible", pyatspi.STATE_SELECTED: "selected", pyatspi.STATE_CHECKED: "checked",
    pyatspi.STATE_PRESSED: "pressed", pyatspi.STATE_ENABLED: "enabled", pyatspi.STATE_EDITABLE: "editable",
}
MAX_NODES = 4000


def node(acc, budget):
    if budget[0] <= 0:
        return None
    budget[0] -= 1
    out = {"role": acc.getRoleName(), "name": acc.name or "", "description": acc.description or ""}
    with contextlib.suppress(NotImplementedError):  # pyatspi: this object has no text interface
        text = acc.queryText()
        out["text"] = text.getText(0, min(text.characterCount, 2000))
    with contextlib.suppress(NotImplementedError):
        out["value"] = acc.queryValue().currentValue
    states = acc.getState()
    out["states"] = [label for state, label in STATES.items() if states.contains(state)]
    children = []
    for i in range(min(acc.childCount, 400)):
        child = acc.getChildAtIndex(i)
        if child is not None:
            c = node(child, budget)
            if c is not None:
                children.append(c)
    out["children"] = children
    return out


def main() -> None:
    want = sys.argv[1] if len(sys.argv) > 1 else ""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and want in (app.name or ""):
                print("TREE " + json.dumps(node(app, [MAX_NODES])), flush=True)
                return
        time.sleep(0.2)
    print("TREE null", flush=True)


main()
