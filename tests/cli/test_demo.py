"""``jsdsim demo`` (model/cli/demo.py) is a documented ``jsdsim compare`` of Saaba."""

from model.cli import build_parser, main
from model.cli.compare import design_from
from model.cli.demo import DEMO_ARGUMENTS, demo_argv


def test_the_demo_is_a_valid_comparison_of_saaba_plans():
    args = build_parser().parse_args(demo_argv("out/x", workers=2))
    design = design_from(args)
    assert design.scenario.name == "saaba" and design.baseline == "no_dialogue"
    assert design.plans == ("no_dialogue", "dialogue_6m", "dialogue_12m", "dialogue_24m")
    assert design.replicates >= 8 and design.months == 48
    assert design.overrides == {"n_residents": 5000}  # a quarter of Saaba's 20,000
    assert (args.out, args.workers) == ("out/x", 2)


def test_the_demo_help_shows_the_compare_command(capsys):
    assert main(["demo", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "jsdsim compare " + " ".join(DEMO_ARGUMENTS) in out
