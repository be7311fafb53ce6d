"""The money rules under any schedule of faults, crashes and clicks: the CI tier of the model-based test (a
fixed number of examples from a fixed seed). The long run is tests/benchmarks/soak_money_rules.py."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from money_machine import MoneyMachine

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

CI = settings(max_examples=12, stateful_step_count=18, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), print_blob=True)


def test_the_money_rules_hold_under_any_schedule(qapp: Any) -> None:
    run_state_machine_as_test(MoneyMachine, settings=CI)
