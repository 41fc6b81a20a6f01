"""Restricted savings (C&W(ii) over each order's k nearest orders) and the app's wave options."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wms_module.core.batching import (
	AUTO_FULL_UP_TO,
	AUTO_NEIGHBOURS,
	WAVE_OPTIONS,
	BatchCost,
	Capacity,
	Order,
	OrderLine,
	auto_neighbours,
	batch_orders,
	neighbour_lists,
	savings,
)
from wms_module.core.errors import InvalidInput

from .test_batching import instances, return_route_length


def _check_partition(orders, cap, result):
	ids = [o.order_id for b in result.batches for o in b.orders]
	assert sorted(ids) == sorted(o.order_id for o in orders)  # every order exactly once
	for b in result.batches:
		assert cap.fits(b.load)
		assert len({o.due_key for o in b.orders}) == 1


@settings(max_examples=60, deadline=None)
@given(instances(max_orders=24), st.integers(1, 6), st.sampled_from(["savings", "ils"]))
def test_restricted_savings_gives_a_feasible_partition(instance, k, method):
	orders, cap = instance
	result = batch_orders(orders, cap, method=method, route_length=return_route_length, neighbours=k)
	_check_partition(orders, cap, result)


@settings(max_examples=40, deadline=None)
@given(instances(max_orders=16), st.integers(0, 3))
def test_with_k_at_least_n_minus_1_it_is_full_savings(instance, extra):
	orders, cap = instance
	k = max(1, len(orders) - 1 + extra)
	full = savings(orders, cap, BatchCost(return_route_length))
	restricted = savings(orders, cap, BatchCost(return_route_length), neighbours=k)
	assert [b.order_ids for b in restricted.batches] == [b.order_ids for b in full.batches]
	assert restricted.merges == full.merges


def _orders(n: int, seed: int) -> list[Order]:
	rng = random.Random(seed)
	return [
		Order(
			f"SO-{i:04d}",
			tuple(OrderLine((rng.randrange(10), rng.randrange(45)), 1) for _ in range(rng.randint(2, 6))),
		)
		for i in range(n)
	]


def _evaluations(n: int, **kwargs) -> int:
	calls = 0

	def counting(locations):
		nonlocal calls
		calls += 1
		return return_route_length(locations)

	result = batch_orders(_orders(n, seed=n), Capacity(items=24), route_length=counting, **kwargs)
	assert result.route_evaluations == calls
	return calls


def test_restricted_savings_route_evaluations_grow_far_below_quadratically():
	# 4x the orders: quadratic would be 16x the route evaluations
	small = _evaluations(200, method="savings", neighbours=10)
	large = _evaluations(800, method="savings", neighbours=10)
	assert large / small < 8, (small, large)
	full_small = _evaluations(200, method="savings")
	assert small < full_small / 2  # and it routes far fewer pairs than full C&W(ii) already at 200


def test_neighbour_lists_are_symmetric_and_hold_at_least_k_others():
	orders = _orders(300, seed=1)
	near = neighbour_lists([o.locations for o in orders], 8)
	for i, s in enumerate(near):
		assert i not in s
		assert len(s) >= 8
		assert all(i in near[j] for j in s)


def test_an_order_sharing_no_aisle_with_anyone_still_gets_neighbours():
	lonely = Order("LONE", (OrderLine((9, 3), 1),))
	others = [Order(f"SO-{i}", (OrderLine((i % 3, i), 1),)) for i in range(30)]
	near = neighbour_lists([o.locations for o in [*others, lonely]], 3)
	assert near[30]


def test_auto_is_full_savings_for_small_due_keys_and_k_for_large_ones():
	assert auto_neighbours("auto", AUTO_FULL_UP_TO) is None
	assert auto_neighbours("auto", AUTO_FULL_UP_TO + 1) == AUTO_NEIGHBOURS
	assert auto_neighbours(7, 10_000) == 7
	assert auto_neighbours(None, 10_000) is None
	orders = _orders(40, seed=3)
	cap = Capacity(items=24)
	full = batch_orders(orders, cap, method="savings", route_length=return_route_length)
	auto = batch_orders(orders, cap, method="savings", route_length=return_route_length, neighbours="auto")
	assert [b.order_ids for b in auto.batches] == [b.order_ids for b in full.batches]


def test_the_wave_options_batch_feasibly_and_deterministically():
	orders = _orders(AUTO_FULL_UP_TO + 50, seed=4)
	cap = Capacity(items=24)
	runs = [
		batch_orders(orders, cap, method="ils", route_length=return_route_length, **WAVE_OPTIONS)
		for _ in range(2)
	]
	_check_partition(orders, cap, runs[0])
	assert [b.order_ids for b in runs[0].batches] == [b.order_ids for b in runs[1].batches]


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "all"])
def test_a_bad_neighbour_count_is_rejected(bad):
	with pytest.raises(InvalidInput, match="neighbours"):
		batch_orders(
			_orders(5, seed=0),
			Capacity(items=24),
			method="savings",
			route_length=return_route_length,
			neighbours=bad,
		)


def test_wms_settings_offers_the_core_methods_and_defaults_to_the_core_default():
	import json
	from pathlib import Path

	from wms_module.core.batching import DEFAULT_METHOD, METHODS

	path = (
		Path(__file__).resolve().parents[2] / "wms_module/wms_module/doctype/wms_settings/wms_settings.json"
	)
	field = next(f for f in json.loads(path.read_text())["fields"] if f.get("fieldname") == "batching_method")
	assert field["default"] == DEFAULT_METHOD
	assert set(field["options"].split("\n")) == set(METHODS)
