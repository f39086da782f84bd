"""Mesa agents are live views over the state arrays (model.agents)."""

from __future__ import annotations

import numpy as np
import pytest

from model import InformalMember, PoliceOfficer, Resident
from model.core.agents import Field
from model.core.population import Trust


@pytest.fixture
def model(make_model):
    return make_model(n_residents=500, n_officers=20, n_informal_members=15, rng=7)


def test_one_agent_per_row(model):
    assert len(model.agents_by_type[Resident]) == 500
    assert len(model.agents_by_type[PoliceOfficer]) == 20
    assert len(model.agents_by_type[InformalMember]) == 15
    assert len(model.agents) == 535
    for cls in (Resident, PoliceOfficer, InformalMember):
        indices = sorted(a.index for a in model.agents_by_type[cls])
        assert indices == list(range(len(model.agents_by_type[cls])))
    assert len({a.unique_id for a in model.agents}) == 535


def test_reading_an_agent_reads_its_row(model):
    res = model.residents
    for agent in model.resident_agents[::37]:
        i = agent.index
        assert agent.trust_police == float(res.trust[i, Trust.POLICE])
        assert agent.trust_informal == float(res.trust[i, Trust.INFORMAL])
        assert agent.trust_outgroup == float(res.trust[i, Trust.OUTGROUP])
        assert agent.group == res.group[i] and type(agent.group) is int
        assert agent.neighbourhood == res.hood[i]
        assert agent.access == float(res.access[i])
        assert agent.civic is bool(res.civic[i])
    off = model.officers
    for agent in model.officer_agents:
        assert agent.trust_community == float(off.trust_community[agent.index])
        assert agent.neighbourhood == off.hood[agent.index]
        assert agent.tenure_days == off.tenure_days[agent.index]
        assert agent.capacity_per_day == model.params.officer_capacity_per_day
    inf = model.informal
    for agent in model.member_agents:
        assert agent.vigilantism == float(inf.vigilantism[agent.index])
        assert agent.handover == float(inf.handover[agent.index])


def test_writing_through_an_agent_changes_the_array(model):
    agent = model.resident_agents[42]
    agent.trust_police = 0.25  # exactly representable in float32
    assert model.residents.trust[42, Trust.POLICE] == 0.25
    assert agent.trust_police == 0.25
    agent.civic = True
    assert model.residents.civic[42]
    officer = model.officer_agents[3]
    officer.conduct = 0.125
    assert model.officers.conduct[3] == 0.125
    member = model.member_agents[2]
    member.vigilantism = 0.0
    assert model.informal.vigilantism[2] == 0.0


def test_writing_one_agent_leaves_the_others(model):
    before = model.residents.trust.copy()
    model.resident_agents[10].trust_informal = 0.75
    changed = np.argwhere(model.residents.trust != before)
    assert changed.tolist() == [[10, Trust.INFORMAL]]


def test_agents_see_values_after_a_step(model):
    before = [a.trust_police for a in model.resident_agents]
    for _ in range(3):
        model.step()
    after = [a.trust_police for a in model.resident_agents]
    assert after == model.residents.trust[:, Trust.POLICE].astype(float).tolist()
    assert after != before


def test_agentset_agg_equals_array_mean(model):
    model.step()
    residents = model.agents_by_type[Resident]
    mean = residents.agg("trust_police", np.mean)
    assert mean == pytest.approx(model.residents.trust[:, Trust.POLICE].mean(dtype=np.float64),
                                 rel=1e-9)
    officers = model.agents_by_type[PoliceOfficer]
    assert officers.agg("conduct", max) == pytest.approx(float(model.officers.conduct.max()))


def test_agentset_select_and_get(model):
    residents = model.agents_by_type[Resident]
    group1 = residents.select(lambda a: a.group == 1)
    assert len(group1) == int((model.residents.group == 1).sum())
    assert all(a.group == 1 for a in group1)
    low = residents.select(lambda a: a.trust_police < 0.3)
    assert len(low) == int((model.residents.trust[:, Trust.POLICE] < 0.3).sum())
    assert len(residents.select(at_most=5)) == 5
    hoods = residents.get("neighbourhood")
    assert hoods == model.residents.hood.tolist()


def test_field_descriptor_on_the_class():
    assert isinstance(Resident.trust_police, Field)
    assert "residents.trust" in Resident.trust_police.__doc__

