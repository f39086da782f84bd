"""The package installed from a wheel (not editable) in a fresh virtual environment."""

import shutil
import subprocess
import sysconfig
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_installed_package_finds_its_scenarios_and_runs(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    for folder in ("model", "scenarios"):
        shutil.copytree(REPO / folder, source / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    env_dir = tmp_path / "fresh"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # the dependencies come from the test's own environment, the package from the wheel
    site = Path(subprocess.check_output(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True).strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", str(source)],
                   check=True, capture_output=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run([python, "-c", "import model; print(model.__file__)"], check=True,
                           capture_output=True, text=True, cwd=elsewhere).stdout
    assert str(site) in where  # the installed copy, not the checkout
    result = subprocess.run(
        [env_dir / "bin" / "jsdsim", "run", "saaba", "--months", "1", "--scale", "0.05",
         "--seed", "1"], capture_output=True, text=True, cwd=elsewhere, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "month" in result.stdout and "saaba/no_dialogue, seed 1" in result.stderr
    listing = subprocess.run([env_dir / "bin" / "jsdsim", "scenarios"], capture_output=True,
                             text=True, cwd=elsewhere, timeout=120, check=True).stdout
    assert "saaba.yaml" in listing and "template.yaml" in listing
