"""The headless simulation core: TrustModel and its daily submodels, one module each.

It reads no files and draws nothing; every layer above imports it, never the reverse.
Modules follow the ODD sections of docs/ODD.md: :mod:`~model.core.params` (every
parameter), :mod:`~model.core.population` and :mod:`~model.core.state` (state arrays, 2),
:mod:`~model.core.agents` (Mesa views), :mod:`~model.core.network` (7.1),
:mod:`~model.core.events` (7.0), :mod:`~model.core.crime` (7.2),
:mod:`~model.core.reporting` (7.3), :mod:`~model.core.response` (7.4),
:mod:`~model.core.trust` (7.5), :mod:`~model.core.influence` (7.6),
:mod:`~model.core.police` (7.7, 7.9), :mod:`~model.core.dialogue` (7.8, 7.9),
:mod:`~model.core.metrics` (7.10) and :mod:`~model.core.trust_model` (the schedule, 3).
"""
