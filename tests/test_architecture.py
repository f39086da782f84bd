"""Promises of the code layout: layers, a headless core, docs that match the code."""

import ast
import inspect
import re
import subprocess
import sys
from pathlib import Path

from model.core import params, trust_model

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "model" / "core"


def test_layers_import_only_downward():
    """The contracts of pyproject.toml's [tool.importlinter]: core <- scenario <- viz <-
    experiments <- validation <- cli, app, and no file formats or plots in the core."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], capture_output=True, text=True,
                            cwd=ROOT, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_the_layer_contract_catches_a_core_importing_the_scenario_layer(tmp_path):
    """The check is live: a copy of the package whose core imports the scenario layer
    breaks the contract."""
    import shutil

    copy = tmp_path / "model"
    shutil.copytree(ROOT / "model", copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "core" / "sneaky.py").write_text("import model.scenario\n")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], capture_output=True, text=True,
                            cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)}, timeout=120,
                            check=False)
    assert result.returncode != 0
    assert "model.core.sneaky -> model.scenario" in result.stdout


def test_importing_the_package_loads_only_the_core():
    # pandas (which the core uses) imports pyarrow itself when it is installed: count only
    # what `import model` loads beyond pandas.
    code = ("import sys, pandas; before = set(sys.modules); import model; "
            "heavy = {'yaml', 'pydantic', 'matplotlib', 'pyarrow', 'model.scenario', "
            "'model.cli'}; print(sorted(heavy & (set(sys.modules) - before)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_core_does_no_io():
    for path in sorted(CORE.glob("*.py")):
        tree = ast.parse(path.read_text())
        calls = {node.func.id for node in ast.walk(tree)
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
        assert "open" not in calls and "print" not in calls, f"{path.name} does I/O"


def step_submodels():
    source = inspect.getsource(trust_model.TrustModel.step)
    called = re.findall(r"^\s+(?:\w+ = )?(\w+)\(self", source, flags=re.M)
    return [name for name in called if not name.startswith("_")]


def core_function(name):
    import importlib

    for path in sorted(CORE.glob("*.py")):
        module = importlib.import_module(f"model.core.{path.stem}")
        if inspect.isfunction(getattr(module, name, None)):
            return getattr(module, name)
    raise AssertionError(f"no core function {name}")


def test_step_follows_the_odd_schedule_and_each_submodel_names_its_section():
    odd = (ROOT / "docs" / "ODD.md").read_text()
    schedule = odd.split("## 3. Process overview and scheduling")[1].split("## 4.")[0]
    positions = []
    for name in step_submodels():
        assert f"`{name}`" in schedule, f"{name} missing from ODD section 3"
        positions.append(schedule.index(f"`{name}`"))
        function = core_function(name)
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
