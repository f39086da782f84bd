"""The figures of docs/validation.md, one per pattern (``jsdsim figures``)."""

from __future__ import annotations

import os
from pathlib import Path

from model.validation import patterns as pt
from model.viz import arms_figure, save


def make_figures(out_dir: str | os.PathLike[str] = "docs/figures", n_replicates: int = 6,
                 progress: bool = True) -> list[Path]:
    """Run every validation experiment and write its figure.

    Args:
        out_dir: Folder for the PNG files.
        n_replicates: Replicates per arm.
        progress: Show progress bars.

    Returns:
        The files written.
    """
    out = Path(out_dir)
    n = n_replicates

    def write(runs, columns, name, title, **kwargs):
        return save(arms_figure(runs, columns, title, **kwargs), out / name, dpi=100)

    written = []
    runs = pt.pattern_vicious_circle(n, progress=progress)
    written.append(write(
        runs, {"trust_police_mean": "Trust in police", "reporting_rate": "Reporting rate",
               "police_trust_community_mean": "Officers' trust in the community",
               "incidents_per_1000": "Incidents per 1,000 per month"},
        "pattern1_vicious_circle.png",
        "Pattern 1: a crime shock (months 13-15) in a low- and a high-trust locality",
        marks={"shock": 13}))
    runs = pt.pattern_sequence(n, progress=progress)
    runs = runs[runs["arm"].isin(["none", "dialogue"])]  # not the knock-outs
    written.append(write(
        runs, {"trust_police_participants_mean": "Participants' trust in police",
               "trust_police_mean": "Community trust in police",
               "reporting_rate": "Reporting rate",
               "incidents_per_1000": "Incidents per 1,000 per month"},
        "pattern2_sequence.png",
        "Pattern 2: a 12-month dialogue (months 4-15) vs none, default locality",
        marks={"start": 4, "end": 16}))
    lengths = ["no_dialogue", "dialogue_3m", "dialogue_6m", "dialogue_12m", "dialogue_24m"]
    runs = pt.pattern_scenario("saaba", lengths, n, progress=progress)
    written.append(write(
        runs, {"cooperation_rate": "Cooperation rate", "trust_police_mean": "Trust in police",
               "incidents_per_1000": "Incidents per 1,000 per month"},
        "pattern3_dose_response.png", "Pattern 3: dialogues of different length (Saaba)"))
    runs = pt.pattern_scenario("saaba", ["no_dialogue", "dialogue_12m", "dialogue_12m_scandal",
                                         "dialogue_12m_high_rotation"], n, progress=progress)
    written.append(write(
        runs, {"trust_police_mean": "Trust in police",
               "police_conduct_mean": "Officers' conduct",
               "cooperation_rate": "Cooperation rate"},
        "pattern4_scandal_rotation.png",
        "Pattern 4: a scandal in the dialogue's 6th month (month 9) or high rotation (Saaba)"))
    runs = pt.pattern_scenario("jos", ["no_dialogue", "dialogue_12m", "dialogue_24m"], n,
                               progress=progress)
    written.append(write(
        runs, {"reporting_rate": "Reporting rate", "n_officers_on_duty": "Officers on duty",
               "n_informal_actions": "Vigilante actions per month",
               "abuses": "Vigilante abuses per month"},
        "pattern5_jos.png", "Pattern 5: police withdrawn and restored (Jos)"))
    runs = pt.pattern_scenario("dakar", ["no_dialogue", "dialogue_12m_no_joint_fix",
                                         "dialogue_12m"], n, progress=progress)
    written.append(write(
        runs, {"clashes": "Clashes per month", "cooperation_rate": "Cooperation rate",
               "trust_outgroup_mean": "Out-group trust"},
        "pattern6_dakar.png", "Pattern 6: the joint fix vs trust building alone (Dakar)"))
    runs = pt.pattern_scenario("saaba", ["no_dialogue", "dialogue_12m"], n, progress=progress)
    written.append(write(
        runs, {"police_informal_trust_mean": "Police-group trust",
               "joint_actions": "Joint actions per month", "abuses": "Abuses per month"},
        "pattern7_saaba.png", "Pattern 7: police-group tension (Saaba)"))
    return written
