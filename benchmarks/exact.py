"""Exact order batching by set partitioning, solved as a MILP with HiGHS.

Every feasible batch (a subset of orders with one due key that fits the
capacity) is a column; its cost is the batch's route length from the given
:class:`~wms_module.core.batching.BatchCost` (optimal routing in the
benchmark). The MILP picks columns so that every order is covered exactly
once at minimum total length::

	min  sum_b c_b x_b   s.t.  sum_{b contains o} x_b = 1  for every order o,  x_b in {0, 1}

plus one valid cut per due key: the batches of a key number at least its total load divided by
the capacity (rounded up), in every limited dimension. It does not change the optimum but
tightens the LP relaxation a lot (20 orders: one instance went from 45 s to 3 s in HiGHS).

Feasible batches are enumerated by depth-first search over orders in input
order; since all loads are non-negative, a subset of a feasible batch is
feasible, so a subset that does not fit is never extended.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csc_array

from wms_module.core.batching import BatchCost, BatchingResult, Capacity, Load, Order, load_of
from wms_module.core.batching.model import group_by_due_key, make_result, validate_orders


def feasible_batches(
	orders: Sequence[Order], capacity: Capacity, *, limit: int = 500_000
) -> list[tuple[int, ...]]:
	"""Index tuples of every feasible batch (non-empty, one due key, within capacity)."""
	index = {o.order_id: i for i, o in enumerate(orders)}
	loads = [load_of((o,)) for o in orders]
	out: list[tuple[int, ...]] = []
	for group in group_by_due_key(orders):
		idx = [index[o.order_id] for o in group]

		def extend(start: int, chosen: list[int], load: Load, idx: list[int] = idx) -> None:
			for pos in range(start, len(idx)):
				i = idx[pos]
				new_load = load + loads[i]
				if not capacity.fits(new_load):
					continue
				chosen.append(i)
				out.append(tuple(chosen))
				if len(out) > limit:
					raise ValueError(
						f"more than {limit} feasible batches; instance too large for set partitioning"
					)
				extend(pos + 1, chosen, new_load)
				chosen.pop()

		extend(0, [], Load())
	return out


def optimal_batching(
	orders: Sequence[Order],
	capacity: Capacity,
	cost: BatchCost,
	*,
	time_limit: float | None = None,
) -> BatchingResult:
	"""The minimum-total-length batching (method ``"milp"``)."""
	orders = list(orders)
	validate_orders(orders, capacity)
	columns = feasible_batches(orders, capacity)
	c = np.array([cost.of(orders[i] for i in col) for col in columns], dtype=float)
	rows = np.fromiter((i for col in columns for i in col), dtype=np.int64)
	cols = np.fromiter((j for j, col in enumerate(columns) for _ in col), dtype=np.int64)
	a = csc_array((np.ones(len(rows)), (rows, cols)), shape=(len(orders), len(columns)))
	constraints = [LinearConstraint(a, lb=1, ub=1)]
	cut = _batch_count_cut(orders, capacity, columns)
	if cut is not None:
		constraints.append(cut)
	options = {"disp": False}
	if time_limit is not None:
		options["time_limit"] = time_limit
	res = milp(
		c,
		constraints=constraints,
		integrality=np.ones(len(columns)),
		bounds=Bounds(0, 1),
		options=options,
	)
	if res.x is None or res.status != 0:
		raise RuntimeError(
			f"set-partitioning MILP did not solve to optimality: status {res.status}, {res.message}"
		)
	chosen = [columns[j] for j in np.flatnonzero(res.x > 0.5)]
	groups = sorted(([orders[i] for i in col] for col in chosen), key=lambda g: orders.index(g[0]))
	return make_result("milp", groups, cost)


def min_batches(orders: Sequence[Order], capacity: Capacity) -> int:
	"""A lower bound on the number of batches of ``orders``: total load / capacity, rounded up."""
	load = load_of(orders)
	best = 1 if orders else 0
	for name in ("items", "volume", "weight", "totes"):
		limit = getattr(capacity, name)
		if limit is not None:
			best = max(best, math.ceil(getattr(load, name) / limit - 1e-9))
	return best


def _batch_count_cut(orders: list[Order], capacity: Capacity, columns) -> LinearConstraint | None:
	"""``sum of x_b over a due key's columns >= min_batches(that key's orders)``, one row per key."""
	key_row: dict = {}
	bounds = []
	for group in group_by_due_key(orders):
		key_row[group[0].due_key] = len(bounds)
		bounds.append(min_batches(group, capacity))
	if max(bounds, default=0) <= 1:
		return None
	rows = np.array([key_row[orders[col[0]].due_key] for col in columns], dtype=np.int64)
	a = csc_array((np.ones(len(columns)), (rows, np.arange(len(columns)))), shape=(len(bounds), len(columns)))
	return LinearConstraint(a, lb=np.array(bounds, dtype=float), ub=np.inf)


def held_karp(layout, locations) -> float:
	"""Shortest closed tour depot -> every location -> depot on any layout (Held-Karp DP).

	The exact reference for layouts without an exact router (free graphs); O(2^n n^2), so
	only for small pick lists (the benchmark uses 10). Distances are ``layout.distance``
	(shortest walks), the metric every router uses.
	"""
	locs = list(dict.fromkeys(locations))
	n = len(locs)
	if n == 0:
		return 0.0
	pts = [layout.depot, *locs]
	d = [[layout.distance(a, b) for b in pts] for a in pts]
	inf = float("inf")
	best = [[inf] * n for _ in range(1 << n)]
	for j in range(n):
		best[1 << j][j] = d[0][j + 1]
	for mask in range(1, 1 << n):
		row = best[mask]
		for j in range(n):
			cost = row[j]
			if cost == inf:
				continue
			dj = d[j + 1]
			for m in range(n):
				bit = 1 << m
				if mask & bit:
					continue
				v = cost + dj[m + 1]
				nxt = best[mask | bit]
				if v < nxt[m]:
					nxt[m] = v
	full = best[(1 << n) - 1]
	return min(full[j] + d[j + 1][0] for j in range(n))
