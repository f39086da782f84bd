"""Promises of the code layout: a headless core, and documentation that matches the code."""

import ast
import inspect
import re
from pathlib import Path

import model
from model import params, trust_model

ROOT = Path(__file__).resolve().parent.parent
CORE = ("agents", "crime", "dialogue", "events", "influence", "interventions", "metrics",
        "network", "params", "police", "population", "reporting", "response", "state",
        "trust", "trust_model")
"""Modules of the simulation core."""

NOT_IN_CORE = {"yaml", "matplotlib", "tqdm", "pathlib", "os", "model.scenario", "model.cli",
               "model.plots", "model.demo", "model.validation", "model.golden",
               "model.runs"}


def imports_of(module_name):
    tree = ast.parse((ROOT / "model" / f"{module_name}.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names, tree


def test_core_is_headless():
    """No file I/O, plotting, scenario loading or progress bars in the simulation core."""
    for name in CORE:
        names, tree = imports_of(name)
        bad = {n for n in names if n.split(".")[0] in NOT_IN_CORE or n in NOT_IN_CORE}
        assert not bad, f"model/{name}.py imports {bad}"
        calls = {node.func.id for node in ast.walk(tree)
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
        assert "open" not in calls and "print" not in calls, f"model/{name}.py does I/O"


def step_submodels():
    source = inspect.getsource(trust_model.TrustModel.step)
    called = re.findall(r"^\s+(?:\w+ = )?(\w+)\(self", source, flags=re.M)
    return [name for name in called if not name.startswith("_")]


def test_step_follows_the_odd_schedule_and_each_submodel_names_its_section():
    odd = (ROOT / "docs" / "ODD.md").read_text()
    schedule = odd.split("## 3. Process overview and scheduling")[1].split("## 4.")[0]
    positions = []
    for name in step_submodels():
        assert f"`{name}`" in schedule, f"{name} missing from ODD section 3"
        positions.append(schedule.index(f"`{name}`"))
        function = next(getattr(m, name) for m in vars(model).values()
                        if inspect.ismodule(m) and hasattr(m, name))
        assert re.search(r"ODD\.md, 7\.\d+|docs/ODD\.md", inspect.getmodule(function).__doc__
                         + (function.__doc__ or "")), f"{name} names no ODD section"
    assert positions == sorted(positions), "ODD section 3 lists submodels out of order"


def test_parameter_document_is_generated_from_the_code():
    assert (ROOT / "docs" / "parameters.md").read_text() == params.markdown_table(), \
        "docs/parameters.md is stale: run `make docs`"


def test_every_parameter_is_described_in_the_odd():
    odd = (ROOT / "docs" / "ODD.md").read_text()
    missing = [p.name for p in params.PARAMETERS if f"`{p.name}`" not in odd
               and not p.name.startswith(("rate_", "n_"))]
    assert not missing, f"parameters not mentioned in docs/ODD.md: {missing}"
