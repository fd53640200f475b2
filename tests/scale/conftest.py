"""Fixtures of the production-run and scale-out tests: those of the fault tests
(one throwaway PostgreSQL cluster, SMTP sink and app environment per session).
Marked `faults`; run them in a pytest process of their own (make faults does):
one process creates the cluster once."""

from pathlib import Path

import pytest

from tests.faults.conftest import app, cluster, smtp, workers  # noqa: F401

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.path).is_relative_to(HERE):
            item.add_marker(pytest.mark.faults)
