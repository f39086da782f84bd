"""Validation of the plain-data interventions, events and hot spots."""

import pytest

from model.core.interventions import (
    EVENT_TYPES,
    CrimeWave,
    Dialogue,
    Hotspot,
    PoliceReturn,
    Scandal,
    Selection,
    field_names,
)


def test_dialogue_end_day_counts_30_day_months():
    assert Dialogue(start_day=90, length_months=12).end_day == 90 + 360
    assert Dialogue(start_day=0, length_months=0.5).end_day == 15


def test_dialogue_selection_accepts_text():
    assert Dialogue(selection="quota").selection is Selection.QUOTA


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"length_months": -1}, "length_months"),
    ({"sessions_per_month": 31}, "sessions_per_month"),
    ({"n_residents": -5}, "n_residents"),
    ({"n_officers": 2.5}, "n_officers"),
    ({"facilitation_quality": 1.5}, "facilitation_quality"),
    ({"start_day": -1}, "start_day"),
])
def test_dialogue_rejects_bad_values_naming_the_field(kwargs, field):
    with pytest.raises(ValueError, match=rf"Dialogue\.{field} = .* expected"):
        Dialogue(**kwargs)


def test_dialogue_rejects_unknown_selection():
    with pytest.raises(ValueError):
        Dialogue(selection="lottery")


def test_events_validate_their_fields():
    with pytest.raises(ValueError, match="end_day"):
        CrimeWave(start_day=10, end_day=5)
    with pytest.raises(ValueError, match="incident_types"):
        CrimeWave(start_day=0, end_day=5, incident_types=("arson",))
    with pytest.raises(ValueError, match="reach_share"):
        Scandal(day=3, reach_share=2.0)
    with pytest.raises(ValueError, match="trust_threshold"):
        PoliceReturn(day=0, trust_threshold=1.2)
    with pytest.raises(ValueError, match="incident_type"):
        Hotspot("x", incident_type="arson")


def test_event_registry_names_every_event_class():
    assert set(EVENT_TYPES) == {"crime_wave", "scandal", "police_withdrawal", "police_return",
                                "flashpoint_appears", "flashpoint_removed"}
    assert field_names(CrimeWave) == ("start_day", "end_day", "multiplier", "incident_types",
                                      "name")
