"""Experiment files: a sweep or a sensitivity analysis declared in YAML.

An experiment file names base scenario(s), the plans (levers) to compare, the uncertain
inputs (each a model parameter or a dialogue field, with bounds or a list of values), a
design (grid, Latin hypercube, Sobol or Morris), replicates, one master seed, the horizon,
a budget (the most runs the design may make) and the outcomes to keep (monthly metrics
and the windows of months over which they are averaged). See experiments/README.md and
the shipped examples.

:func:`load_experiment` reads and validates the whole file before anything runs: every
problem is reported as ``FILE: FIELD.PATH: problem (got VALUE; expected WHAT)``, one
line each, in an :class:`ExperimentError` (the command line exits with code 2). Reading
YAML and rendering problems reuse the scenario layer (:mod:`model.scenario.reading`,
:mod:`model.scenario.errors`).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
)

from model.core import interventions as iv
from model.core.errors import InputError
from model.core.params import DAYS_PER_MONTH, PARAMS, check_value
from model.experiments.designs import METHODS, Design, Factor
from model.experiments.runner import run
from model.experiments.specs import RunSpec, scenario_digest
from model.scenario import Issue, Scenario, find_scenario, load_scenario
from model.scenario.errors import ScenarioError, one_of, show, sorted_issues, suggest
from model.scenario.reading import Document, read_document, render_path

MAX_HORIZON_MONTHS = 600
Number = StrictInt | StrictFloat
Value = StrictBool | StrictInt | StrictFloat | StrictStr


class ExperimentError(InputError):
    """An experiment file could not be read or is invalid.

    ``str(error)`` is one line per problem, each naming the file, the field path, the
    offending value and what was expected.

    Attributes:
        file: The file name as the user gave it.
        issues: The problems found.
    """

    def __init__(self, file: str | os.PathLike[str], issues: Sequence[Issue]) -> None:
        self.file = os.fspath(file)
        self.issues = tuple(issues)
        super().__init__("invalid experiment file:\n"
                         + "\n".join(i.format(self.file) for i in self.issues))


# --- the schema -------------------------------------------------------------------------


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class FactorSpec(_Spec):
    """One uncertain input: bounds, a list of values, or a relative range."""

    low: Number | None = None
    high: Number | None = None
    values: list[Value] | None = Field(None, min_length=1)
    relative: Number | None = None
    levels: StrictInt | None = None


class DesignSpec(_Spec):
    """The design: a method and its size."""

    method: StrictStr
    n: StrictInt | None = None
    levels: StrictInt | None = None
    second_order: StrictBool | None = None


class OutcomesSpec(_Spec):
    """What to keep: monthly metrics, and windows of months to average them over."""

    metrics: list[StrictStr] = Field(min_length=1)
    windows: dict[StrictStr, list[StrictInt]] = Field(min_length=1)


class ExperimentSpec(_Spec):
    """The whole file."""

    title: StrictStr
    description: StrictStr = ""
    scenarios: list[StrictStr] = Field(min_length=1)
    plans: list[StrictStr] | None = Field(None, min_length=1)
    baseline: StrictStr | None = None
    fixed: dict[StrictStr, Value] = Field(default_factory=dict)
    uncertain: dict[StrictStr, FactorSpec] = Field(default_factory=dict)
    design: DesignSpec
    replicates: StrictInt
    seed: StrictInt
    seed_per_sample: StrictBool = True
    horizon_months: StrictInt | None = None
    budget: StrictInt
    outcomes: OutcomesSpec


_TYPE_WORDS = {"int_type": "an integer", "float_type": "a number", "bool_type": "true or false",
               "string_type": "text", "list_type": "a list", "dict_type": "a mapping",
               "model_type": "a mapping", "model_attributes_type": "a mapping"}


_UNION_MEMBERS = {"bool": "true or false", "int": "a number", "float": "a number",
                  "str": "text"}


def _path(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        if part == "[key]":
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "<top level>"


def _schema_issues(errors: Sequence[Mapping[str, Any]]) -> list[Issue]:
    """One issue per problem; a value matching no member of a union is one problem."""
    issues: list[Issue] = []
    unions: dict[tuple[Any, ...], list[str]] = {}
    inputs: dict[tuple[Any, ...], Any] = {}
    for err in errors:
        loc = tuple(err["loc"])
        if loc and loc[-1] in _UNION_MEMBERS and err["type"] in _TYPE_WORDS:
            unions.setdefault(loc[:-1], []).append(_UNION_MEMBERS[loc[-1]])
            inputs[loc[:-1]] = err.get("input")
            if len(unions[loc[:-1]]) == 1:
                issues.append(Issue(_path(loc[:-1]), "", None))  # placeholder, in order
            continue
        issues.append(_schema_issue(err))
    for loc, words in unions.items():
        at = next(i for i, issue in enumerate(issues)
                  if issue.path == _path(loc) and not issue.problem)
        value = inputs[loc]
        issues[at] = Issue(_path(loc), "empty value" if value is None else "wrong type",
                           show(value), " or ".join(dict.fromkeys(words)))
    return issues


def _fields_at(loc: Sequence[int | str]) -> list[str]:
    """The keys allowed in the mapping at a location of the file."""
    spec: type[BaseModel] = ExperimentSpec
    nested = {"design": DesignSpec, "outcomes": OutcomesSpec}
    if len(loc) >= 2 and loc[0] == "uncertain":
        return list(FactorSpec.model_fields)
    if loc and loc[0] in nested:
        spec = nested[loc[0]]
    return list(spec.model_fields)


def _schema_issue(err: Mapping[str, Any]) -> Issue:
    loc, kind, value = tuple(err["loc"]), err["type"], err.get("input")
    path = _path(loc)
    if kind == "missing":
        return Issue(path, "missing required field")
    if kind == "extra_forbidden":
        allowed = _fields_at(loc[:-1])
        return Issue(path, "unknown key" + suggest(loc[-1], allowed), show(value),
                     "one of the keys " + ", ".join(allowed))
    if kind in _TYPE_WORDS:
        return Issue(path, "empty value" if value is None else "wrong type", show(value),
                     _TYPE_WORDS[kind])
    if kind in ("too_short", "string_too_short"):
        return Issue(path, "empty value", show(value), "at least one entry")
    if kind == "finite_number":
        return Issue(path, "not a finite number", show(value), "a finite number")
    return Issue(path, err["msg"], show(value))


# --- the validated experiment -----------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Experiment:
    """A validated experiment file: plain data, ready to make run specifications.

    Attributes:
        title: One-line title.
        path: The file it was read from (None when built in Python).
        text: The file's content, recorded in the sweep's manifest.
        scenarios: The base scenarios, loaded.
        plans: Plans to run, by scenario name.
        baseline: The plan the others are compared with.
        fixed: Overrides applied to every run (e.g. ``n_residents``).
        design: Method, factors and options.
        replicates: Replicates of every sample and plan.
        seed: The master seed.
        seed_per_sample: Whether each sample has its own seeds (``SeedSequence(seed,
            spawn_key=(sample, replicate))``); if False, replicate r of every sample
            has the seed of sample 0 (common random numbers across samples).
        months: Months simulated (None: each scenario's horizon).
        budget: The most runs the design may make.
        metrics: Monthly-table columns kept.
        windows: Window name -> (first month, last month), inclusive.
        description: Free text.
    """

    title: str
    path: Path | None
    text: str
    scenarios: tuple[Scenario, ...]
    plans: dict[str, tuple[str, ...]]
    baseline: str
    fixed: dict[str, Any]
    design: Design
    replicates: int
    seed: int
    months: int | None
    budget: int
    metrics: tuple[str, ...]
    windows: dict[str, tuple[int, int]]
    description: str = ""
    seed_per_sample: bool = True

    @property
    def name(self) -> str:
        """Short name (the file name without its extension)."""
        return self.path.stem if self.path is not None else "experiment"

    @property
    def n_plans(self) -> int:
        """Plans summed over scenarios."""
        return sum(len(p) for p in self.plans.values())

    def n_runs(self) -> int:
        """Runs the experiment makes: samples x plans x replicates."""
        return self.design.size() * self.n_plans * self.replicates

    def digest(self) -> str:
        """A digest of the file's content (16 hexadecimal characters)."""
        return hashlib.sha256(self.text.encode()).hexdigest()[:16]


def load_experiment(path: str | os.PathLike[str]) -> Experiment:
    """Read and validate an experiment file, and load its scenarios.

    Args:
        path: The YAML file. Scenarios are bundled names (``saaba``) or paths relative
            to the file's folder.

    Returns:
        The experiment.

    Raises:
        ExperimentError: If the file is missing, unreadable, not YAML or invalid; one
            line per problem.
        ScenarioError: If a scenario it names is invalid.
    """
    shown, file = os.fspath(path), Path(path)
    try:
        doc = read_document(file, shown)
    except ScenarioError as exc:  # the same safe reader as scenario files
        raise ExperimentError(shown, exc.issues) from None
    if doc.issues:
        raise ExperimentError(shown, doc.issues)
    if not isinstance(doc.data, dict):
        raise ExperimentError(shown, [Issue("<top level>", "wrong type", show(doc.data),
                                            "a mapping with keys "
                                            + ", ".join(ExperimentSpec.model_fields))])
    try:
        spec = ExperimentSpec.model_validate(doc.data)
    except ValidationError as exc:
        issues = _schema_issues(exc.errors(include_url=False))
        raise ExperimentError(shown, _placed(issues, doc)) from None
    text = file.read_text(encoding="utf-8")
    try:
        return build_experiment(spec, file, text, shown)
    except ExperimentError as exc:
        raise ExperimentError(shown, _placed(exc.issues, doc)) from None


def _placed(issues: Sequence[Issue], doc: Document) -> list[Issue]:
    """The issues with the line and column where their field is written, where known."""
    places = {render_path(path): place for path, place in doc.places.items()}
    placed = []
    for issue in issues:
        where = issue.path
        while where and where not in places:
            where = where.rsplit(".", 1)[0] if "." in where else ""
        place = places.get(where) if where else None
        if issue.line is None and place is not None:
            issue = dataclasses.replace(issue, line=place.line, column=place.column)
        placed.append(issue)
    return sorted_issues(placed)


def _scenario_path(name: str, folder: Path) -> Path:
    local = folder / name
    if local.suffix in (".yaml", ".yml") or "/" in name:
        return local
    return find_scenario(name)


def build_experiment(spec: ExperimentSpec, path: Path | None, text: str,
                     shown: str = "experiment") -> Experiment:
    """Check an experiment's fields against each other, the scenarios and the model.

    Args:
        spec: The schema object.
        path: The file (None when built in Python); scenarios named by a path are
            relative to its folder.
        text: The file's content.
        shown: The file name as shown in messages.

    Returns:
        The experiment.

    Raises:
        ExperimentError: With every problem found.
        ScenarioError: If a scenario it names is invalid.
    """
    folder = path.parent if path is not None else Path.cwd()
    scenarios = tuple(load_scenario(_scenario_path(s, folder)) for s in spec.scenarios)
    issues: list[Issue] = []
    names = [s.name for s in scenarios]
    if len(set(names)) < len(names):
        issues.append(Issue("scenarios", "the same scenario twice", show(spec.scenarios),
                            "distinct scenarios"))
    plans, baseline = _plans(spec, scenarios, issues)
    dialogues = {d.name for s in scenarios for p in plans.get(s.name, ())
                 for d in s.plan(p).interventions}
    months = spec.horizon_months
    if months is not None and not 1 <= months <= MAX_HORIZON_MONTHS:
        issues.append(Issue("horizon_months", "out of range", show(months),
                            f"months in [1, {MAX_HORIZON_MONTHS}]"))
        months = None
    fixed = {}
    for key, value in spec.fixed.items():
        checked = _check_value(f"fixed.{key}", key, value, dialogues, issues)
        if checked is not _BAD:
            fixed[key] = checked
    factors = []
    for key, factor in spec.uncertain.items():
        built = _factor(key, factor, dialogues, scenarios, issues)
        if built is not None:
            factors.append(built)
        if key in spec.fixed:
            issues.append(Issue(f"uncertain.{key}", "also in fixed", show(key),
                                "each input either fixed or uncertain"))
    design = _design(spec.design, tuple(factors), spec.uncertain, issues)
    for name, value, low in (("replicates", spec.replicates, 1), ("budget", spec.budget, 1),
                             ("seed", spec.seed, 0)):
        if value < low:
            issues.append(Issue(name, "out of range", show(value), f"a whole number >= {low}"))
    horizon = months or min((s.horizon_days // DAYS_PER_MONTH for s in scenarios), default=1)
    windows = _windows(spec.outcomes.windows, horizon, issues)
    metrics = _metrics(spec.outcomes.metrics, scenarios, plans, issues)
    if design is not None and not issues:
        n_runs = design.size() * sum(len(p) for p in plans.values()) * spec.replicates
        if n_runs > spec.budget:
            issues.append(Issue(
                "design", "too large for the budget",
                f"{n_runs} runs ({design.size()} samples x {sum(map(len, plans.values()))} "
                f"plans x {spec.replicates} replicates)", f"at most budget = {spec.budget} "
                "runs: lower design.n, the values or replicates, or raise budget"))
    if issues:
        raise ExperimentError(shown, issues)
    return Experiment(title=spec.title.strip(), path=path, text=text, scenarios=scenarios,
                      plans=plans, baseline=baseline, fixed=fixed, design=design,
                      replicates=spec.replicates, seed=spec.seed, months=months,
                      budget=spec.budget, metrics=metrics, windows=windows,
                      description=spec.description, seed_per_sample=spec.seed_per_sample)


def _plans(spec: ExperimentSpec, scenarios: Sequence[Scenario],
           issues: list[Issue]) -> tuple[dict[str, tuple[str, ...]], str]:
    plans: dict[str, tuple[str, ...]] = {}
    for scenario in scenarios:
        chosen = tuple(spec.plans) if spec.plans is not None else scenario.plans
        for i, plan in enumerate(chosen):
            if plan not in scenario.plans:
                issues.append(Issue(f"plans[{i}]", f"no such plan in {scenario.name}"
                                    + suggest(plan, scenario.plans), show(plan),
                                    one_of(scenario.plans)))
        if len(set(chosen)) < len(chosen):
            issues.append(Issue("plans", "a plan listed twice", show(list(chosen)),
                                "distinct plans"))
        plans[scenario.name] = tuple(p for p in dict.fromkeys(chosen) if p in scenario.plans)
    first = next(iter(plans.values()), ())
    baseline = spec.baseline if spec.baseline is not None else (first[0] if first else "")
    for scenario in scenarios:
        if baseline and baseline not in plans[scenario.name]:
            issues.append(Issue("baseline", f"not among the plans run in {scenario.name}"
                                + suggest(baseline, plans[scenario.name]), show(baseline),
                                one_of(plans[scenario.name])))
    return plans, baseline


_BAD = object()
_DIALOGUE_FIELDS = {f.name: f for f in dataclasses.fields(iv.Dialogue)}


def _dialogue_target(path: str, key: str, dialogues: set[str],
                     issues: list[Issue]) -> str | None:
    """The dialogue field a ``DIALOGUE.FIELD`` key names, or None (with an issue)."""
    target, _, field = key.partition(".")
    if target != "dialogue" and target not in dialogues:
        issues.append(Issue(path, "no dialogue of that name in the plans run"
                            + suggest(target, dialogues | {"dialogue"}), show(target),
                            "'dialogue' (every dialogue) or "
                            + (one_of(sorted(dialogues)) if dialogues else "a dialogue name")))
        return None
    if field not in _DIALOGUE_FIELDS or field == "name":
        allowed = [f for f in _DIALOGUE_FIELDS if f != "name"]
        issues.append(Issue(path, "not a dialogue field" + suggest(field, allowed),
                            show(field), "a field of a dialogue (see scenarios/template.yaml)"))
        return None
    return field


def _dialogue_value(path: str, field: str, value: Any, issues: list[Issue]) -> Any:
    try:
        dataclasses.replace(iv.Dialogue(), **{field: value})
    except (InputError, TypeError, ValueError) as exc:
        issues.append(Issue(path, "invalid value for a dialogue", show(value),
                            str(exc).split("expected ")[-1]))
        return _BAD
    return value


def _param_value(path: str, name: str, value: Any, issues: list[Issue]) -> Any:
    try:
        return check_value(name, value)
    except InputError:
        issues.append(Issue(path, "out of the parameter's range", show(value),
                            PARAMS[name].allowed()))
        return _BAD


def _check_value(path: str, key: str, value: Any, dialogues: set[str],
                 issues: list[Issue]) -> Any:
    if "." in key:
        field = _dialogue_target(path, key, dialogues, issues)
        return _BAD if field is None else _dialogue_value(path, field, value, issues)
    if key not in PARAMS:
        issues.append(Issue(path, "unknown parameter" + suggest(key, PARAMS), show(key),
                            "a parameter of docs/parameters.md or DIALOGUE.FIELD"))
        return _BAD
    return _param_value(path, key, value, issues)


def _factor(key: str, spec: FactorSpec, dialogues: set[str], scenarios: Sequence[Scenario],
            issues: list[Issue]) -> Factor | None:
    path = f"uncertain.{key}"
    n_before = len(issues)
    given = [spec.values is not None, spec.low is not None or spec.high is not None,
             spec.relative is not None]
    if sum(given) != 1 or (given[1] and (spec.low is None or spec.high is None)):
        issues.append(Issue(path, "needs one way to vary", None,
                            "either low and high, values, or relative"))
        return None
    if "." in key:
        field = _dialogue_target(path, key, dialogues, issues)
        if field is None:
            return None
        if spec.relative is not None:
            issues.append(Issue(f"{path}.relative", "not for dialogue fields", show(
                spec.relative), "low and high, or values"))
            return None
        check = functools.partial(_dialogue_value, field=field)
        default = getattr(iv.Dialogue(), field)
    else:
        if key not in PARAMS:
            issues.append(Issue(path, "unknown parameter" + suggest(key, PARAMS), show(key),
                                "a parameter of docs/parameters.md or DIALOGUE.FIELD"))
            return None
        check = functools.partial(_param_value, name=key)
        default = PARAMS[key].default
    numeric = isinstance(default, int | float) and not isinstance(default, bool)
    integer = isinstance(default, int) and not isinstance(default, bool)
    if spec.values is not None:
        values = tuple(check(f"{path}.values[{i}]", value=v, issues=issues)
                       for i, v in enumerate(spec.values))
        if len(set(map(repr, values))) < len(values):
            issues.append(Issue(f"{path}.values", "a value listed twice",
                                show(spec.values), "distinct values"))
        if spec.levels is not None:
            issues.append(Issue(f"{path}.levels", "only with low and high",
                                show(spec.levels), "no levels with values"))
        if len(issues) > n_before:
            return None
        return Factor(key, values=values, integer=integer)
    if not numeric:
        issues.append(Issue(path, "bounds on a parameter that is not a number", None,
                            "values: a list of the values to take"))
        return None
    if spec.relative is not None:
        if not 0 < spec.relative <= 1:
            issues.append(Issue(f"{path}.relative", "out of range", show(spec.relative),
                                "a share in (0, 1]: 0.5 varies the value by +-50%"))
            return None
        low, high = 1 - spec.relative, 1 + spec.relative
    else:
        low, high = spec.low, spec.high
        if low > high:
            issues.append(Issue(path, "bounds reversed", f"low {show(low)} > high {show(high)}",
                                "low < high"))
            return None
        if low == high:
            issues.append(Issue(path, "empty range", f"low = high = {show(low)}",
                                "low < high (use fixed: for a constant)"))
            return None
        for bound, value in (("low", low), ("high", high)):
            check(f"{path}.{bound}", value=int(value) if integer and float(value).is_integer()
                  else value, issues=issues)
    if spec.levels is not None and spec.levels < 2:
        issues.append(Issue(f"{path}.levels", "out of range", show(spec.levels),
                            "a whole number >= 2"))
    if len(issues) > n_before:
        return None
    return Factor(key, low=float(low), high=float(high), levels=spec.levels,
                  relative=spec.relative is not None, integer=integer)


def _design(spec: DesignSpec, factors: tuple[Factor, ...],
            uncertain: Mapping[str, FactorSpec], issues: list[Issue]) -> Design | None:
    if spec.method not in METHODS:
        issues.append(Issue("design.method", "unknown design" + suggest(spec.method, METHODS),
                            show(spec.method), one_of(METHODS)))
        return None
    method = METHODS[spec.method]
    n_before = len(issues)
    if method.needs_n and spec.n is None:
        issues.append(Issue("design.n", "missing required field",
                            expected=f"the number of samples of a {spec.method} design"))
    if spec.n is not None:
        if not method.needs_n:
            issues.append(Issue("design.n", "not used by a grid", show(spec.n),
                                "no n (a grid takes every combination)"))
        elif spec.n < 1:
            issues.append(Issue("design.n", "out of range", show(spec.n),
                                "a whole number >= 1"))
        elif spec.method == "sobol" and spec.n & (spec.n - 1):
            issues.append(Issue("design.n", "not a power of 2", show(spec.n),
                                "a power of 2 (Sobol' sequences), e.g. "
                                f"{2 ** round(math.log2(spec.n))}"))
    options: dict[str, Any] = {}
    if spec.levels is not None:
        if spec.method != "morris":
            issues.append(Issue("design.levels", "only for morris", show(spec.levels),
                                "levels of each factor under uncertain.NAME.levels"))
        elif spec.levels < 2 or spec.levels % 2:
            issues.append(Issue("design.levels", "out of range", show(spec.levels),
                                "an even number >= 2"))
        else:
            options["levels"] = spec.levels
    if spec.second_order is not None:
        if spec.method != "sobol":
            issues.append(Issue("design.second_order", "only for sobol",
                                show(spec.second_order)))
        else:
            options["second_order"] = spec.second_order
    if not uncertain and spec.method != "grid":
        issues.append(Issue("uncertain", "empty", None,
                            f"at least one uncertain input for a {spec.method} design"))
    for factor in factors:
        if method.bounded_only and not factor.bounded:
            issues.append(Issue(f"uncertain.{factor.name}.values", f"{spec.method} needs bounds",
                                show(list(factor.values)), "low and high, or relative"))
        if spec.method == "grid" and factor.bounded and not factor.levels:
            issues.append(Issue(f"uncertain.{factor.name}.levels", "missing in a grid",
                                expected="levels (evenly spaced values from low to high) "
                                         "or values"))
        if spec.method != "grid" and factor.levels is not None:
            issues.append(Issue(f"uncertain.{factor.name}.levels", "only in a grid",
                                show(factor.levels)))
    if len(issues) > n_before:
        return None
    return Design(spec.method, factors, spec.n, options)


def _windows(windows: Mapping[str, list[int]], months: int,
             issues: list[Issue]) -> dict[str, tuple[int, int]]:
    out = {}
    for name, window in windows.items():
        path = f"outcomes.windows.{name}"
        if len(window) != 2 or not 1 <= window[0] <= window[-1] <= months:
            issues.append(Issue(path, "not a window of the horizon", show(window),
                                f"[first, last] months with 1 <= first <= last <= {months}"))
            continue
        out[name] = (window[0], window[1])
    return out


@functools.cache
def _monthly_columns(scenario: Scenario, plan: str, digest: str) -> tuple[str, ...]:
    """The monthly-table columns of a scenario's runs (from one small, short run)."""
    spec = RunSpec(scenario, plan, months=1, overrides={"n_residents": 200})
    return tuple(run(spec).columns)


def monthly_columns(scenario: Scenario, plan: str) -> tuple[str, ...]:
    """The columns of the monthly table of a scenario's runs.

    Args:
        scenario: The scenario.
        plan: One of its plans.

    Returns:
        The column names (found by one month of a 200-resident run, cached).
    """
    return _monthly_columns(scenario, plan, scenario_digest(scenario))


def _metrics(metrics: Sequence[str], scenarios: Sequence[Scenario],
             plans: Mapping[str, tuple[str, ...]], issues: list[Issue]) -> tuple[str, ...]:
    known: set[str] = set()
    for scenario in scenarios:
        for plan in plans.get(scenario.name, ())[:1]:
            try:
                known |= set(monthly_columns(scenario, plan))
            except InputError:
                return tuple(metrics)  # reported when the runs are made
    for i, metric in enumerate(metrics):
        if known and metric not in known:
            issues.append(Issue(f"outcomes.metrics[{i}]", "not a monthly metric"
                                + suggest(metric, known), show(metric),
                                "a column of the monthly table (docs/ODD.md, section 8)"))
    return tuple(dict.fromkeys(metrics))
