"""The job lifecycle, Qt-free: the steps a generation goes through, the one set of rules about money (what is
retried, what is never resent, what re-attaches, what counts as sent, what a failure offers) and the two ways to
drive them: step by step from the window's thread pool (gamecraft_desktop.jobs) or synchronously from the
command line (`sync_driver`). See docs/architecture.md, "The job lifecycle".

Nothing is imported here: each module is imported where it is used (start-up imports only what it shows).
"""
