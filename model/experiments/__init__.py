"""Running models: run specifications, seeds and the one run path.

:class:`RunSpec` describes one run as plain data; :func:`run` simulates it and returns a
tidy monthly table; :func:`run_seed` derives per-run seeds from one master seed.
"""

from model.experiments.runner import LABEL_COLUMNS, build_model, run, run_all
from model.experiments.seeds import replicate_seeds, run_seed
from model.experiments.specs import RunSpec

__all__ = ["LABEL_COLUMNS", "RunSpec", "build_model", "replicate_seeds", "run", "run_all",
           "run_seed"]
