"""Entry script for the frozen (PyInstaller) app."""

import sys

from gamecraft_desktop.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
