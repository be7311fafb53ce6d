"""Entry point of `gamecraft-desktop` and `python -m gamecraft_desktop`.

The plain launch (no arguments) goes straight to the window: building the parsers imports argparse, json
and the CLI's reporting (~8 ms of start-up for nothing). Anything else goes through `cli.dispatch`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        from gamecraft_desktop.app import run_gui

        return run_gui([])
    from gamecraft_desktop.cli.dispatch import dispatch

    return dispatch(args_list)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
