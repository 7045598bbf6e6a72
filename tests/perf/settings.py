"""Production settings plus the benchmark's own pieces: the floor view and a query counter.

Selected with DJANGO_SETTINGS_MODULE=tests.perf.settings by the benchmark and load test
only; the production URL map and middleware stay as they are.
"""

import os

from dashboard.settings import *  # noqa: F403
from dashboard.settings import MIDDLEWARE

ROOT_URLCONF = "tests.perf.urls"
# First, so it counts every query of the request, the session and user lookups included.
MIDDLEWARE = ["tests.perf.middleware.QueryCountMiddleware", *MIDDLEWARE]
# collectstatic writes here (a temporary directory) and whitenoise serves from it.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)  # noqa: F405
