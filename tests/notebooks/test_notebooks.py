"""Every notebook in notebooks/ runs from top to bottom (nbclient, a real Jupyter kernel).

Notebooks are found by glob, so new ones are tested as soon as they are added. A notebook
named in another test module of this folder (one that runs it with its own settings, e.g.
a tiny experiment file) is left to that module; every other one runs here, in a fresh
temporary folder (its outputs go there), with ``JSDSIM_NOTEBOOK_SMALL=1`` in the
environment: the notebook reads it in its first code cell (tagged ``parameters``) to
choose small settings, and finds bundled files through the package (``find_scenario``,
``scenario_dir``), not through paths relative to the notebooks folder.
"""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

HERE = Path(__file__).resolve()
NOTEBOOKS = sorted((HERE.parents[2] / "notebooks").glob("*.ipynb"))
DEDICATED = {name: module.name for module in HERE.parent.glob("test_*.py") if module != HERE
             for name in re.findall(r"[\w.-]+\.ipynb", module.read_text(encoding="utf-8"))}
"""Notebooks that another test module runs, with that module's file name."""

GENERAL = [p for p in NOTEBOOKS if p.name not in DEDICATED]
"""The notebooks this module runs."""


def test_every_notebook_is_run_by_a_test():
    assert {"quickstart.ipynb", "01_compare_plans.ipynb"} <= {p.name for p in GENERAL}
    assert {p.name for p in NOTEBOOKS} == {p.name for p in GENERAL} | set(DEDICATED)


@pytest.mark.parametrize("path", GENERAL, ids=[p.stem for p in GENERAL])
def test_notebook_runs_on_a_small_setting(path, tmp_path, monkeypatch):
    monkeypatch.setenv("JSDSIM_NOTEBOOK_SMALL", "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(path, as_version=4)
    first_code = next(c for c in notebook.cells if c.cell_type == "code")
    assert "parameters" in first_code.metadata.get("tags", []), \
        "the first code cell holds the settings, tagged 'parameters' (see this module)"
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    if path.stem == "01_compare_plans":  # the walk-through ends with a written report
        assert (tmp_path / "out" / "my_locality" / "report.html").exists()
