"""Every model parameter, in one place: default, unit, valid range and meaning.

This table is the single owner of parameter defaults. The model constructor
(:class:`model.TrustModel`), the scenario schema, the documentation table in
docs/ODD.md and the command line all read it; nothing else states a default.

Time units: one step is one day and a "month" is 30 days. Trust values, shares
and probabilities lie in [0, 1].
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DAYS_PER_MONTH = 30
DAYS_PER_YEAR = 365

INCIDENT_TYPES: tuple[str, ...] = ("robbery", "break_in", "clash", "smuggling", "drugs")
"""Incident types, in the order used by every per-type array."""


@dataclass(frozen=True)
class Param:
    """One model parameter.

    Attributes:
        name: Keyword name accepted by the model constructor.
        default: Default value.
        unit: Unit of measure (``"1"`` for dimensionless shares and probabilities).
        low: Smallest allowed value (inclusive), or None for choice parameters.
        high: Largest allowed value (inclusive), or None for choice parameters.
        doc: One-line meaning, with its source where one exists.
        section: The ODD section (docs/ODD.md) whose submodel reads it.
        choices: Allowed values of a text parameter.
    """

    name: str
    default: Any
    unit: str
    low: float | None
    high: float | None
    doc: str
    section: str
    choices: tuple[str, ...] = ()

    @property
    def kind(self) -> type:
        """The Python type of the value (int, float, bool or str)."""
        return type(self.default)

    def allowed(self) -> str:
        """Describe the allowed values in words, for error messages."""
        if self.choices:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.kind is bool:
            return "true or false"
        kind = "an integer" if self.kind is int else "a number"
        return f"{kind} in [{_fmt(self.low)}, {_fmt(self.high)}]"


def _fmt(x: float | None) -> str:
    if x is None:
        return "?"
    if float(x).is_integer() and abs(x) >= 1e5:
        return f"{x:.0e}"
    return f"{x:g}"


def _p(name, default, unit, low, high, doc, section, choices=()):
    return Param(name, default, unit, low, high, doc, section, tuple(choices))


_POP = "2 Entities"
_NET = "7.1 Social network"
_INC = "7.2 Incidents"
_REP = "7.3 Reporting"
_RES = "7.4 Response"
_ENC = "7.5 Encounters and outcomes"
_SOC = "7.6 Social influence"
_POL = "7.7 Police and police-group trust"
_DIA = "7.8 Dialogue"
_ROT = "7.9 Drift and rotation"

PARAMETERS: tuple[Param, ...] = (
    # --- population and space -------------------------------------------------------------
    _p("n_residents", 10_000, "residents", 10, 5_000_000, "Number of residents.", _POP),
    _p("n_officers", 40, "officers", 0, 100_000, "Number of police officers.", _POP),
    _p("n_informal_members", 30, "members", 0, 100_000,
       "Number of informal security group members (vigilantes, self-defence groups).", _POP),
    _p("n_groups", 2, "groups", 1, 50, "Number of identity groups.", _POP),
    _p("largest_group_share", 0.6, "1", 0.0, 1.0,
       "Share of residents in identity group 0; the other groups split the rest equally.", _POP),
    _p("n_neighbourhoods", 10, "neighbourhoods", 1, 100_000,
       "Number of neighbourhoods (spatial units for near-repeat crime and police access).", _POP),
    _p("residential_segregation", 0.5, "1", 0.0, 1.0,
       "Probability that a resident lives in one of their group's home neighbourhoods.", _POP),
    _p("police_post_share", 0.5, "1", 0.0, 1.0,
       "Share of neighbourhoods with a police post.", _POP),
    _p("access_with_post", 0.9, "1", 0.0, 1.0,
       "Mean access to police of residents of a neighbourhood with a post.", _POP),
    _p("access_without_post", 0.4, "1", 0.0, 1.0,
       "Mean access to police of residents of a neighbourhood without a post.", _POP),
    _p("civic_share_init", 0.1, "1", 0.0, 1.0,
       "Share of residents civically active at the start and at neutral trust.", _POP),
    # --- social network --------------------------------------------------------------------
    _p("mean_degree", 10.0, "contacts", 0.0, 200.0, "Mean number of network contacts.", _NET),
    _p("homophily", 0.8, "1", 0.0, 1.0,
       "Share of ties inside the own identity group (stochastic block model).", _NET),
    _p("tie_locality", 0.7, "1", 0.0, 1.0,
       "Share of ties inside the own neighbourhood.", _NET),
    _p("network_generator", "numpy", "-", None, None,
       "How the network is generated: 'numpy' (vectorised, any size) or 'networkx' "
       "(networkx.stochastic_block_model, small populations only).", _NET,
       ("numpy", "networkx")),
    # --- starting trust --------------------------------------------------------------------
    _p("trust_police_init", 0.5, "1", 0.0, 1.0,
       "Mean starting trust of residents in police (Afrobarometer: Nigeria 0.21-0.24, "
       "Burkina Faso 0.71-0.72, Senegal 0.72, African average 0.45-0.51).", _POP),
    _p("trust_informal_init", 0.5, "1", 0.0, 1.0,
       "Mean starting trust of residents in the informal security group.", _POP),
    _p("trust_outgroup_init", 0.5, "1", 0.0, 1.0,
       "Mean starting trust of residents in other identity groups.", _POP),
    _p("trust_init_concentration", 20.0, "1", 0.5, 1000.0,
       "Concentration a+b of the Beta distribution of starting trust (higher = less spread).",
       _POP),
    _p("police_conduct_init", 0.95, "1", 0.0, 1.0,
       "Mean probability that an officer's encounter is procedurally fair.", _POP),
    _p("police_trust_community_init", 0.5, "1", 0.0, 1.0,
       "Mean starting trust of officers in the community.", _POP),
    _p("police_trust_informal_init", 0.3, "1", 0.0, 1.0,
       "Mean starting trust of officers in the informal group.", _POP),
    _p("informal_trust_police_init", 0.3, "1", 0.0, 1.0,
       "Mean starting trust of informal members in police.", _POP),
    _p("informal_trust_residents_init", 0.5, "1", 0.0, 1.0,
       "Mean starting trust of informal members in residents.", _POP),
    _p("vigilantism_init", 0.3, "1", 0.0, 1.0,
       "Mean probability that an informal member's own action is abusive (injury, wrong "
       "target).", _POP),
    _p("informal_handover_init", 0.6, "1", 0.0, 1.0,
       "Mean willingness of informal members to hand suspects and information to police.",
       _POP),
    # --- incidents -------------------------------------------------------------------------
    _p("rate_robbery_per_1000_per_month", 1.5, "incidents/1000 residents/month", 0.0, 1000.0,
       "Base rate of robberies (assumption).", _INC),
    _p("rate_break_in_per_1000_per_month", 2.5, "incidents/1000 residents/month", 0.0, 1000.0,
       "Base rate of break-ins (assumption).", _INC),
    _p("rate_clash_per_1000_per_month", 0.3, "incidents/1000 residents/month", 0.0, 1000.0,
       "Base rate of intergroup clashes at neutral out-group trust (assumption).", _INC),
    _p("rate_smuggling_per_1000_per_month", 0.2, "incidents/1000 residents/month", 0.0, 1000.0,
       "Base rate of smuggling incidents (assumption).", _INC),
    _p("rate_drugs_per_1000_per_month", 0.8, "incidents/1000 residents/month", 0.0, 1000.0,
       "Base rate of drug-related incidents (assumption).", _INC),
    _p("deterrence_effect", 0.6, "1", 0.0, 1.0,
       "Largest share of the base rate that sanctions can suppress.", _INC),
    _p("deterrence_half_sanction_rate", 0.1, "1", 0.001, 1.0,
       "Smoothed sanction rate (share of incidents cleared or punished) at which half of "
       "the largest suppression is reached: factor 1 - e * s / (s + s_half).", _INC),
    _p("clearance_init", 0.2, "1", 0.0, 1.0,
       "Smoothed sanction rate assumed at the start (assumption).", _INC),
    _p("deterrence_memory_days", 90.0, "days", 1.0, 3650.0,
       "Time constant of the smoothed clearance rate that deters offenders.", _INC),
    _p("guardianship_effect", 0.5, "1", 0.0, 1.0,
       "Share of the base rate suppressed when every resident is civically active.", _INC),
    _p("presence_effect_per_officer_per_1000", 0.15, "1/(officers per 1000 residents)",
       0.0, 10.0,
       "Rate suppression per posted officer per 1000 residents: factor exp(-e * density).",
       _INC),
    _p("near_repeat_boost", 1.0, "1/(incidents per 1000 residents)", 0.0, 100.0,
       "Extra victim-selection weight of a neighbourhood per recent incident per 1000 "
       "residents (Johnson & Bowers 2004).", _INC),
    _p("near_repeat_half_life_days", 14.0, "days", 1.0, 365.0,
       "Half-life of the near-repeat boost.", _INC),
    _p("clash_outgroup_weight", 1.0, "1", 0.0, 10.0,
       "Clash rate multiplier is 1 + w * 2 * (0.5 - mean out-group trust), floored at 0.",
       _INC),
    _p("flashpoint_rate_per_1000_per_month", 2.0, "incidents/1000 residents/month",
       0.0, 1000.0, "Extra rate of a flashpoint's incident type in its neighbourhood.", _INC),
    _p("n_flashpoints", 0, "flashpoints", 0, 1000,
       "Number of clash flashpoints active at the start (in neighbourhoods 0, 1, ...).", _INC),
    _p("attack_rate_per_1000_per_month", 0.1, "attacks/1000 residents/month", 0.0, 100.0,
       "Rate of attacks on posted police at zero trust; scales with (1 - trust)^2.", _INC),
    # --- reporting -------------------------------------------------------------------------
    _p("n_witnesses_per_incident", 2, "residents", 0, 50,
       "Network neighbours of the victim who learn of an incident and may report it.", _REP),
    _p("report_police_logit", -0.5, "logit", -20.0, 20.0,
       "Utility of telling police at trust 0.5 and access 0.5, no fear (victim).", _REP),
    _p("report_trust_weight", 4.0, "logit/unit trust", 0.0, 50.0,
       "Utility gain per unit of trust in the provider.", _REP),
    _p("report_access_weight", 2.0, "logit/unit access", 0.0, 50.0,
       "Utility gain per unit of access to police (access predicts reporting).", _REP),
    _p("report_informal_logit", -1.2, "logit", -20.0, 20.0,
       "Utility of telling the informal group at trust 0.5, no fear (victim).", _REP),
    _p("witness_logit_offset", -1.5, "logit", -20.0, 0.0,
       "Utility offset of a witness relative to the victim.", _REP),
    _p("fear_of_retaliation", 0.2, "1", 0.0, 1.0,
       "Baseline fear of retaliation for reporting.", _REP),
    _p("report_fear_weight", 2.0, "logit/unit fear", 0.0, 50.0,
       "Utility loss per unit of fear.", _REP),
    _p("victim_fear_boost", 0.3, "1", 0.0, 1.0,
       "Extra fear right after being victimised; fades with the victimisation memory.", _REP),
    _p("crime_memory_days", 60.0, "days", 1.0, 3650.0,
       "Time constant of residents' memory of their victimisation and of local uncleared "
       "crime.", _REP),
    # --- response --------------------------------------------------------------------------
    _p("officer_capacity_per_day", 0.5, "incidents/officer/day", 0.0, 100.0,
       "Reported incidents a posted officer can handle per day.", _RES),
    _p("clearance_per_report", 0.25, "1", 0.0, 1.0,
       "Probability that one unit of information clears a handled incident; n units clear "
       "with probability 1 - (1 - p)^n.", _RES),
    _p("effort_trust_weight", 0.5, "1", 0.0, 1.0,
       "How much officers' distrust of the community lowers their investigative effort "
       "(clearance per unit of information).", _RES),
    _p("relay_information_weight", 2.0, "reports", 0.0, 20.0,
       "Information units a relay by the informal group adds (local knowledge).", _RES),
    _p("informal_action_prob", 0.7, "1", 0.0, 1.0,
       "Probability that an informal member who does not relay acts on their own.", _RES),
    _p("informal_deterrence_weight", 0.3, "1", 0.0, 1.0,
       "Weight of an informal punishment relative to a police clearance in deterrence.", _RES),
    # --- encounters and outcomes ---------------------------------------------------------
    _p("encounters_per_officer_per_day", 3.0, "encounters/officer/day", 0.0, 100.0,
       "Routine encounters (patrols, stops) of a posted officer with residents.", _ENC),
    _p("encounter_trust_step", 0.1, "1", 0.0, 1.0,
       "Trust gain of a fair encounter, as a share of the distance to 1.", _ENC),
    _p("negativity_weight", 4.0, "1", 1.0, 20.0,
       "How many times more an unfair encounter lowers trust than a fair one raises it "
       "(Skogan 2006: 4-14; Oliveira et al. 2020 find symmetry, so sweepable to 1).", _ENC),
    _p("hostility_weight", 0.7, "1", 0.0, 1.0,
       "How much officers' distrust of the community lowers the fairness of encounters.",
       _ENC),
    _p("clearance_trust_gain", 0.1, "1", 0.0, 1.0,
       "Trust gain of a reporter whose incident is cleared (share of distance to 1).", _ENC),
    _p("ignored_trust_loss", 0.1, "1", 0.0, 1.0,
       "Trust loss of a reporter whose report is ignored or not cleared (share of trust).",
       _ENC),
    _p("victimisation_trust_loss", 0.03, "1", 0.0, 1.0,
       "Trust loss in police of a victim (police failed to protect), share of trust.", _ENC),
    _p("insecurity_trust_loss_per_day", 1e-3, "1/day per (incident/1000 residents)",
       0.0, 1.0,
       "Daily trust loss per recent uncleared incident per 1000 residents of the "
       "neighbourhood above the level residents are used to (the police failed us).", _ENC),
    _p("insecurity_adaptation_days", 1825.0, "days", 1.0, 36500.0,
       "Time constant with which residents get used to their neighbourhood's crime level.",
       _ENC),
    _p("informal_trust_gain", 0.05, "1", 0.0, 1.0,
       "Trust gain in the informal group of a reporter it acts for.", _ENC),
    _p("abuse_trust_loss", 0.3, "1", 0.0, 1.0,
       "Trust loss in the informal group of a resident it abuses, and of their contacts "
       "at half the size.", _ENC),
    # --- social influence ------------------------------------------------------------------
    _p("influence_rate_per_day", 0.01, "1/day", 0.0, 1.0,
       "Daily step of residents toward the mean view of their network contacts.", _SOC),
    _p("negative_news_weight", 1.25, "1", 1.0, 20.0,
       "How many times faster residents move toward worse views than toward better ones.",
       _SOC),
    _p("confidence_bound", 1.0, "1", 0.0, 1.0,
       "Bounded confidence: contacts whose view differs by more are ignored (1 = off).", _SOC),
    _p("civic_trust_slope", 0.3, "1", 0.0, 1.0,
       "Rise of the civic-activity probability per unit of mean trust above 0.5.", _SOC),
    # --- police and police-group trust -----------------------------------------------------
    _p("police_trust_rate_per_day", 0.01, "1/day", 0.0, 1.0,
       "Daily step of officers' trust in the community toward its target, the smoothed "
       "cooperation rate relative to the reference (capped at 1).", _POL),
    _p("cooperation_reference", 0.5, "1", 0.01, 1.0,
       "Cooperation rate (share of incidents whose information reaches police) at which "
       "officers fully trust the community.", _POL),
    _p("attack_trust_loss", 0.2, "1", 0.0, 1.0,
       "Trust loss of officers of a neighbourhood where police are attacked.", _POL),
    _p("joint_trust_gain", 0.05, "1", 0.0, 1.0,
       "Police-group trust gain of a joint action (share of distance to 1).", _POL),
    _p("abuse_police_trust_loss", 0.1, "1", 0.0, 1.0,
       "Loss of officers' trust in the informal group per abuse (share of trust).", _POL),
    # --- dialogue (read by the dialogue submodel) ------------------------------------------
    _p("contact_gain_per_session", 0.05, "1", 0.0, 1.0,
       "Trust step of a participant per well-facilitated session toward the ceiling "
       "(intergroup contact, r ~ 0.2: Pettigrew & Tropp 2006).", _DIA),
    _p("contact_ceiling", 0.9, "1", 0.0, 1.0,
       "Trust level that contact approaches with diminishing returns.", _DIA),
    _p("outreach_gain", 0.05, "1", 0.0, 1.0,
       "Trust step of a non-participant who hears of the dialogue through outreach.", _DIA),
    _p("channel_report_boost", 1.0, "logit", 0.0, 10.0,
       "Reporting utility added by a knowledge-sharing channel (liaison, phone line) while "
       "all the dialogue's liaison officers are in post (in proportion to those left).",
       _DIA),
    _p("forum_conduct_step_per_month", 0.05, "1/month", 0.0, 1.0,
       "Monthly step of serving officers' conduct toward a forum's target.", _DIA),
    _p("institutional_liaison_share", 0.6, "1", 0.0, 1.0,
       "Strength a knowledge-sharing channel keeps after an institutionalised dialogue "
       "however many of its liaison officers have rotated out.", _DIA),
    _p("forum_institution_share", 0.3, "1", 0.0, 1.0,
       "Share of that step taken by the institution's conduct, which newcomers after "
       "rotation inherit; the rest leaves with the officers who were there (Blair et "
       "al. 2021).", _DIA),
    _p("anchor_rate_per_day", 0.003, "1/day", 0.0, 1.0,
       "Daily pull of residents' trust back toward their settled views (Friedkin-Johnsen "
       "anchoring; 0.003/day is a half-life of about 230 days).", _ROT),
    _p("settle_share", 0.5, "1", 0.0, 1.0,
       "Share of a resident's trust gain over their settled view that becomes settled when "
       "a dialogue consolidates it (mentored participants; everyone reached by an "
       "institutionalised dialogue).", _ROT),
    _p("institutionalised_after_months", 9.0, "months", 0.0, 120.0,
       "Months of sessions after which a dialogue is institutionalised: the gains of "
       "everyone it reached then consolidate (see settle_share).", _ROT),
    # --- rotation ----------------------------------------------------------------------------
    _p("rotation_per_year", 0.3, "1/year", 0.0, 10.0,
       "Expected share of officers rotated out and replaced by newcomers each year "
       "(Blair et al. 2021).", _ROT),
)

PARAMS: dict[str, Param] = {p.name: p for p in PARAMETERS}
"""Parameters by name."""


def defaults() -> dict[str, Any]:
    """Return every parameter's default value.

    Returns:
        A new dict mapping parameter name to default.
    """
    return {p.name: p.default for p in PARAMETERS}


def check_value(name: str, value: Any) -> Any:
    """Validate one parameter value and return it in its canonical type.

    Args:
        name: Parameter name.
        value: Proposed value.

    Returns:
        The value, converted to the parameter's type (e.g. 3 -> 3.0 for floats).

    Raises:
        ValueError: If the name is unknown or the value is of the wrong type or out of
            range; the message names the parameter, the value and the allowed range.
    """
    if name not in PARAMS:
        raise ValueError(f"unknown parameter {name!r}; known parameters: see model.params")
    p = PARAMS[name]
    bad = ValueError(f"parameter {name!r} = {value!r} is invalid: expected {p.allowed()}")
    if p.kind is bool:
        if not isinstance(value, bool | int) or isinstance(value, float):
            raise bad
        return bool(value)
    if p.kind is str:
        if value not in p.choices:
            raise bad
        return str(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:  # numpy scalars
            value = value.item()
        except AttributeError:
            raise bad from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad
    try:
        if p.kind is int:
            if isinstance(value, float) and not value.is_integer():
                raise bad
            value = int(value)
        else:
            value = float(value)
    except OverflowError:
        raise bad from None
    if not (p.low <= value <= p.high):  # also rejects NaN
        raise bad
    return value


def resolve(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Merge overrides into the defaults, validating each value.

    Args:
        overrides: Parameter values to change.

    Returns:
        A complete, validated parameter dict.

    Raises:
        ValueError: On an unknown name or an invalid value (see :func:`check_value`).
    """
    params = defaults()
    for name, value in (overrides or {}).items():
        params[name] = check_value(name, value)
    return params


def markdown_table() -> str:
    """Render every parameter as the Markdown table of docs/parameters.md.

    Returns:
        The document text (regenerate with ``make docs``).
    """
    lines = [
        "# Parameters",
        "",
        "Generated from `model/params.py` by `make docs`; a test fails when this file and",
        "the code disagree. Trust values, shares and probabilities lie in [0, 1]; one step",
        "is one day and a month is 30 days.",
        "",
        "| name | default | unit | allowed | ODD section | meaning |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for p in PARAMETERS:
        allowed = p.allowed().replace("|", "/")
        lines.append(f"| `{p.name}` | {p.default!r} | {p.unit} | {allowed} | {p.section} "
                     f"| {p.doc} |")
    return "\n".join(lines) + "\n"

