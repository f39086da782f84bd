"""Running models: run specifications, seeds, the one run path, the run engine, sweeps.

:class:`RunSpec` describes one run as plain data; :func:`run` simulates it and returns a
tidy monthly table; :func:`run_seed` derives per-run seeds from one master seed;
:func:`execute` runs many specifications on any Executor into a :class:`RunStore` that
survives interruption (:func:`dask_executor` gives the Dask backend); :func:`compare`
compares the plans of a scenario with common random numbers and writes a report
(:mod:`model.experiments.comparison`); :func:`load_experiment` reads an experiment
file and :func:`sweep` runs it (analysis: :mod:`model.experiments.analysis`,
:mod:`model.experiments.report`).
"""

from model.experiments.comparison import ComparisonResult, Design, compare
from model.experiments.engine import Backend, Execution, dask_executor, execute
from model.experiments.experiment_file import Experiment, ExperimentError, load_experiment
from model.experiments.runner import LABEL_COLUMNS, build_model, run, run_all
from model.experiments.seeds import replicate_seeds, run_seed
from model.experiments.specs import RunSpec
from model.experiments.store import RunRecord, RunStore
from model.experiments.sweep import sweep

__all__ = ["LABEL_COLUMNS", "Backend", "ComparisonResult", "Design", "Execution",
           "Experiment", "ExperimentError", "RunRecord", "RunSpec", "RunStore", "build_model",
           "compare", "dask_executor", "execute", "load_experiment", "replicate_seeds", "run",
           "run_all", "run_seed", "sweep"]
