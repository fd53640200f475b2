"""Settings of the app processes the fault tests start: the production settings
(the tests set DJANGO_DEBUG=false and the variables it requires), with static
files served from the apps' folders, because collectstatic's compression takes
over a minute on two cores.

FAULTS_BREAK deliberately breaks one safeguard, for the companion tests that
show a fault test catches its absence: "no-503" answers database outages with
Django's 500, "no-retry" gives the task worker a backend that cannot defer a
task, so a failed email is never tried again.
"""

import os

from config.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

BREAK = os.environ.get("FAULTS_BREAK", "")
if BREAK == "no-503":
    ROOT_URLCONF = "tests.faults.urls_without_503"
elif BREAK == "no-retry":
    TASKS = {"default": {"BACKEND": "tests.faults.backends.DatabaseBackendWithoutDefer"}}
elif BREAK:
    raise ValueError(f"Unknown FAULTS_BREAK {BREAK!r}.")
