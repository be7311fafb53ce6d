"""Qt without widgets that the whole app shares and that is no job: the key controller (keyring lookups off the
GUI thread), the PySide6 workarounds installed before any Qt work, and the worker threads' priority."""
