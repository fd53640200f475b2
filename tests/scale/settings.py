"""Settings of `bin/prod` under test: those of the fault tests, with static files
collected into the test's folder (STATIC_ROOT_FOR_TESTS), not the checkout's."""

import os
from pathlib import Path

from tests.faults.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["STATIC_ROOT_FOR_TESTS"])
