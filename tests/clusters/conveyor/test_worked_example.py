"""Worked example (issue 5): a conveyor line with its bottleneck.

Seed 003, Surakarta cluster III: shuttlecock makers in Sondakan work "ban berjalan" — feathers, cork heads,
binding and gluing, packing, each by a different group. Capacities a week, in shuttlecocks:
feathers 3 workers × 40 h × 60 feathers ÷ 16 = 450; cork heads 2 × 40 × 8 = 640; binding 2 × 35 × 4 =
280; packing 1 × 20 × 30 = 600. Binding is the bottleneck (the group's own meeting said so: "kapasitas
jahit menjadi hambatan"); to reach feathers' 450 it needs 4 workers (2 more) or 57 hours each.
"""

import pytest

from berdaya.clusters.conveyor import queries

pytestmark = pytest.mark.django_db


def test_shuttlecock_line_bottleneck_and_advice(line, stages):
    view = queries.line_balance(line)
    b = view.balance
    assert b.throughput == 280
    assert b.bottleneck_keys == [stages[2].pk]
    caps = [sv.result.capacity for sv in view.stages]
    assert caps == [450, 640, 280, 600]
    assert view.summary[0] == (
        "The line can finish 280 shuttlecocks a week; Binding and gluing (jahit & lem) holds it back."
    )
    binding = view.stages[2]
    assert "2 workers × 35 hours × 4 shuttlecock an hour ÷ 1 shuttlecock per product = 280" in binding.reason
    assert binding.advice[0] == (
        "To reach 450 shuttlecocks a week, the capacity of Feathers (bulu) (the next-slowest stage), "
        "Binding and gluing (jahit & lem) needs 4 workers at 35 hours each: 2 more (rounded up)."
    )
    assert "57 hours a week each: 22 hours more each" in binding.advice[1]
    feathers = view.stages[0]
    assert (
        "170 shuttlecocks a week more than the line can finish (about 45,3 worker-hours)"
        not in feathers.reason
    )
    assert (
        "170 shuttlecocks a week more than the line can finish (about 45.3 worker-hours)" in feathers.reason
    )
    assert "pile up before Binding and gluing" in feathers.reason
    assert "waits for Binding and gluing" in view.stages[3].reason


def test_with_a_buyers_demand_of_600(line, stages):
    view = queries.line_balance(line, demand=600)
    assert view.summary[1] == "The demand is 600 shuttlecocks a week: 320 a week short."
    advice = {sv.stage.name: sv.advice for sv in view.stages if sv.advice}
    assert set(advice) == {"Feathers (bulu)", "Binding and gluing (jahit & lem)"}
    assert "needs 5 workers at 35 hours each: 3 more" in advice["Binding and gluing (jahit & lem)"][0]
    assert "not a working week a group can keep" in advice["Binding and gluing (jahit & lem)"][1]
    assert "needs 4 workers at 40 hours each: 1 more" in advice["Feathers (bulu)"][0]


def test_three_recorded_weeks(recorded, stages):
    hv = queries.line_history(recorded)
    assert [w.finished for w in hv.history.weeks] == [240, 290, 270]
    assert hv.summary[0] == "800 shuttlecocks finished in 3 weeks, 266.7 a week on average."
    assert "scarcest component is Binding and gluing (jahit & lem) (805" in hv.summary[1]
    assert hv.summary[2].startswith(
        "Feathers (bulu): 5,280 feather piled up since the first week; 7,840 feather"
    )
    assert "Cork heads (gabus): 700 cork head piled up" in hv.summary[3]
