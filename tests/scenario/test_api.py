"""The scenario layer's Python API checks its arguments (model/scenario/load.py, loaded.py)."""

import pytest

from model.core.errors import InputError
from model.scenario import ScenarioError, find_scenario, load_scenario
from tests.cli.helpers import TEMPLATE


@pytest.mark.parametrize("call, message", [
    (lambda: load_scenario(None), "path = None is invalid: expected a file path"),
    (lambda: load_scenario(123), "path = 123 is invalid"),
    (lambda: load_scenario("a\0b.yaml"), "text without NUL characters"),
    (lambda: find_scenario(3.5), "name = 3.5 is invalid"),
    (lambda: load_scenario(TEMPLATE).plan(["x"]), "unknown plan (got ['x']"),
    (lambda: load_scenario(TEMPLATE).build_model(rng=1.5), "rng = 1.5 is invalid"),
    (lambda: load_scenario(TEMPLATE).model_kwargs("dialogue_12m", **{
        "jsd.start_day": float("inf")}), "Dialogue.start_day = inf is invalid"),
    (lambda: load_scenario(TEMPLATE).model_kwargs(police_post_share=0.5),
     "police_post_share is not used when police_posts places the posts"),
])
def test_bad_arguments_raise_input_errors_naming_them(call, message):
    with pytest.raises(InputError) as info:
        call()
    assert message in str(info.value)
    assert isinstance(info.value, ScenarioError | InputError)
