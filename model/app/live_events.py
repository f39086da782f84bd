"""The workshop's event buttons: what each injects into the running model.

Each button makes one event of :mod:`model.interventions` for the day the next step
simulates and hands it to :meth:`model.TrustModel.inject`, so it fires through the
model's own event code and random generator (docs/ODD.md, 7.0).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from model import CrimeWave, JointAction, PoliceReturn, PoliceWithdrawal, Scandal

CRIME_WAVE_DAYS = 90
"""How long a crime wave started from the page lasts (days)."""
CRIME_WAVE_MULTIPLIER = 2.0
"""Factor on the robbery and break-in rates during that wave."""
SCANDAL_REACH_SHARE = 0.8
"""Share of residents who see the misconduct video."""

SCANDAL_TRUST_DROP = 0.4
"""Share of their trust in police that those who see it lose (as one unfair encounter
of their own at the default negativity weight and encounter step: docs/ODD.md, 7.0)."""


@dataclass(frozen=True)
class LiveEvent:
    """One event button.

    Attributes:
        key: Identifier (used in tests and in the session's event log).
        label: Button text.
        short: A word or two marking it on the plots.
        description: One plain-language sentence: what happens in the model.
        make: Builds the event for a given day.
        color: Button colour (a CSS colour).
    """

    key: str
    label: str
    short: str
    description: str
    make: Callable[[int], object]
    color: str


def _scandal(day: int) -> Scandal:
    return Scandal(day=day, reach_share=SCANDAL_REACH_SHARE, trust_drop=SCANDAL_TRUST_DROP)


def _crime_wave(day: int) -> CrimeWave:
    return CrimeWave(start_day=day, end_day=day + CRIME_WAVE_DAYS,
                     multiplier=CRIME_WAVE_MULTIPLIER, incident_types=("robbery", "break_in"))


LIVE_EVENTS: tuple[LiveEvent, ...] = (
    LiveEvent("scandal", "Misconduct video goes viral", "scandal",
              f"{SCANDAL_REACH_SHARE:.0%} of residents see a video of police misconduct: "
              f"each loses {SCANDAL_TRUST_DROP:.0%} of their trust in police.",
              _scandal, "#b2182b"),
    LiveEvent("crime_wave", "Robbery wave", "robberies",
              f"Robberies and break-ins are {CRIME_WAVE_MULTIPLIER:g} times as frequent for the "
              f"next {CRIME_WAVE_DAYS // 30} months.",
              _crime_wave, "#d95f02"),
    LiveEvent("withdrawal", "Station burned: police withdraw", "police leave",
              "Police leave every neighbourhood: no one to report to, no patrols, "
              "no encounters.",
              lambda day: PoliceWithdrawal(day=day), "#4d4d4d"),
    LiveEvent("return", "Police return", "police return",
              "Police come back to every neighbourhood.",
              lambda day: PoliceReturn(day=day), "#2166ac"),
    LiveEvent("joint_action", "Police and group act together", "joint action",
              "In every neighbourhood where both are there, a member of the informal group "
              "acts with police: trust between police and the group grows.",
              lambda day: JointAction(day=day), "#1b7837"),
)
"""The buttons, in the order the page shows them."""

LIVE_EVENTS_BY_KEY: dict[str, LiveEvent] = {e.key: e for e in LIVE_EVENTS}
