"""gunicorn settings: `gunicorn -c dashboard/gunicorn.conf.py dashboard.wsgi`.

Sync workers, one per core by default: Django's request handling is CPU-bound here, and
the benchmark's floor is measured on the same setting.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "sync"
# A request that runs this long is stuck: the master kills and replaces its worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
