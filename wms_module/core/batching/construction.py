"""Construction heuristics: FCFS, seed batching, Clarke-Wright savings (C&W(ii)).

All three work one due key (wave) at a time, so a batch never mixes keys, and
keep orders within a batch in input order.

FCFS
	Orders in input (arrival) order; the current batch takes the next order while
	it fits, otherwise it is closed and a new one opened (next fit).

Seed (de Koster et al. 1999; Ho & Tseng 2006)
	Repeat until every order is batched: pick a *seed* among the unbatched orders,
	then keep adding the best unbatched order that still fits until none fits.

	Seed selection rules (``seed_rule``):
		``"longest_route"`` (default) the order whose own route is longest (it reaches
		the farthest corner, so nearby orders can join it),
		``"most_items"`` the order with the most items,
		``"first"`` the earliest order (arrival order).
	Order addition rules (``addition_rule``):
		``"min_extra_distance"`` (default) the order that lengthens the batch's route
		least, ``c(B + o) - c(B)``,
		``"max_overlap"`` the order sharing the most pick locations with the batch
		(ties broken by the smaller extra distance),
		``"min_added_aisles"`` the order that adds the fewest aisles the batch does not
		visit yet (de Koster et al. 1999); it needs no route evaluations, so it scales
		to large waves. A location's aisle is its ``aisle`` attribute, or the first
		element of a tuple, or the location itself.
	Remaining ties go to the earliest order.

Clarke-Wright savings, variant (ii) (de Koster et al. 1999)
	Start with one batch per order. The saving of merging batches A and B is
	``c(A) + c(B) - c(A + B)``. Merge the feasible pair with the largest positive
	saving, then recompute the savings of the merged batch with every other batch
	(C&W(ii): savings are recomputed after every merge, unlike C&W(i) which ranks
	the order pairs once). Stop when no feasible pair has a positive saving.
	Savings are evaluated lazily: ``min(c(A), c(B))`` bounds a pair's saving, so
	a pair is routed only when its bound reaches the top of the priority queue.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from wms_module.core.errors import InvalidInput

from .model import (
	_EPS,
	BatchCost,
	BatchingResult,
	Capacity,
	Load,
	Merge,
	Order,
	group_by_due_key,
	load_of,
	make_result,
	validate_orders,
)

SEED_RULES = ("longest_route", "most_items", "first")
ADDITION_RULES = ("min_extra_distance", "max_overlap", "min_added_aisles")


def fcfs(orders: Sequence[Order], capacity: Capacity, cost: BatchCost) -> BatchingResult:
	"""First come, first served (next fit) per due key."""
	validate_orders(orders, capacity)
	batches: list[list[Order]] = []
	for group in group_by_due_key(orders):
		current: list[Order] = []
		load = Load()
		for o in group:
			new_load = load + load_of((o,))
			if current and not capacity.fits(new_load):
				batches.append(current)
				current, new_load = [], load_of((o,))
			current.append(o)
			load = new_load
		if current:
			batches.append(current)
	return make_result("fcfs", batches, cost)


def seed(
	orders: Sequence[Order],
	capacity: Capacity,
	cost: BatchCost,
	*,
	seed_rule: str = "longest_route",
	addition_rule: str = "min_extra_distance",
) -> BatchingResult:
	"""Seed batching; rules are described in the module docstring."""
	if seed_rule not in SEED_RULES:
		raise InvalidInput(f"seed_rule must be one of {SEED_RULES}, got {seed_rule!r}")
	if addition_rule not in ADDITION_RULES:
		raise InvalidInput(f"addition_rule must be one of {ADDITION_RULES}, got {addition_rule!r}")
	validate_orders(orders, capacity)
	batches: list[list[Order]] = []
	for group in group_by_due_key(orders):
		rank = {o.order_id: i for i, o in enumerate(group)}
		aisles = {o.order_id: _aisles(o) for o in group}
		open_orders = list(group)
		while open_orders:
			s = _pick_seed(open_orders, cost, seed_rule)
			open_orders.remove(s)
			batch = [s]
			locations = s.locations
			visited = aisles[s.order_id]
			load = load_of(batch)
			length = cost.of_locations(locations)
			while True:
				best = None
				best_key = None
				for o in open_orders:
					new_load = load + load_of((o,))
					if not capacity.fits(new_load):
						continue
					if addition_rule == "min_added_aisles":
						key = (len(aisles[o.order_id] - visited), rank[o.order_id])
					elif addition_rule == "max_overlap":
						extra = cost.of_locations(locations | o.locations) - length
						key = (-len(locations & o.locations), extra, rank[o.order_id])
					else:
						extra = cost.of_locations(locations | o.locations) - length
						key = (extra, rank[o.order_id])
					if best_key is None or key < best_key:
						best, best_key = o, key
				if best is None:
					break
				open_orders.remove(best)
				batch.append(best)
				visited = visited | aisles[best.order_id]
				locations = locations | best.locations
				load = load + load_of((best,))
				length = cost.of_locations(locations)
			batch.sort(key=lambda o: rank[o.order_id])
			batches.append(batch)
	return make_result(f"seed[{seed_rule},{addition_rule}]", batches, cost)


def _aisle_of(loc):
	aisle = getattr(loc, "aisle", None)
	if aisle is not None:
		return aisle
	if isinstance(loc, tuple) and loc:
		return loc[0]
	return loc


def _aisles(o: Order) -> frozenset:
	return frozenset(_aisle_of(loc) for loc in o.locations)


def _pick_seed(open_orders: list[Order], cost: BatchCost, rule: str) -> Order:
	if rule == "first":
		return open_orders[0]
	if rule == "most_items":
		return max(enumerate(open_orders), key=lambda p: (p[1].items, -p[0]))[1]
	return max(enumerate(open_orders), key=lambda p: (cost.of_locations(p[1].locations), -p[0]))[1]


def savings(orders: Sequence[Order], capacity: Capacity, cost: BatchCost) -> BatchingResult:
	"""Clarke-Wright savings, C&W(ii); records every merge with its saving."""
	validate_orders(orders, capacity)
	batches: list[list[Order]] = []
	merges: list[Merge] = []
	for group in group_by_due_key(orders):
		batches.extend(_savings_group(group, capacity, cost, merges))
	return make_result("savings", batches, cost, merges)


def _savings_group(group: list[Order], capacity: Capacity, cost: BatchCost, merges: list[Merge]):
	rank = {o.order_id: i for i, o in enumerate(group)}
	# live batches: id -> (orders, locations, load, length)
	live: dict[int, tuple[list[Order], frozenset, Load, float]] = {}
	for i, o in enumerate(group):
		live[i] = ([o], o.locations, load_of((o,)), cost.of_locations(o.locations))
	next_id = len(group)
	# Heap entries (-value, exact?, i, j). A pair enters with the upper bound
	# min(c(A), c(B)) on its saving (a merged tour is never shorter than either
	# part) and is evaluated only when it reaches the top; an exact entry on top
	# is therefore a largest saving. This gives C&W(ii)'s merges while skipping
	# route evaluations for pairs that can never be the best.
	heap: list[tuple[float, int, int, int]] = []

	def push_pair(i: int, j: int) -> None:
		_, _, di, ci = live[i]
		_, _, dj, cj = live[j]
		if not capacity.fits(di + dj):
			return
		bound = min(ci, cj)
		if bound > _EPS:
			a, b = (i, j) if i < j else (j, i)
			heapq.heappush(heap, (-bound, 1, a, b))

	ids = list(live)
	for x in range(len(ids)):
		for y in range(x + 1, len(ids)):
			push_pair(ids[x], ids[y])
	while heap:
		neg_value, is_bound, i, j = heapq.heappop(heap)
		if i not in live or j not in live:
			continue
		if is_bound:
			saving = live[i][3] + live[j][3] - cost.of_locations(live[i][1] | live[j][1])
			if saving > _EPS:
				heapq.heappush(heap, (-saving, 0, i, j))
			continue
		oi, li, di, ci = live.pop(i)
		oj, lj, dj, cj = live.pop(j)
		merged = sorted(oi + oj, key=lambda o: rank[o.order_id])
		locs = li | lj
		merges.append(
			Merge(
				left=tuple(o.order_id for o in oi),
				right=tuple(o.order_id for o in oj),
				saving=-neg_value,
			)
		)
		k = next_id
		next_id += 1
		live[k] = (merged, locs, di + dj, cost.of_locations(locs))
		for m in list(live):
			if m != k:
				push_pair(m, k)
	return [v[0] for v in sorted(live.values(), key=lambda v: rank[v[0][0].order_id])]
