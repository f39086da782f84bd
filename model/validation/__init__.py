"""Validation: the brief's patterns as experiments, with statistics, figures and baselines.

:mod:`~model.validation.patterns` runs the experiments, :mod:`~model.validation.stats`
compares paired replicates, :mod:`~model.validation.figures` draws docs/validation.md's
figures and :mod:`~model.validation.golden` checks the golden baselines.
"""
