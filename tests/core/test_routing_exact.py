"""The exact router equals Held-Karp on the same walking metric (layout.distance)."""

import itertools
import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wms_module.core.errors import InvalidInput
from wms_module.core.layout import Depot, GraphLayout, PickLocation, WarehouseLayout
from wms_module.core.routing import ROUTING_METHODS, length_function, route, route_length, sequence_length


def held_karp(layout, locs) -> float:
	"""Shortest closed tour depot -> all locs -> depot (independent of the router's code)."""
	n = len(locs)
	if n == 0:
		return 0.0
	pts = [layout.depot, *locs]
	d = [[layout.distance(a, b) for b in pts] for a in pts]
	full = (1 << n) - 1
	# best[mask][j]: from the depot through the set mask, ending at pick j (j in mask)
	best = [[math.inf] * n for _ in range(1 << n)]
	for j in range(n):
		best[1 << j][j] = d[0][j + 1]
	for mask in range(1, full + 1):
		row = best[mask]
		for j in range(n):
			cost = row[j]
			if cost == math.inf:
				continue
			for m in range(n):
				if mask & (1 << m):
					continue
				nm = mask | (1 << m)
				v = cost + d[j + 1][m + 1]
				if v < best[nm][m]:
					best[nm][m] = v
	return min(best[full][j] + d[j + 1][0] for j in range(n))


@st.composite
def instances(draw, n_blocks, max_picks):
	n_aisles = draw(st.integers(1, 6))
	bays = draw(st.integers(n_blocks, 12))
	depot = Depot(
		aisle=draw(
			st.sampled_from([0, n_aisles - 1, (n_aisles - 1) / 2, draw(st.integers(0, n_aisles - 1))])
		),
		cross_aisle=draw(st.integers(0, n_blocks)),
	)
	layout = WarehouseLayout(
		n_aisles=n_aisles,
		bays_per_aisle=bays,
		bay_width=draw(st.sampled_from([0.8, 1.0, 1.5])),
		aisle_spacing=draw(st.sampled_from([1.0, 2.5, 3.0, 12.0])),
		cross_aisle_width=draw(st.sampled_from([0.0, 2.0, 3.5])),
		n_blocks=n_blocks,
		depot=depot,
	)
	locs = draw(
		st.lists(
			st.builds(PickLocation, aisle=st.integers(0, n_aisles - 1), bay=st.integers(0, bays - 1)),
			min_size=0,
			max_size=max_picks,
		)
	)
	return layout, locs


def check_exact(layout, locs):
	r = route(layout, locs, method="optimal")
	distinct = set(locs)
	assert r.method == "optimal"
	assert sorted(r.sequence) == sorted(distinct)  # every pick exactly once
	assert r.length == pytest.approx(held_karp(layout, sorted(distinct)), abs=1e-9)
	assert r.length == pytest.approx(sequence_length(layout, r.sequence), abs=1e-9)
	walked = sum(abs(p[0] - q[0]) + abs(p[1] - q[1]) for p, q in zip(r.path, r.path[1:], strict=False))
	assert walked == pytest.approx(r.length, abs=1e-9)
	assert r.path[0] == r.path[-1] == layout.point(layout.depot)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(n_blocks=1, max_picks=9))
def test_ratliff_rosenthal_is_optimal(instance):
	check_exact(*instance)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(n_blocks=2, max_picks=9))
def test_roodbergen_de_koster_is_optimal(instance):
	check_exact(*instance)


def seeded_instance(rnd, n_blocks, picks):
	"""A random layout (any depot position) and ``picks`` distinct pick locations."""
	n_aisles = rnd.randint(2, 8)
	bays = rnd.randint(max(n_blocks, 3), 15)
	layout = WarehouseLayout(
		n_aisles=n_aisles,
		bays_per_aisle=bays,
		bay_width=rnd.choice([0.8, 1.0, 1.5]),
		aisle_spacing=rnd.choice([1.0, 2.5, 3.0, 12.0]),
		cross_aisle_width=rnd.choice([0.0, 2.0, 3.5]),
		n_blocks=n_blocks,
		depot=Depot(
			aisle=rnd.choice([0, n_aisles - 1, (n_aisles - 1) / 2, rnd.randrange(n_aisles)]),
			cross_aisle=rnd.randint(0, n_blocks),
		),
	)
	locs = set()
	while len(locs) < min(picks, n_aisles * bays):
		locs.add(PickLocation(rnd.randrange(n_aisles), rnd.randrange(bays)))
	return layout, sorted(locs)


@pytest.mark.parametrize("n_blocks", [1, 2])
def test_exact_equals_held_karp_on_2000_seeded_instances_with_5_to_10_picks(n_blocks):
	"""Hypothesis above favours tiny pick lists (about a quarter of its examples are empty and
	only about a third have 5+ picks); this sweep adds 2,000 instances per DP with 5-10 distinct picks."""
	rnd = random.Random(4000 + n_blocks)
	for case in range(2000):
		layout, locs = seeded_instance(rnd, n_blocks, rnd.randint(5, 10))
		length = route(layout, locs, method="optimal").length
		assert length == pytest.approx(held_karp(layout, locs), abs=1e-9), (case, layout, locs)


def test_the_frontier_dp_is_also_exact_on_three_and_four_blocks():
	"""``exact.solve`` is the benchmark's reference for the improvement heuristic on 3+ blocks
	(``route(method="optimal")`` itself stays limited to 1-2 blocks)."""
	from wms_module.core.routing import exact

	rnd = random.Random(34)
	for case in range(360):
		n_blocks = 3 if case < 300 else 4
		layout, locs = seeded_instance(rnd, n_blocks, rnd.randint(3, 8))
		length, walk = exact.solve(layout, locs)
		assert length == pytest.approx(held_karp(layout, locs), abs=1e-9), (case, layout, locs)
		assert walk[0] == walk[-1] == layout.point(layout.depot)


def brute_force(layout, locs):
	return min(sequence_length(layout, p) for p in itertools.permutations(locs))


def test_held_karp_oracle_agrees_with_brute_force():
	layout = WarehouseLayout(n_aisles=4, bays_per_aisle=8, n_blocks=2, depot=Depot(aisle=1.5))
	locs = [
		PickLocation(0, 7),
		PickLocation(3, 1),
		PickLocation(2, 4),
		PickLocation(1, 5),
		PickLocation(3, 6),
	]
	assert held_karp(layout, locs) == pytest.approx(brute_force(layout, locs))


def test_single_aisle_return_and_traverse():
	layout = WarehouseLayout(
		n_aisles=3, bays_per_aisle=10, bay_width=1.0, aisle_spacing=3.0, cross_aisle_width=2.0
	)
	# one deep pick in aisle 0: walk in and back
	assert route(layout, [PickLocation(0, 9)], method="optimal").length == pytest.approx(2 * 10.5)
	# deep picks in aisles 0 and 2: up one aisle, across the back, down the other, back along the front
	r = route(layout, [PickLocation(0, 9), PickLocation(2, 9)], method="optimal")
	assert r.length == pytest.approx(12 + 12 + 6 + 6)


def test_duplicates_are_visited_once_and_empty_is_zero():
	layout = WarehouseLayout(n_aisles=3, bays_per_aisle=10)
	r = route(layout, [PickLocation(1, 2), PickLocation(1, 2)], method="optimal")
	assert r.sequence == (PickLocation(1, 2),)
	empty = route(layout, [], method="optimal")
	assert (empty.length, empty.sequence) == (0.0, ())


def test_optimal_is_refused_where_it_is_not_exact():
	layout = WarehouseLayout(n_aisles=3, bays_per_aisle=10, n_blocks=3)
	with pytest.raises(InvalidInput, match="1 or 2 blocks"):
		route(layout, [PickLocation(1, 2)], method="optimal")
	g = GraphLayout.from_coordinates({"D": (0, 0), "A": (1, 1)}, depot="D")
	with pytest.raises(InvalidInput, match="GraphLayout"):
		route(g, ["A"], method="optimal")


def test_best_is_optimal_for_one_and_two_blocks():
	for n_blocks in (1, 2):
		layout = WarehouseLayout(n_aisles=5, bays_per_aisle=20, n_blocks=n_blocks)
		locs = [PickLocation(a, (7 * a + 3) % 20) for a in range(5)]
		assert route(layout, locs, method="best").length == pytest.approx(
			route(layout, locs, method="optimal").length
		)


def test_invalid_method_and_locations_name_the_input():
	layout = WarehouseLayout(n_aisles=3, bays_per_aisle=10)
	with pytest.raises(InvalidInput, match="method must be one of"):
		route(layout, [], method="fastest")
	with pytest.raises(InvalidInput, match=r"aisle must be in 0..2"):
		route(layout, [PickLocation(aisle=3, bay=0)], method="optimal")
	assert "optimal" in ROUTING_METHODS and "best" in ROUTING_METHODS


def test_thirty_picks_on_ten_by_forty_five_is_optimal_against_a_lower_bound():
	"""A large instance: every pick once, the length equals the summed legs."""
	layout = WarehouseLayout(
		n_aisles=10, bays_per_aisle=45, bay_width=1.0, aisle_spacing=3.0, cross_aisle_width=2.0
	)
	locs = [PickLocation((i * 7) % 10, (i * 13) % 45) for i in range(30)]
	r = route(layout, locs, method="optimal")
	assert len(r.sequence) == len(set(locs))
	assert r.length == pytest.approx(sequence_length(layout, r.sequence))
	for method in ("s_shape", "return", "midpoint", "largest_gap", "combined", "improved"):
		assert r.length <= route(layout, locs, method=method).length + 1e-9


# -- the length-only path (routing.route_length / length_function, exact.LengthSolver) ----------


def check_length_only(layout, locs):
	expected = route(layout, locs, method="optimal").length
	assert route_length(layout, locs, method="optimal") == pytest.approx(expected, abs=1e-9)
	fresh = length_function(layout, "optimal")
	assert fresh(frozenset(locs)) == pytest.approx(expected, abs=1e-9)
	# memoised by the canonical key: asking again, in another order and with duplicates, agrees
	assert fresh(list(reversed(locs)) + locs) == pytest.approx(expected, abs=1e-9)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(n_blocks=1, max_picks=14))
def test_length_only_equals_the_optimal_route_one_block(instance):
	check_length_only(*instance)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(n_blocks=2, max_picks=14))
def test_length_only_equals_the_optimal_route_two_blocks(instance):
	check_length_only(*instance)


@settings(max_examples=300, deadline=None)
@given(instances(n_blocks=1, max_picks=8))
def test_length_only_equals_held_karp(instance):
	layout, locs = instance
	assert route_length(layout, locs, method="optimal") == pytest.approx(
		held_karp(layout, sorted(set(locs))), abs=1e-9
	)


@settings(max_examples=200, deadline=None)
@given(
	st.integers(1, 2),
	st.lists(st.tuples(st.integers(0, 9), st.integers(0, 44)), min_size=1, max_size=60),
	st.sampled_from([0, 4.5, 9]),
)
def test_length_only_on_a_large_layout_with_many_picks(n_blocks, picks, depot_aisle):
	"""Batch-sized location sets (up to 60 picks, 10 x 45 bays), one shared solver for all examples."""
	layout = WarehouseLayout(
		n_aisles=10, bays_per_aisle=45, aisle_spacing=5.0, n_blocks=n_blocks, depot=Depot(aisle=depot_aisle)
	)
	locs = [PickLocation(a, b) for a, b in picks]
	assert route_length(layout, locs) == pytest.approx(route(layout, locs, method="optimal").length, abs=1e-9)


def test_length_only_validates_like_route_and_falls_back_where_not_exact():
	layout = WarehouseLayout(n_aisles=3, bays_per_aisle=10)
	assert route_length(layout, []) == 0.0
	with pytest.raises(InvalidInput, match=r"aisle must be in 0..2"):
		route_length(layout, [PickLocation(0, 1), PickLocation(aisle=3, bay=0)])
	with pytest.raises(InvalidInput, match=r"PickLocation\(aisle=4, bay=1\): aisle must be in 0..2"):
		route_length(layout, (PickLocation(a, 1) for a in (0, 4)))  # a one-shot iterator
	with pytest.raises(InvalidInput, match=r"bay must be in 0..9"):
		length_function(layout, "optimal")([PickLocation(aisle=1, bay=10)])
	with pytest.raises(InvalidInput, match="pick location must be a PickLocation"):
		route_length(layout, [(1, 2)])
	with pytest.raises(InvalidInput, match="list of pick locations"):
		route_length(layout, PickLocation(1, 2))
	with pytest.raises(InvalidInput, match="method must be one of"):
		route_length(layout, [], method="fastest")
	# heuristics and layouts without an exact router: the built route's length
	locs = [PickLocation(0, 9), PickLocation(2, 3)]
	assert length_function(layout, "s_shape") is None
	assert route_length(layout, locs, method="s_shape") == route(layout, locs, method="s_shape").length
	three = WarehouseLayout(n_aisles=3, bays_per_aisle=10, n_blocks=3)
	assert length_function(three, "best") is None
	assert route_length(three, locs) == route(three, locs).length
	g = GraphLayout.from_coordinates({"D": (0, 0), "A": (1, 1)}, depot="D")
	assert route_length(g, ["A"]) == route(g, ["A"]).length


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
	st.sampled_from([1, 2]).flatmap(lambda n_blocks: instances(n_blocks=n_blocks, max_picks=14)),
	st.floats(0.3, 1.5),
)
def test_length_below_is_exact_below_the_bound_and_a_true_lower_bound_above(instance, fraction):
	layout, locs = instance
	exact_length = route(layout, locs, method="optimal").length
	bound = fraction * exact_length
	solver = length_function(layout, "optimal")
	value, is_exact = solver.length_below(locs, bound)
	if is_exact:
		assert value == pytest.approx(exact_length, abs=1e-9)
	else:  # stopped early: a proven lower bound, at least the bound asked for
		assert bound <= value <= exact_length + 1e-9
	# a remembered lower bound never leaks out as a length
	assert solver(locs) == pytest.approx(exact_length, abs=1e-9)


def test_length_below_stops_early_when_the_bound_is_far_below_the_length():
	layout = WarehouseLayout(n_aisles=10, bays_per_aisle=45, aisle_spacing=5.0)
	locs = [PickLocation((i * 7) % 10, (i * 13) % 45) for i in range(30)]
	full = route(layout, locs, method="optimal").length
	solver = length_function(layout, "optimal")
	value, is_exact = solver.length_below(locs, 0.5 * full)
	assert not is_exact and 0.5 * full <= value <= full
	assert solver.length_below(locs, 2 * full) == (pytest.approx(full), True)
	assert solver.length_below(locs, 0.5 * full)[1] is True  # now known exactly
