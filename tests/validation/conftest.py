"""Validation runs share the CPUs with the other pytest-xdist workers."""

import os

from model.experiments.engine import default_workers
from model.validation.patterns import WORKERS_VARIABLE

_XDIST_WORKERS = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
os.environ.setdefault(WORKERS_VARIABLE, str(max(1, default_workers() // _XDIST_WORKERS)))
