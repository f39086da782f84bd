"""Pass rates of the validation test modules over fresh master seeds.

A claim holds only if it holds on seeds nobody chose. This script draws master seeds from
fresh entropy (recorded, so a run can be repeated), runs each module of tests/validation/
once per seed with ``$JSDSIM_VALIDATION_SEED`` set (every replicated experiment of the
module then uses that master seed), and reports the share of seeds on which each module
passed. Results are appended to a CSV as they finish, so an interrupted run loses nothing:
run it again with the entropy it printed and it skips what the CSV already holds (with
fewer ``--seeds`` it reports on the first seeds only: the seeds of n are the first n of
any larger draw).

Run it from a checkout (it runs the tests with pytest)::

    python -m model.validation.passrate --seeds 20            # every module
    python -m model.validation.passrate --seeds 20 --modules test_saaba test_jos
    make passrate

It takes hours on two cores: run it in the background.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from model.validation.patterns import SEED_VARIABLE

MODULES: tuple[str, ...] = ("test_patterns", "test_saaba_dose", "test_saaba",
                            "test_dakar", "test_jos", "test_nepal")
"""The replicated validation modules."""

REQUIRED_PASS_RATE = 0.95
"""Each module must pass on at least this share of fresh master seeds."""


def fresh_seeds(n: int, entropy: int | None = None) -> tuple[int, list[int]]:
    """Draw n master seeds from fresh (or given) entropy.

    Args:
        n: Number of seeds.
        entropy: Entropy to reuse (None: fresh from the operating system).

    Returns:
        (entropy, seeds): the entropy, to record, and the seeds.
    """
    sequence = np.random.SeedSequence(entropy)
    seeds = sequence.generate_state(n, dtype=np.uint32).tolist()
    return int(sequence.entropy), [int(s) for s in seeds]


def run_module(module: str, seed: int, root: Path) -> tuple[bool, float, str]:
    """Run one validation module under one master seed.

    Args:
        module: Module name (e.g. ``test_saaba``).
        seed: The master seed.
        root: The repository root (where tests/ is).

    Returns:
        (passed, seconds, the names of the failed tests separated by spaces).
    """
    env = {**os.environ, SEED_VARIABLE: str(seed)}
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rf", "-p", "no:cacheprovider",
         f"tests/validation/{module}.py"], cwd=root, env=env, capture_output=True,
        text=True, check=False)
    failed = [line.split()[1].split("::", 1)[-1] for line in done.stdout.splitlines()
              if line.startswith("FAILED ")]
    return done.returncode == 0, time.monotonic() - start, " ".join(failed)


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a results CSV.

    Args:
        path: The CSV written by :func:`main`.

    Returns:
        One dict per row (module, seed, passed, seconds, entropy, failed).
    """
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def pass_rates(rows: Sequence[dict[str, str]]) -> dict[str, tuple[int, int]]:
    """Passes and runs per module.

    Args:
        rows: Rows of the results CSV (module, seed, passed, seconds).

    Returns:
        Module -> (passed, runs).
    """
    out: dict[str, tuple[int, int]] = {}
    for row in rows:
        passed, total = out.get(row["module"], (0, 0))
        out[row["module"]] = (passed + (row["passed"] == "True"), total + 1)
    return out


def markdown(rates: dict[str, tuple[int, int]], entropy: int | None = None) -> str:
    """A Markdown table of pass rates.

    Args:
        rates: Module -> (passed, runs).
        entropy: The seeds' entropy, to record.

    Returns:
        The table.
    """
    lines = ["| module | passed | fresh master seeds | pass rate | at least 95% |",
             "| --- | --- | --- | --- | --- |"]
    for module, (passed, total) in rates.items():
        rate = passed / total if total else float("nan")
        lines.append(f"| `{module}` | {passed} | {total} | {rate:.2f} | "
                     f"{'yes' if rate >= REQUIRED_PASS_RATE else 'no'} |")
    if entropy is not None:
        lines.append("")
        lines.append(f"Seeds: `numpy.random.SeedSequence({entropy}).generate_state(n)`.")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line of the pass-rate script.

    Args:
        argv: Arguments (None: ``sys.argv[1:]``).

    Returns:
        0 if every module passed on at least 95% of the seeds, 1 otherwise.
    """
    parser = argparse.ArgumentParser(
        prog="python -m model.validation.passrate",
        description="Run each validation module under fresh master seeds and report the "
                    "share of seeds on which it passes.")
    parser.add_argument("--seeds", type=int, default=20, help="master seeds (default 20)")
    parser.add_argument("--modules", nargs="+", default=list(MODULES),
                        help="modules of tests/validation (default: all replicated ones)")
    parser.add_argument("--entropy", type=int, help="reuse the entropy of an earlier run")
    parser.add_argument("--out", type=Path, default=Path("passrate.csv"),
                        help="results CSV, appended as runs finish (default passrate.csv)")
    parser.add_argument("--root", type=Path, default=Path.cwd(),
                        help="repository root (default: the current folder)")
    parser.add_argument("--doc", type=Path,
                        help="also write the table into this document's passrate block "
                             "(e.g. docs/validation.md)")
    args = parser.parse_args(argv)
    entropy, seeds = fresh_seeds(args.seeds, args.entropy)
    print(f"entropy {entropy}: {len(seeds)} seeds x {len(args.modules)} modules", flush=True)
    new = not args.out.exists()
    done = set() if new else {(r["module"], int(r["seed"])) for r in read_rows(args.out)
                              if r["entropy"] == str(entropy)}
    with args.out.open("a", newline="") as handle:
        writer = csv.DictWriter(handle, ["module", "seed", "passed", "seconds", "entropy",
                                         "failed"])
        if new:
            writer.writeheader()
        for seed in seeds:
            for module in args.modules:
                if (module, seed) in done:
                    continue
                passed, seconds, failed = run_module(module, seed, args.root)
                writer.writerow({"module": module, "seed": seed, "passed": passed,
                                 "seconds": round(seconds), "entropy": entropy,
                                 "failed": failed})
                handle.flush()
                print(f"{module} seed {seed}: {'pass' if passed else 'FAIL ' + failed} "
                      f"({seconds:.0f} s)", flush=True)
    rows = [r for r in read_rows(args.out) if r["entropy"] == str(entropy)
            and int(r["seed"]) in seeds and r["module"] in args.modules]
    rates = pass_rates(rows)
    table = markdown(rates, entropy)
    print(table, end="")
    if args.doc is not None:
        from model.validation.report import replace_block
        args.doc.write_text(replace_block(args.doc.read_text(), "passrate", table))
    return 0 if all(p / t >= REQUIRED_PASS_RATE for p, t in rates.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
