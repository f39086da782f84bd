"""Running models: run specifications, seeds, the one run path and the run engine.

:class:`RunSpec` describes one run as plain data; :func:`run` simulates it and returns a
tidy monthly table; :func:`run_seed` derives per-run seeds from one master seed;
:func:`execute` runs many specifications on any Executor into a :class:`RunStore` that
survives interruption; :func:`compare` compares the plans of a scenario with common random
numbers and writes a report (:mod:`model.experiments.comparison`).
"""

from model.experiments.comparison import ComparisonResult, Design, compare
from model.experiments.engine import Execution, execute
from model.experiments.runner import LABEL_COLUMNS, build_model, run, run_all
from model.experiments.seeds import replicate_seeds, run_seed
from model.experiments.specs import RunSpec
from model.experiments.store import RunRecord, RunStore

__all__ = ["LABEL_COLUMNS", "ComparisonResult", "Design", "Execution", "RunRecord", "RunSpec",
           "RunStore", "build_model", "compare", "execute", "replicate_seeds", "run",
           "run_all", "run_seed"]
