"""Other clients can drive the model: Mesa's batch runner with plain keyword parameters."""

import multiprocessing

import mesa

from model import TrustModel


def test_mesa_batch_run_sweeps_the_model():
    method = multiprocessing.get_start_method(allow_none=True)
    try:  # batch_run forces the 'spawn' start method on the whole process: put it back
        rows = mesa.batch_run(TrustModel, parameters={"n_residents": 200,
                                                      "negativity_weight": [1.0, 8.0]},
                              rng=[1, 2], max_steps=30, number_processes=1,
                              data_collection_period=-1, display_progress=False)
    finally:
        multiprocessing.set_start_method(method, force=True)
    assert len(rows) == 4
    assert {(r["negativity_weight"], r["Step"]) for r in rows} == {(1.0, 30), (8.0, 30)}
    assert all(0 <= r["trust_police_mean"] <= 1 for r in rows)
    trust = {(r["iteration"], r["negativity_weight"]): r["trust_police_mean"] for r in rows}
    assert len(set(trust.values())) == 4  # each seed and value its own run
