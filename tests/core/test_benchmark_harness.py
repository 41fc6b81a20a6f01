"""The benchmark harness: exact MILP batching, seeded generators, Heßler–Irnich reader."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from benchmarks.exact import feasible_batches, optimal_batching
from benchmarks.hessler_irnich import read_hessler_irnich
from benchmarks.instances import generate_instance, random_pick_list
from wms_module.core.batching import METHODS, BatchCost, Capacity, Order, OrderLine, batch_orders
from wms_module.core.errors import InvalidInput

from .test_batching import return_route_length

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "hessler_irnich_sample.txt"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_milp_optimum_is_no_longer_than_any_heuristic(seed):
	inst = generate_instance(9, seed=seed, lines=(3, 12))
	cap = Capacity(items=30)
	cost = BatchCost(return_route_length)
	opt = optimal_batching(inst.orders, cap, cost)
	assert sorted(o.order_id for b in opt.batches for o in b.orders) == sorted(
		o.order_id for o in inst.orders
	)
	assert all(cap.fits(b.load) for b in opt.batches)
	for method in METHODS:
		heuristic = batch_orders(inst.orders, cap, method=method, cost=cost)
		assert opt.total_length <= heuristic.total_length + 1e-9, method


def test_the_milp_matches_brute_force_on_a_tiny_instance():
	locs = [(0, 40), (0, 42), (5, 3), (9, 44), (9, 30), (2, 2)]
	orders = [Order(f"O{i}", (OrderLine(loc, 1 + i % 2),)) for i, loc in enumerate(locs)]
	cap = Capacity(items=3)
	cost = BatchCost(return_route_length)
	opt = optimal_batching(orders, cap, cost)

	def best(rest: tuple[Order, ...]) -> float:
		if not rest:
			return 0.0
		first, others = rest[0], rest[1:]
		out = float("inf")
		for k in range(len(others) + 1):
			for extra in combinations(others, k):
				batch = (first,) + extra
				if sum(o.items for o in batch) <= 3:
					left = tuple(o for o in others if o not in extra)
					out = min(out, cost.of(batch) + best(left))
		return out

	assert opt.total_length == pytest.approx(best(tuple(orders)))


def test_feasible_batches_are_exactly_the_fitting_subsets():
	orders = [Order(f"O{i}", (OrderLine((i, 0), q),), due_key=i % 2) for i, q in enumerate([1, 2, 3, 1, 2])]
	cap = Capacity(items=4)
	got = {frozenset(c) for c in feasible_batches(orders, cap)}
	want = {
		frozenset(s)
		for k in range(1, 6)
		for s in combinations(range(5), k)
		if sum(orders[i].items for i in s) <= 4 and len({orders[i].due_key for i in s}) == 1
	}
	assert got == want


def test_the_generator_is_reproducible():
	a = generate_instance(20, seed=42, demand="abc")
	b = generate_instance(20, seed=42, demand="abc")
	c = generate_instance(20, seed=43, demand="abc")
	assert a.orders == b.orders
	assert a.orders != c.orders
	assert all(5 <= len(o.lines) <= 25 for o in a.orders)
	assert all(len({ln.item for ln in o.lines}) == len(o.lines) for o in a.orders)
	import random

	assert random_pick_list(30, random.Random(1)) == random_pick_list(30, random.Random(1))


def test_abc_demand_concentrates_on_a_items_stored_near_the_depot():
	inst = generate_instance(300, seed=3, demand="abc")
	cls = dict(zip(inst.catalog.items, inst.catalog.classes, strict=True))
	lines = [ln for o in inst.orders for ln in o.lines]
	share_a = sum(cls[ln.item] == "A" for ln in lines) / len(lines)
	assert 0.42 < share_a < 0.62  # 52 % of the demand on 10 % of the items
	a_walks = [inst.spec.depot_walk(*inst.catalog.storage[i]) for i, c in cls.items() if c == "A"]
	c_walks = [inst.spec.depot_walk(*inst.catalog.storage[i]) for i, c in cls.items() if c == "C"]
	assert max(a_walks) <= min(c_walks)


def test_the_hessler_irnich_reader_parses_the_sample():
	inst = read_hessler_irnich(SAMPLE)
	assert inst.name == "wms-sample-3x5"
	assert (inst.n_aisles, inst.n_cells, inst.depot_aisle, inst.depot_location) == (3, 5, 0, "bottom")
	assert inst.aisle_to_aisle == 5 and inst.cell_to_cell == 1 and inst.picker_capacity == 10
	assert [a.weight for a in inst.articles] == [2, 1, 3, 1]
	assert inst.orders == (((1, 1), (3, 2)), ((2, 4),), ((4, 1), (1, 3)))
	# cells count from the top cross aisle; bays from the depot's (bottom) one
	assert inst.article_locations() == {1: (0, 0), 2: (1, 4), 3: (2, 2), 4: (2, 0)}
	orders = inst.to_orders()
	assert [o.items for o in orders] == [3, 4, 4]
	assert [o.weight for o in orders] == [8.0, 4.0, 7.0]
	assert inst.layout_spec().n_aisles == 3 and inst.layout_differences() == []


def test_the_reader_puts_a_top_depot_on_the_back_cross_aisle_and_names_bad_input():
	text = SAMPLE.read_text().replace("DEPOT_LOCATION: bottom", "DEPOT_LOCATION: top")
	top = read_hessler_irnich(text)
	assert top.article_locations()[1] == (0, 0)
	assert (top.layout_spec().depot_aisle, top.layout_spec().depot_cross_aisle) == (0, 1)
	with pytest.raises(InvalidInput, match="NUM_CELLS"):
		read_hessler_irnich(SAMPLE.read_text().replace("NUM_CELLS: 5\n", ""))
	with pytest.raises(InvalidInput, match="NUM_ORDERS says 3 but 2"):
		read_hessler_irnich(SAMPLE.read_text().replace("NUM_ARTICLES_IN_ORDER: 1\nID 2 AMOUNT 4\n", ""))
	with pytest.raises(InvalidInput, match="cell 7"):
		read_hessler_irnich(SAMPLE.read_text().replace("AISLE 2 CELL 2", "AISLE 2 CELL 7"))


def test_the_hessler_irnich_layout_reproduces_the_published_distances():
	layout_mod = pytest.importorskip("wms_module.core.layout")
	from benchmarks.suites import make_layout

	inst = read_hessler_irnich(SAMPLE)
	layout = make_layout(inst.layout_spec())
	P = layout_mod.PickLocation
	# bottom cross aisle (depot) to the cell nearest it: DISTANCE_BOTTOM_TO_CELL
	assert layout.distance(layout.depot, P(0, inst.bay(4))) == pytest.approx(inst.bottom_to_cell)
	# along the aisle: DISTANCE_CELL_TO_CELL per cell
	assert layout.distance(P(1, inst.bay(4)), P(1, inst.bay(1))) == pytest.approx(3 * inst.cell_to_cell)
	# the top cross aisle to the cell nearest it: DISTANCE_TOP_TO_CELL
	assert layout.cross_aisle_y[1] - layout.point(P(0, inst.bay(0)))[1] == pytest.approx(inst.top_to_cell)
	# next aisle over: DISTANCE_AISLE_TO_AISLE along the cross aisle
	assert layout.distance(layout.depot, P(1, inst.bay(4))) == pytest.approx(
		inst.aisle_to_aisle + inst.bottom_to_cell
	)


def test_held_karp_matches_brute_force_on_a_random_bin_graph():
	import itertools
	import random

	from benchmarks.exact import held_karp
	from benchmarks.instances import random_bin_graph
	from wms_module.core.routing import route, sequence_length

	rng = random.Random(5)
	g = random_bin_graph(30, rng)
	assert random_bin_graph(30, random.Random(5)).edges == g.edges  # reproducible
	depot_reach, _ = g.shortest_paths(g.depot)
	assert set(depot_reach) == set(g.nodes)  # every bin can be reached
	picks = rng.sample([n for n in g.nodes if n != g.depot], 6)
	brute = min(sequence_length(g, p) for p in itertools.permutations(picks))
	assert held_karp(g, picks) == pytest.approx(brute)
	assert held_karp(g, picks + picks[:2]) == pytest.approx(brute)  # duplicates visited once
	assert held_karp(g, []) == 0.0
	assert route(g, picks).length >= brute - 1e-9


def test_the_route_examples_cover_blocks_and_a_free_graph(tmp_path):
	import xml.etree.ElementTree as ET

	from benchmarks.svg import write_examples

	paths = write_examples(tmp_path)
	names = {p.name for p in paths}
	assert {
		"route_optimal_20picks.svg",
		"route_best_2blocks_20picks.svg",
		"route_best_3blocks_20picks.svg",
	} <= names
	assert "route_best_graph_12picks.svg" in names
	for p in paths:
		root = ET.fromstring(p.read_text())
		routes = [el for el in root.iter() if el.get("class") == "route"]
		assert len(routes) == 1, p.name
