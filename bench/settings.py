"""Settings for the benchmark: the project's own, plus the trivial /bench/ok view.

Everything else comes from the environment exactly as in production
(bench/run.py sets DJANGO_DEBUG=false and the variables that requires).
"""

import os
from pathlib import Path

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# bench/run.py collects static files into its temporary folder, not the checkout.
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])

# Production uses whitenoise's CompressedManifestStaticFilesStorage, whose
# collectstatic spends a minute compressing Swagger UI and ReDoc with Brotli.
# Pages only need the manifest (hashed names), which Django's own storage
# writes identically, so {% static %} costs the same. BENCH_COMPRESS_STATIC=1
# keeps the production storage (for benchmarking static files themselves).
if not DEBUG and os.environ.get("BENCH_COMPRESS_STATIC", "") not in {"1", "true", "yes"}:  # noqa: F405
    STORAGES = {
        **STORAGES,  # noqa: F405
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }

# Keep the API's throttling code running but never refusing, in every scope. The
# window is one second: DRF keeps the time of every request in the window, so a
# per-minute window under wrk's thousands of requests would pickle lists of
# thousands of entries per request, where production's limits (120 anonymous
# requests a minute) cap them near the hundred-odd entries of one second here.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": dict.fromkeys(
        REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],  # noqa: F405
        "100000000/s",
    ),
}
