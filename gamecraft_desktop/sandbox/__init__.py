"""sandbox layer: a local imitation of fal's queue, storage and CDN (no Qt)."""

from gamecraft_desktop.sandbox.counters import Counters
from gamecraft_desktop.sandbox.faults import FaultKind, FaultPlan, FaultRule, FaultSpecError, parse_fault_spec
from gamecraft_desktop.sandbox.rendering import RenderFn, fake_render, real_render
from gamecraft_desktop.sandbox.server import SandboxServer

__all__ = [
    "Counters",
    "FaultKind",
    "FaultPlan",
    "FaultRule",
    "FaultSpecError",
    "RenderFn",
    "SandboxServer",
    "fake_render",
    "parse_fault_spec",
    "real_render",
]
