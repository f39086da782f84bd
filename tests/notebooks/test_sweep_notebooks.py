"""The sweep notebooks run from top to bottom on tiny experiments (a real kernel)."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "data" / "experiments"


@pytest.mark.parametrize(("notebook", "experiment"), [
    ("02_dialogue_length.ipynb", "notebook_length.yaml"),
    ("03_sensitivity.ipynb", "notebook_sobol.yaml"),
])
def test_sweep_notebook_runs_a_tiny_sweep_and_reads_it(notebook, experiment, tmp_path,
                                                       monkeypatch):
    monkeypatch.setenv("JSDSIM_EXPERIMENT", str(TINY / experiment))
    monkeypatch.setenv("JSDSIM_SWEEP", str(tmp_path / "sweep"))
    monkeypatch.setenv("JSDSIM_WORKERS", "1")
    book = nbformat.read(REPO / "notebooks" / notebook, as_version=4)
    NotebookClient(book, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(REPO / "notebooks")}}).execute()
    assert (tmp_path / "sweep" / "runs.csv").is_file()
    outputs = [o for cell in book.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the figure
