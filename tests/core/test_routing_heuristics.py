"""Routing heuristics: valid tours, never shorter than the optimum, textbook definitions."""

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wms_module.core.errors import InvalidInput
from wms_module.core.layout import Depot, GraphLayout, PickLocation, WarehouseLayout
from wms_module.core.routing import HEURISTICS, route, sequence_length

from .test_routing_exact import held_karp

P = PickLocation


def small_layout(**kw):
	# rows at y = 0 and 12; bay k at y = 1.5 + k; aisles at x = 0, 3, 6, 9
	return WarehouseLayout(
		n_aisles=4, bays_per_aisle=10, bay_width=1.0, aisle_spacing=3.0, cross_aisle_width=2.0, **kw
	)


def walked(path):
	return sum(abs(p[0] - q[0]) + abs(p[1] - q[1]) for p, q in zip(path, path[1:], strict=False))


def test_s_shape_textbook_odd_number_of_aisles_ends_with_a_return():
	r = route(small_layout(), [P(3, 4), P(0, 2), P(1, 8)], method="s_shape")
	# up aisle 0 (12), back cross aisle to aisle 1 (3), down aisle 1 (12), front to aisle 3 (6),
	# into aisle 3 to y=5.5 and out (11), front cross aisle back to the depot (9)
	assert r.length == pytest.approx(12 + 3 + 12 + 6 + 11 + 9)
	assert r.sequence == (P(0, 2), P(1, 8), P(3, 4))


def test_s_shape_textbook_even_number_of_aisles_traverses_them_all():
	r = route(small_layout(), [P(3, 4), P(0, 2), P(1, 8), P(2, 0)], method="s_shape")
	assert r.length == pytest.approx(4 * 12 + 3 * 3 + 9)
	assert r.sequence == (P(0, 2), P(1, 8), P(2, 0), P(3, 4))


def test_return_enters_and_leaves_every_aisle_from_the_front():
	r = route(small_layout(), [P(3, 4), P(0, 2), P(1, 8)], method="return")
	assert r.length == pytest.approx(2 * 3.5 + 2 * 9.5 + 2 * 5.5 + 2 * 9)
	assert r.sequence == (P(0, 2), P(1, 8), P(3, 4))


def test_midpoint_takes_back_half_picks_from_the_back():
	r = route(small_layout(), [P(3, 4), P(0, 2), P(1, 8)], method="midpoint")
	# aisle 0 traversed (12), back to aisle 1 (3), in from the back to y=9.5 and out (5),
	# back to aisle 3 (6), aisle 3 traversed (12), front back to the depot (9)
	assert r.length == pytest.approx(12 + 3 + 5 + 6 + 12 + 9)


def test_largest_gap_splits_an_aisle_at_its_largest_gap():
	# aisle 1: picks at y=2.5 and y=10.5; the largest gap (8) lies between them,
	# so one is taken from the front and one from the back
	locs = [P(0, 5), P(1, 1), P(1, 9), P(3, 5)]
	gap = route(small_layout(), locs, method="largest_gap")
	mid = route(small_layout(), locs, method="midpoint")
	# aisle 0 up (12), back to 1 (3), in to 10.5 and out (3), to aisle 3 (6), down (12),
	# front to aisle 1 (6), in to 2.5 and out (5), to the depot (3)
	assert gap.length == pytest.approx(12 + 3 + 3 + 6 + 12 + 6 + 5 + 3)
	assert mid.length == pytest.approx(gap.length)
	deep = [P(0, 5), P(1, 3), P(1, 4), P(3, 5)]  # y=4.5, 5.5: largest gap is the back one
	r = route(small_layout(), deep, method="largest_gap")
	# aisle 0 up (12), along the back to aisle 3 (9), down (12), front to aisle 1 (6),
	# in to 5.5 and out (11), to the depot (3)
	assert r.length == pytest.approx(12 + 9 + 12 + 6 + 11 + 3)


@st.composite
def instances(draw, n_blocks, max_picks=10, depot_left=False):
	n_aisles = draw(st.integers(1, 7))
	bays = draw(st.integers(n_blocks, 14))
	if depot_left:
		depot = Depot(aisle=0, cross_aisle=0)
	else:
		depot = Depot(
			aisle=draw(st.sampled_from([0, (n_aisles - 1) / 2, n_aisles - 1])),
			cross_aisle=draw(st.integers(0, n_blocks)),
		)
	layout = WarehouseLayout(
		n_aisles=n_aisles,
		bays_per_aisle=bays,
		bay_width=draw(st.sampled_from([1.0, 1.3])),
		aisle_spacing=draw(st.sampled_from([2.0, 3.0, 9.0])),
		cross_aisle_width=draw(st.sampled_from([0.0, 2.0])),
		n_blocks=n_blocks,
		depot=depot,
	)
	locs = draw(
		st.lists(
			st.builds(P, aisle=st.integers(0, n_aisles - 1), bay=st.integers(0, bays - 1)),
			min_size=1,
			max_size=max_picks,
		)
	)
	return layout, locs


def check_valid(layout, locs, r):
	assert sorted(r.sequence) == sorted(set(locs))  # each pick exactly once
	assert r.path[0] == r.path[-1] == layout.point(layout.depot)
	assert walked(r.path) == pytest.approx(r.length)
	for p, q in zip(r.path, r.path[1:], strict=False):
		assert p[0] == q[0] or p[1] == q[1]  # only along aisles and cross aisles
	# the walk is never shorter than the shortest legs between its stops
	assert sequence_length(layout, r.sequence) <= r.length + 1e-9


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 2).flatmap(lambda nb: instances(nb)))
def test_heuristics_are_valid_tours_no_shorter_than_optimal(instance):
	layout, locs = instance
	opt = route(layout, locs, method="optimal").length
	for method in (*HEURISTICS, "improved"):
		r = route(layout, locs, method=method)
		assert r.method == method
		check_valid(layout, locs, r)
		assert r.length >= opt - 1e-9


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(1, depot_left=True))
def test_combined_is_never_longer_than_s_shape_or_return_on_one_block(instance):
	layout, locs = instance
	combined = route(layout, locs, method="combined").length
	assert combined <= route(layout, locs, method="s_shape").length + 1e-9
	assert combined <= route(layout, locs, method="return").length + 1e-9


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(3, 4).flatmap(lambda nb: instances(nb, max_picks=14)))
def test_many_blocks_improved_is_a_local_optimum_no_worse_than_any_heuristic(instance):
	layout, locs = instance
	improved = route(layout, locs, method="improved")
	check_valid(layout, locs, improved)
	assert improved.length == pytest.approx(sequence_length(layout, improved.sequence))
	assert route(layout, locs, method="best").length == pytest.approx(improved.length)
	for method in HEURISTICS:
		r = route(layout, locs, method=method)
		check_valid(layout, locs, r)
		assert improved.length <= sequence_length(layout, r.sequence) + 1e-9


def test_improved_finds_the_optimum_on_small_instances():
	layout = WarehouseLayout(n_aisles=5, bays_per_aisle=12, n_blocks=3)
	locs = [P(0, 11), P(4, 0), P(2, 5), P(1, 8), P(3, 3), P(4, 10)]
	best = min(sequence_length(layout, p) for p in itertools.permutations(locs))
	assert route(layout, locs, method="improved").length == pytest.approx(best)


def test_improved_is_close_to_optimal_on_many_block_layouts():
	"""Quality guard on 80 seeded instances (3-4 blocks, 8 picks) against Held-Karp."""
	rnd = random.Random(20261123)
	gaps = []
	for _ in range(80):
		nb = rnd.choice([3, 4])
		n_aisles, bays = rnd.randint(2, 7), rnd.randint(nb, 14)
		layout = WarehouseLayout(
			n_aisles=n_aisles,
			bays_per_aisle=bays,
			n_blocks=nb,
			depot=Depot(rnd.choice([0, (n_aisles - 1) / 2])),
		)
		locs = list({P(rnd.randrange(n_aisles), rnd.randrange(bays)) for _ in range(8)})
		gaps.append(route(layout, locs, method="improved").length / held_karp(layout, locs) - 1)
	assert max(gaps) <= 0.05
	assert sum(gaps) / len(gaps) <= 0.005


def test_graph_layout_routes_with_the_improvement_heuristic():
	nodes = {"D": (0, 0), "A": (0, 10), "B": (10, 10), "C": (10, 0), "E": (5, 20)}
	edges = [("D", "A"), ("A", "B"), ("B", "C"), ("C", "D"), ("A", "E"), ("E", "B")]
	g = GraphLayout.from_coordinates(nodes, edges=edges, depot="D")
	r = route(g, ["B", "E", "C", "E"], method="best")
	assert r.method == "improved"
	assert sorted(r.sequence) == ["B", "C", "E"]
	# D-A-E-B-C-D: 10 + 5*sqrt(5) + 5*sqrt(5) + 10 + 10
	assert r.length == pytest.approx(30 + 10 * 5**0.5)
	assert r.path[0] == r.path[-1] == (0.0, 0.0)
	with pytest.raises(InvalidInput, match="parallel-aisle"):
		route(g, ["B"], method="s_shape")


def test_graph_from_coordinates_without_edges_is_open_floor():
	g = GraphLayout.from_coordinates({"D": (0, 0), "A": (3, 4), "B": (6, 0)}, depot="D")
	assert route(g, ["A", "B"]).length == pytest.approx(5 + 5 + 6)


def test_s_shape_on_two_blocks_follows_roodbergen_de_koster():
	# cross aisles at y = 0, 7, 14; block 0 = bays 0-4, block 1 = bays 5-9
	layout = WarehouseLayout(
		n_aisles=3, bays_per_aisle=10, bay_width=1.0, aisle_spacing=3.0, cross_aisle_width=2.0, n_blocks=2
	)
	locs = [P(2, 1), P(1, 7), P(0, 2), P(2, 9)]
	r = route(layout, locs, method="s_shape")
	# up the left pick aisle 0 to the middle cross aisle (7, picking y=3.5); farthest block:
	# across to aisle 1 (3), up through it (7), across the back to aisle 2 (3), down to the
	# middle (7); nearest block: on down aisle 2 (7, picking y=2.5); front back to the depot (6)
	assert r.length == pytest.approx(7 + 3 + 7 + 3 + 7 + 7 + 6)
	assert r.sequence == (P(0, 2), P(1, 7), P(2, 9), P(2, 1))
	assert route(layout, locs, method="optimal").length <= r.length


@st.composite
def graphs(draw):
	n = draw(st.integers(2, 9))
	coords = draw(
		st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=n, max_size=n, unique=True)
	)
	nodes = {f"N{i}": xy for i, xy in enumerate(coords)}
	names = list(nodes)
	# a random spanning tree keeps the graph connected; extra edges add shortcuts
	edges = [(names[i], names[draw(st.integers(0, i - 1))]) for i in range(1, n)]
	edges += draw(st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=n))
	layout = GraphLayout.from_coordinates(nodes, edges=edges, depot=names[0])
	picks = draw(st.lists(st.sampled_from(names), min_size=1, max_size=8))
	return layout, picks


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_graph_routes_visit_every_pick_once_and_are_never_below_optimal(instance):
	layout, picks = instance
	r = route(layout, picks, method="best")
	assert sorted(r.sequence) == sorted(set(picks))
	assert r.length == pytest.approx(sequence_length(layout, r.sequence))
	assert r.length >= held_karp(layout, sorted(set(picks))) - 1e-9
	assert r.path[0] == r.path[-1] == layout.point(layout.depot)
	walked_euclid = sum(
		((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2) ** 0.5 for p, q in zip(r.path, r.path[1:], strict=False)
	)
	assert walked_euclid == pytest.approx(r.length)
