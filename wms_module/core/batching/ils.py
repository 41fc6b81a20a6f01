"""Iterated local search (ILS) over batchings (after Henn et al. 2010).

Start from a given batching (by default the Clarke-Wright result), then:

1. *Local search* with two move types between batches of the same due key,
   first improvement, until no move improves the total route length:
	- **shift** an order from batch A to batch B (if B still fits);
	- **swap** an order of A with an order of B (if both still fit).
   A batch emptied by a shift disappears.
2. *Perturb* the current solution with ``perturbation`` random feasible swaps
   (a random shift when no swap fits), then run the local search again.
3. *Accept* the new local optimum only if it is shorter than the current one;
   otherwise go back to the current one. Repeat ``iterations`` times.

The random choices come from ``random.Random(seed)``, so the same input, seed
and iteration count give the same batches. ``time_limit`` (seconds) may stop
the search early; with it the result depends on machine speed.

The returned solution is never longer than the start: only improvements are
accepted and the start is the first incumbent.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence

from .model import (
	_EPS,
	BatchCost,
	BatchingResult,
	Capacity,
	Order,
	load_of,
	make_result,
	validate_orders,
)


class _Batch:
	__slots__ = ("orders", "locations", "load", "length")

	def __init__(self, orders: list[Order], cost: BatchCost) -> None:
		self.orders = orders
		self.locations = _union(orders)
		self.load = load_of(orders)
		self.length = cost.of_locations(self.locations)

	def copy(self) -> _Batch:
		new = _Batch.__new__(_Batch)
		new.orders = list(self.orders)
		new.locations = self.locations
		new.load = self.load
		new.length = self.length
		return new


def _union(orders: Sequence[Order]) -> frozenset:
	out: frozenset = frozenset()
	for o in orders:
		out = out | o.locations
	return out


def _without(batch: _Batch, o: Order) -> list[Order]:
	return [x for x in batch.orders if x is not o]


def iterated_local_search(
	start: BatchingResult,
	capacity: Capacity,
	cost: BatchCost,
	*,
	iterations: int = 30,
	perturbation: int = 2,
	seed: int = 0,
	time_limit: float | None = None,
) -> BatchingResult:
	"""Improve ``start`` by ILS; see the module docstring."""
	orders = [o for b in start.batches for o in b.orders]
	validate_orders(orders, capacity)
	rank = {o.order_id: i for i, o in enumerate(orders)}
	rng = random.Random(seed)
	deadline = None if time_limit is None else time.perf_counter() + time_limit
	groups: dict = {}
	for b in start.batches:
		groups.setdefault(b.due_key, []).append(_Batch(list(b.orders), cost))
	final: list[_Batch] = []
	for key in groups:
		current = groups[key]
		_local_search(current, capacity, cost, deadline)
		current_total = sum(b.length for b in current)
		if len(current) > 1:
			for _ in range(iterations):
				if deadline is not None and time.perf_counter() > deadline:
					break
				candidate = [b.copy() for b in current]
				_perturb(candidate, capacity, cost, rng, perturbation)
				_local_search(candidate, capacity, cost, deadline)
				total = sum(b.length for b in candidate)
				if total < current_total - _EPS:
					current, current_total = candidate, total
		final.extend(current)
	# keep the start if (through the time limit) nothing better was found
	groups_out = [sorted(b.orders, key=lambda o: rank[o.order_id]) for b in final if b.orders]
	groups_out.sort(key=lambda g: rank[g[0].order_id])
	result = make_result(f"ils({start.method})", groups_out, cost)
	if result.total_length > start.total_length + _EPS:
		return BatchingResult(
			method=result.method,
			batches=start.batches,
			total_length=start.total_length,
			route_evaluations=cost.calls,
		)
	return result


def _local_search(batches: list[_Batch], capacity: Capacity, cost: BatchCost, deadline) -> None:
	improved = True
	while improved:
		if deadline is not None and time.perf_counter() > deadline:
			return
		improved = _try_shift(batches, capacity, cost) or _try_swap(batches, capacity, cost)


def _try_shift(batches: list[_Batch], capacity: Capacity, cost: BatchCost) -> bool:
	for ai, a in enumerate(batches):
		for o in a.orders:
			o_load = load_of((o,))
			rest = _without(a, o)
			rest_locs = _union(rest)
			rest_len = cost.of_locations(rest_locs)
			for bi, b in enumerate(batches):
				if bi == ai or not capacity.fits(b.load + o_load):
					continue
				b_len = cost.of_locations(b.locations | o.locations)
				delta = rest_len + b_len - a.length - b.length
				if delta < -_EPS:
					_apply_shift(batches, ai, bi, o, cost)
					return True
	return False


def _apply_shift(batches: list[_Batch], ai: int, bi: int, o: Order, cost: BatchCost) -> None:
	a, b = batches[ai], batches[bi]
	new_a = _Batch(_without(a, o), cost)
	new_b = _Batch(b.orders + [o], cost)
	batches[bi] = new_b
	if new_a.orders:
		batches[ai] = new_a
	else:
		del batches[ai]


def _try_swap(batches: list[_Batch], capacity: Capacity, cost: BatchCost) -> bool:
	n = len(batches)
	for ai in range(n):
		a = batches[ai]
		for bi in range(ai + 1, n):
			b = batches[bi]
			for o in a.orders:
				o_load = load_of((o,))
				a_rest = _without(a, o)
				a_rest_load = a.load - o_load
				for p in b.orders:
					p_load = load_of((p,))
					if not capacity.fits(a_rest_load + p_load) or not capacity.fits(b.load - p_load + o_load):
						continue
					new_a_len = cost.of_locations(_union(a_rest) | p.locations)
					new_b_len = cost.of_locations(_union(_without(b, p)) | o.locations)
					delta = new_a_len + new_b_len - a.length - b.length
					if delta < -_EPS:
						batches[ai] = _Batch(a_rest + [p], cost)
						batches[bi] = _Batch(_without(b, p) + [o], cost)
						return True
	return False


def _perturb(batches: list[_Batch], capacity: Capacity, cost: BatchCost, rng: random.Random, k: int) -> None:
	for _ in range(k):
		if len(batches) < 2:
			return
		done = False
		for _attempt in range(20):
			ai, bi = rng.sample(range(len(batches)), 2)
			a, b = batches[ai], batches[bi]
			o = rng.choice(a.orders)
			p = rng.choice(b.orders)
			o_load, p_load = load_of((o,)), load_of((p,))
			if capacity.fits(a.load - o_load + p_load) and capacity.fits(b.load - p_load + o_load):
				batches[ai] = _Batch(_without(a, o) + [p], cost)
				batches[bi] = _Batch(_without(b, p) + [o], cost)
				done = True
				break
		if not done:
			for _attempt in range(20):
				ai, bi = rng.sample(range(len(batches)), 2)
				o = rng.choice(batches[ai].orders)
				if capacity.fits(batches[bi].load + load_of((o,))):
					_apply_shift(batches, ai, bi, o, cost)
					break
