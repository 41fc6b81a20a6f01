"""Order batching: invariants of every method, C&W(ii) merges, ILS, errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wms_module.core.batching import (
	BatchCost,
	Capacity,
	IlsOptions,
	Order,
	OrderLine,
	batch_orders,
	iterated_local_search,
	load_of,
	savings,
)
from wms_module.core.errors import InvalidInput

METHODS = ("fcfs", "seed", "savings", "ils")


def return_route_length(locations: frozenset) -> float:
	"""Length of a return-policy tour on a 10x45 layout, depot at aisle 0's front.

	A real (heuristic) route length, used so these tests do not depend on the
	routing package: walk the front cross aisle to the farthest aisle and back
	(3 m per aisle), entering each visited aisle up to its deepest pick and back.
	"""
	if not locations:
		return 0.0
	deepest: dict[int, int] = {}
	for aisle, bay in locations:
		deepest[aisle] = max(deepest.get(aisle, 0), bay)
	return 2 * 3.0 * max(deepest) + sum(2 * (bay + 1.0) for bay in deepest.values())


locations = st.tuples(st.integers(0, 9), st.integers(0, 44))


@st.composite
def instances(draw, max_orders: int = 14):
	n = draw(st.integers(1, max_orders))
	dims = draw(st.sets(st.sampled_from(["items", "volume", "weight", "totes"]), min_size=1))
	cap = Capacity(
		items=12 if "items" in dims else None,
		volume=10.0 if "volume" in dims else None,
		weight=25.0 if "weight" in dims else None,
		totes=3 if "totes" in dims else None,
	)
	n_keys = draw(st.integers(1, 3))
	orders = []
	for i in range(n):
		lines = draw(st.lists(st.builds(OrderLine, locations, st.integers(1, 3)), min_size=1, max_size=4))
		order = Order(
			f"SO-{i}",
			tuple(lines),
			volume=draw(st.floats(0.1, 10.0)),
			weight=draw(st.floats(0.0, 25.0)),
			totes=draw(st.integers(1, 3)),
			due_key=draw(st.integers(0, n_keys - 1)),
		)
		if cap.fits(load_of((order,))):
			orders.append(order)
	return orders, cap


@settings(max_examples=40, deadline=None)
@given(instances(), st.sampled_from(METHODS))
def test_every_method_gives_a_feasible_partition(instance, method):
	orders, cap = instance
	result = batch_orders(orders, cap, method=method, route_length=return_route_length, iterations=5)
	ids = [o.order_id for b in result.batches for o in b.orders]
	assert sorted(ids) == sorted(o.order_id for o in orders)  # each order in exactly one batch
	for b in result.batches:
		assert b.orders, "no empty batches"
		assert cap.fits(b.load), f"{b.order_ids} exceeds {cap}"
		assert len({o.due_key for o in b.orders}) == 1, f"{b.order_ids} mixes due keys"
		assert b.length == pytest.approx(return_route_length(b.locations))
	assert result.total_length == pytest.approx(sum(b.length for b in result.batches))


@settings(max_examples=40, deadline=None)
@given(instances(), st.sampled_from(["fcfs", "seed", "savings"]), st.integers(0, 5))
def test_ils_is_never_worse_than_its_start(instance, start_method, rseed):
	orders, cap = instance
	cost = BatchCost(return_route_length)
	start = batch_orders(orders, cap, method=start_method, cost=cost)
	improved = iterated_local_search(start, cap, cost, IlsOptions(iterations=5, seed=rseed))
	assert improved.total_length <= start.total_length + 1e-9
	for b in improved.batches:
		assert cap.fits(b.load)
		assert len({o.due_key for o in b.orders}) == 1


@settings(max_examples=40, deadline=None)
@given(instances())
def test_savings_merges_only_on_positive_recomputed_savings(instance):
	orders, cap = instance
	by_id = {o.order_id: o for o in orders}
	cost = BatchCost(return_route_length)
	result = savings(orders, cap, cost)

	def c(ids):
		return return_route_length(frozenset().union(*(by_id[i].locations for i in ids)))

	for m in result.merges:
		assert m.saving > 0
		# the saving is recomputed for the merged batches, not for the two seed orders
		assert m.saving == pytest.approx(c(m.left) + c(m.right) - c(m.left + m.right))
	# at the end no feasible pair of batches (same due key) would still save distance
	for i, a in enumerate(result.batches):
		for b in result.batches[i + 1 :]:
			if a.due_key == b.due_key and cap.fits(a.load + b.load):
				assert c(a.order_ids) + c(b.order_ids) - c(a.order_ids + b.order_ids) <= 1e-9
	assert len(result.batches) == len(orders) - len(result.merges)


def test_savings_merges_orders_in_the_same_aisle_and_keeps_far_ones_apart():
	near = [Order(f"A{i}", (OrderLine((0, 40 + i)),)) for i in range(3)]
	far = Order("B", (OrderLine((9, 40)),))
	result = batch_orders(near + [far], Capacity(items=3), method="savings", route_length=return_route_length)
	assert sorted(b.order_ids for b in result.batches) == [("A0", "A1", "A2"), ("B",)]


def test_fcfs_fills_batches_in_arrival_order():
	orders = [Order(f"SO-{i}", (OrderLine((i, 1), q),)) for i, q in enumerate([3, 3, 3, 2, 4])]
	result = batch_orders(orders, Capacity(items=6), method="fcfs", route_length=return_route_length)
	assert [b.order_ids for b in result.batches] == [("SO-0", "SO-1"), ("SO-2", "SO-3"), ("SO-4",)]


def test_seed_starts_from_the_farthest_order_and_adds_the_cheapest():
	orders = [
		Order("near", (OrderLine((0, 2)),)),
		Order("far", (OrderLine((8, 44)),)),
		Order("next-to-far", (OrderLine((8, 40)),)),
	]
	result = batch_orders(orders, Capacity(items=2), method="seed", route_length=return_route_length)
	assert [b.order_ids for b in result.batches] == [("far", "next-to-far"), ("near",)]


def test_ils_is_deterministic_for_a_seed():
	orders = [Order(f"SO-{i}", (OrderLine(((i * 7) % 10, (i * 13) % 45), 1 + i % 3),)) for i in range(30)]
	runs = [
		batch_orders(orders, Capacity(items=8), method="ils", route_length=return_route_length, random_seed=7)
		for _ in range(2)
	]
	assert [b.order_ids for b in runs[0].batches] == [b.order_ids for b in runs[1].batches]


def test_batches_never_mix_waves_even_when_merging_would_save():
	orders = [
		Order("wave1", (OrderLine((3, 20)),), due_key="W1"),
		Order("wave2", (OrderLine((3, 20)),), due_key="W2"),
	]
	for method in METHODS:
		result = batch_orders(orders, Capacity(items=10), method=method, route_length=return_route_length)
		assert sorted(b.order_ids for b in result.batches) == [("wave1",), ("wave2",)]


def test_an_order_larger_than_the_capacity_is_rejected_by_name():
	orders = [Order("SO-1", (OrderLine((0, 1), 2),)), Order("SO-BIG", (OrderLine((0, 2), 50),))]
	for method in METHODS:
		with pytest.raises(InvalidInput, match=r"SO-BIG.*items=50.*Capacity\(items=45\)"):
			batch_orders(orders, Capacity(items=45), method=method, route_length=return_route_length)


def test_volume_and_weight_limits_split_batches():
	orders = [Order(f"SO-{i}", (OrderLine((0, i)),), volume=4.0, weight=1.0) for i in range(3)]
	by_volume = batch_orders(orders, Capacity(volume=8.0), method="savings", route_length=return_route_length)
	assert sorted(len(b.orders) for b in by_volume.batches) == [1, 2]
	by_weight = batch_orders(orders, Capacity(weight=3.0), method="savings", route_length=return_route_length)
	assert [len(b.orders) for b in by_weight.batches] == [3]


def test_route_lengths_are_cached_per_location_set():
	calls = []

	def counting(locs):
		calls.append(locs)
		return return_route_length(locs)

	orders = [Order(f"SO-{i}", (OrderLine((i % 4, i % 7)),)) for i in range(12)]
	batch_orders(orders, Capacity(items=4), method="ils", route_length=counting, iterations=10)
	assert len(calls) == len(set(calls))


def test_duplicate_order_ids_are_rejected():
	orders = [Order("SO-1", (OrderLine((0, 1)),)), Order("SO-1", (OrderLine((0, 2)),))]
	with pytest.raises(InvalidInput, match="SO-1"):
		batch_orders(orders, Capacity(items=5), method="fcfs", route_length=return_route_length)


def test_ils_stops_at_its_evaluation_budget_and_keeps_the_best():
	orders = [Order(f"SO-{i}", (OrderLine(((i * 7) % 10, (i * 13) % 45), 1 + i % 3),)) for i in range(40)]
	cost = BatchCost(return_route_length)
	start = batch_orders(orders, Capacity(items=8), method="savings", cost=cost)
	before = cost.calls
	result = iterated_local_search(
		start, Capacity(items=8), cost, IlsOptions(iterations=1000, max_evaluations=50)
	)
	# the budget is checked between moves, so at most one move's evaluations overshoot it
	assert cost.calls - before <= 50 + 2 * len(orders)
	assert result.total_length <= start.total_length


@settings(max_examples=30, deadline=None)
@given(
	instances(),
	st.sampled_from(["longest_route", "most_items", "first"]),
	st.sampled_from(["min_extra_distance", "max_overlap", "min_added_aisles"]),
)
def test_every_seed_rule_gives_a_feasible_partition(instance, seed_rule, addition_rule):
	orders, cap = instance
	result = batch_orders(
		orders,
		cap,
		method="seed",
		seed_rule=seed_rule,
		addition_rule=addition_rule,
		route_length=return_route_length,
	)
	assert sorted(o.order_id for b in result.batches for o in b.orders) == sorted(o.order_id for o in orders)
	assert all(cap.fits(b.load) and len({o.due_key for o in b.orders}) == 1 for b in result.batches)


def test_min_added_aisles_prefers_orders_in_aisles_the_batch_already_visits():
	orders = [
		Order("far", (OrderLine((8, 44)),)),
		Order("other-aisle-near", (OrderLine((2, 1)),)),
		Order("same-aisle-front", (OrderLine((8, 0)),)),
	]
	result = batch_orders(
		orders,
		Capacity(items=2),
		method="seed",
		addition_rule="min_added_aisles",
		route_length=return_route_length,
	)
	assert [b.order_ids for b in result.batches] == [("far", "same-aisle-front"), ("other-aisle-near",)]


def test_ils_rejects_an_infeasible_start():
	from wms_module.core.batching import Batch, BatchingResult

	a = Order("SO-1", (OrderLine((0, 1), 3),))
	b = Order("SO-2", (OrderLine((0, 2), 3),))
	start = BatchingResult("hand-made", (Batch((a, b), 10.0),), 10.0)
	with pytest.raises(InvalidInput, match=r"\('SO-1', 'SO-2'\) exceeds Capacity\(items=4\)"):
		iterated_local_search(start, Capacity(items=4), BatchCost(return_route_length))


@pytest.mark.parametrize("module", ["wms_module.core.batching", "wms_module.core.batching.model"])
def test_docstring_examples_hold(module):
	import doctest
	import importlib

	result = doctest.testmod(importlib.import_module(module))
	assert result.attempted > 0 and result.failed == 0


def test_batching_on_a_layout_uses_exact_lengths_and_batches_as_the_full_router_does():
	"""make_route_length's length-only router gives the same batches and lengths as route()."""
	from wms_module.core.batching import make_route_length
	from wms_module.core.layout import PickLocation, WarehouseLayout
	from wms_module.core.routing import route

	layout = WarehouseLayout(n_aisles=10, bays_per_aisle=45, aisle_spacing=5.0)
	orders = [
		Order(
			f"SO-{i}",
			tuple(
				OrderLine(PickLocation((i * 7 + k * 3) % 10, (i * 13 + k * 11) % 45))
				for k in range(1 + i % 4)
			),
		)
		for i in range(25)
	]

	def full_route(locations):
		return route(layout, sorted(locations), method="optimal").length

	fast = make_route_length(layout, "optimal")
	for locs in (frozenset(), orders[3].locations, orders[3].locations | orders[17].locations):
		assert fast(locs) == pytest.approx(full_route(locs), abs=1e-9)
	for method in METHODS:
		a = batch_orders(orders, Capacity(items=6), method=method, layout=layout)
		b = batch_orders(orders, Capacity(items=6), method=method, route_length=full_route)
		assert [x.order_ids for x in a.batches] == [x.order_ids for x in b.batches]
		assert a.total_length == pytest.approx(b.total_length, abs=1e-6)


def test_batch_cost_below_answers_only_what_the_bound_needs():
	from wms_module.core.batching import make_route_length
	from wms_module.core.layout import PickLocation, WarehouseLayout

	layout = WarehouseLayout(n_aisles=10, bays_per_aisle=45, aisle_spacing=5.0)
	far = frozenset(PickLocation(a, 44) for a in range(0, 10, 3))
	exact = BatchCost(make_route_length(layout, "optimal"))
	plain = BatchCost(lambda locs: make_route_length(layout, "optimal")(locs))  # no length_below
	full = plain.of_locations(far)
	for cost in (exact, plain):
		assert cost.below(far, full / 3) is None
		assert cost.below(far, full + 1) == pytest.approx(full)
		assert cost.below(far, full) is None  # "below" is strict
		assert cost.of_locations(far) == pytest.approx(full)
	assert exact.calls == 2  # the bounded try, then the exact length; answered from caches after
