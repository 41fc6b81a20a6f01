"""Slotting: ABC classes, COI ranking, fast movers near the depot, route estimate."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wms_module.core.errors import InvalidInput
from wms_module.core.slotting import DemandLine, classify_abc, coi_ranking, plan_slotting

from .test_batching import return_route_length


def depot_distance(loc) -> float:
	"""Walking distance from a depot at the front of aisle 0 (3 m between aisles, 1 m bays)."""
	aisle, bay = loc
	return 3.0 * aisle + bay + 1.0


demand_lines = st.lists(
	st.builds(
		DemandLine,
		st.sampled_from([f"o{i}" for i in range(30)]),
		st.sampled_from([f"item-{i}" for i in range(12)]),
		st.integers(1, 5),
	),
	min_size=1,
	max_size=80,
)


@settings(max_examples=60, deadline=None)
@given(demand_lines, st.floats(0.05, 0.9), st.floats(0.0, 0.1))
def test_abc_classes_follow_the_cumulative_share(lines, a_share, gap):
	b_share = min(1.0, a_share + gap)
	profiles = classify_abc(lines, a_share=a_share, b_share=b_share)
	picks = {}
	for line in lines:
		picks[line.item] = picks.get(line.item, 0) + 1
	total = sum(picks.values())
	assert [p.item for p in profiles] == sorted(picks, key=lambda i: (-picks[i], i))
	before = 0.0
	for p in profiles:
		expected = "A" if before < a_share - 1e-12 else "B" if before < b_share - 1e-12 else "C"
		assert p.abc_class == expected
		assert p.share == pytest.approx(picks[p.item] / total)
		before += p.share
		assert p.cumulative_share == pytest.approx(before)
	# class A reaches the A share (it is the smallest such top group)
	a_total = sum(p.share for p in profiles if p.abc_class == "A")
	assert a_total >= a_share - 1e-9
	assert profiles[0].abc_class == "A"


def test_abc_on_a_textbook_example():
	lines = [DemandLine(f"o{i}", "fast") for i in range(80)]
	lines += [DemandLine(f"p{i}", "medium") for i in range(15)]
	lines += [DemandLine(f"q{i}", f"slow-{i}") for i in range(5)]
	classes = {p.item: p.abc_class for p in classify_abc(lines)}
	assert classes["fast"] == "A"
	assert classes["medium"] == "B"
	assert {classes[f"slow-{i}"] for i in range(5)} == {"C"}


def test_coi_puts_small_frequent_items_first():
	lines = [DemandLine(f"o{i}", "bulky-fast") for i in range(10)]
	lines += [DemandLine(f"p{i}", "tiny-fast") for i in range(10)]
	lines += [DemandLine("q", "tiny-slow")]
	volumes = {"bulky-fast": 50.0, "tiny-fast": 0.5, "tiny-slow": 0.5}
	ranked = [p.item for p in coi_ranking(lines, volumes)]
	assert ranked == ["tiny-fast", "tiny-slow", "bulky-fast"]


def test_coi_needs_a_volume_for_every_item():
	with pytest.raises(InvalidInput, match="ghost"):
		coi_ranking([DemandLine("o", "ghost")], {})


def _history(seed: int, n_items: int = 40, n_orders: int = 120):
	rng = random.Random(seed)
	items = [f"item-{i}" for i in range(n_items)]
	weights = [1.0 / (i + 1) for i in range(n_items)]  # skewed, Zipf-like demand
	lines = []
	for o in range(n_orders):
		for item in set(rng.choices(items, weights, k=rng.randint(1, 5))):
			lines.append(DemandLine(f"SO-{o}", item, rng.randint(1, 3)))
	slots = [(a, b) for a in range(10) for b in range(0, 45, 5)]
	rng.shuffle(slots)
	current = dict(zip(items, slots, strict=False))
	volumes = {item: 1.0 for item in items}
	return lines, current, volumes, slots


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["coi", "picks"]))
def test_fast_movers_get_locations_nearer_the_depot(seed, rank_by):
	lines, current, volumes, _ = _history(seed)
	plan = plan_slotting(
		lines,
		current,
		volumes,
		depot_distance=depot_distance,
		route_length=return_route_length,
		rank_by=rank_by,
	)
	ranked = [p.item for p in plan.profiles]
	dists = [depot_distance(plan.proposed[i]) for i in ranked]
	assert dists == sorted(dists)  # higher ranked (faster) item -> nearer or equal slot
	assert sorted(plan.proposed.values()) == sorted(current.values())  # a re-shuffle of the used slots
	for rec in plan.recommendations:
		assert rec.current_location == current[rec.item]
		assert rec.proposed_location == plan.proposed[rec.item]
		assert rec.current_location != rec.proposed_location
		assert rec.reason


def test_the_saving_estimate_is_the_sum_of_real_route_lengths():
	lines, current, volumes, _ = _history(3)
	seen = []

	def routed(locs):
		seen.append(locs)
		return return_route_length(locs)

	plan = plan_slotting(lines, current, volumes, depot_distance=depot_distance, route_length=routed)
	orders = {}
	for line in lines:
		orders.setdefault(line.order_id, set()).add(line.item)
	now = sum(return_route_length(frozenset(current[i] for i in its)) for its in orders.values())
	then = sum(return_route_length(frozenset(plan.proposed[i] for i in its)) for its in orders.values())
	assert plan.current_length == pytest.approx(now)
	assert plan.proposed_length == pytest.approx(then)
	assert plan.orders_evaluated == len(orders)
	assert plan.change < 0, "skewed demand: slotting fast movers forward shortens routes"
	assert plan.change_pct == pytest.approx(100 * (then - now) / now)
	assert frozenset(current[i] for i in orders["SO-0"]) in seen  # routes were really computed


def test_an_item_without_a_location_is_named():
	with pytest.raises(InvalidInput, match="lost-item"):
		plan_slotting(
			[DemandLine("o", "lost-item")],
			{"other": (0, 0)},
			{"lost-item": 1.0, "other": 1.0},
			depot_distance=depot_distance,
			route_length=return_route_length,
		)


def test_plan_with_the_real_router():
	routing = pytest.importorskip("wms_module.core.routing")
	layout_mod = pytest.importorskip("wms_module.core.layout")
	layout = layout_mod.WarehouseLayout(
		n_aisles=10, bays_per_aisle=45, bay_width=1.0, aisle_spacing=3.0, cross_aisle_width=2.0, n_blocks=1
	)
	lines, current_t, volumes, _ = _history(5, n_items=20, n_orders=30)
	current = {i: layout_mod.PickLocation(aisle=a, bay=b) for i, (a, b) in current_t.items()}
	plan = plan_slotting(lines, current, volumes, layout=layout)
	orders = {}
	for line in lines:
		orders.setdefault(line.order_id, []).append(line.item)
	expected = sum(
		routing.route(
			layout, sorted({current[i] for i in its}, key=lambda p: (p.aisle, p.bay)), method="optimal"
		).length
		for its in orders.values()
	)
	assert plan.current_length == pytest.approx(expected)
	assert plan.proposed_length < plan.current_length


def test_docstring_examples_hold():
	import doctest

	import wms_module.core.slotting as slotting

	result = doctest.testmod(slotting)
	assert result.attempted > 0 and result.failed == 0
