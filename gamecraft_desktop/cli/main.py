"""Command-line entry point: no sub-command launches the window; sub-commands run headless."""

from __future__ import annotations

import argparse
import sys

from gamecraft_desktop import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gamecraft-desktop", description="GameCraft Desktop")
    parser.add_argument("--version", action="version", version=f"gamecraft-desktop {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    del args
    from gamecraft_desktop.app import run_gui

    return run_gui([])
