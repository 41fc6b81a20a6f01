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
	Every pair of orders enters the queue: O(n^2) pairs, and in practice a large
	share of them routed (161k route evaluations for 500 orders).

Restricted savings (``neighbours=k``): the same C&W(ii), over neighbour pairs only
	Each order gets a list of its ``k`` nearest orders, found without any route
	evaluation (``neighbour_lists``). A saving model: a route length is close to
	``w_r * reach + w_d * sum of aisle depths + w_a * aisles visited`` (a return-policy
	tour is exactly that: walk to the farthest aisle, into each aisle as deep as its
	deepest pick); the weights are fitted by least squares to the orders' own route
	lengths (computed anyway), so the model is in the layout's units. Under it the
	saving of a pair is ``w_r * min(reach) + sum over shared aisles of
	(w_a + w_d * min(depth))``. Candidates come from an inverted index: per aisle, the
	orders picking in it sorted by depth; an order looks at the ``k`` orders on either
	side of its own depth in each of its aisles, plus the 2 nearest in a sort by mean
	aisle (so an order alone in its aisles still has partners), scores them by the
	model (shared aisles counted where found) and keeps the ``k`` best; the relation is
	made symmetric. Building the lists costs O(n L k + n L log n) for orders visiting
	L aisles, no route evaluations.
	Only neighbour pairs enter the lazy-bound queue (at most 2 n k). After a merge,
	the merged batch's candidates are the batches now holding its parts' neighbours
	(the union of the parts' lists) that it still fits with; if more than ``k``, only
	the ``k`` best by the model are queued (a batch's neighbourhood grows with every
	merge, so queueing all of it would be quadratic again). When the queue runs dry,
	the batches that still have room get fresh neighbour lists among themselves and
	the merging goes on; it stops after a round without a merge. Route evaluations
	grow with n k (about 11 per order for k = 20 on the benchmark waves), not n^2.
	With ``k >= n - 1`` every pair is a candidate and the result is exactly full
	C&W(ii)'s (same merges). ``neighbours="auto"`` is full C&W(ii) for due keys of up
	to ``AUTO_FULL_UP_TO`` orders and ``k = AUTO_NEIGHBOURS`` above.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
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

AUTO_FULL_UP_TO = 150
"""``neighbours="auto"``: due keys with at most this many orders get full C&W(ii) (0.13 s for 100
orders on the benchmark layout; its quadratic cost starts to show above a few hundred)."""
AUTO_NEIGHBOURS = 20
"""``neighbours="auto"``: the k of restricted savings for larger due keys (see docs/batching.md)."""


def auto_neighbours(neighbours: int | str | None, n: int) -> int | None:
	"""The ``k`` (None: all pairs) that ``neighbours`` means for a due key of ``n`` orders."""
	if neighbours == "auto":
		return None if n <= AUTO_FULL_UP_TO else AUTO_NEIGHBOURS
	return neighbours


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


def savings(
	orders: Sequence[Order], capacity: Capacity, cost: BatchCost, *, neighbours: int | str | None = None
) -> BatchingResult:
	"""Clarke-Wright savings, C&W(ii); records every merge with its saving.

	``neighbours=None``: every pair of orders is a candidate (quadratic). ``neighbours=k``:
	only pairs of neighbouring orders and batches (see the module docstring).
	``neighbours="auto"``: per due key, full C&W(ii) up to ``AUTO_FULL_UP_TO`` orders, else
	``k = AUTO_NEIGHBOURS``.
	"""
	if neighbours != "auto" and neighbours is not None:
		if isinstance(neighbours, bool) or not isinstance(neighbours, int) or neighbours < 1:
			raise InvalidInput(f"neighbours must be a positive integer, 'auto' or None, got {neighbours!r}")
	validate_orders(orders, capacity)
	batches: list[list[Order]] = []
	merges: list[Merge] = []
	for group in group_by_due_key(orders):
		batches.extend(_savings_group(group, capacity, cost, merges, auto_neighbours(neighbours, len(group))))
	name = "savings" if neighbours is None else f"savings[k={neighbours}]"
	return make_result(name, batches, cost, merges)


def _depth_of(loc) -> float:
	bay = getattr(loc, "bay", None)
	if bay is None and isinstance(loc, tuple) and len(loc) > 1:
		bay = loc[1]
	return float(bay) + 1.0 if isinstance(bay, int | float) and not isinstance(bay, bool) else 1.0


def _stable(aisle) -> tuple:
	"""A sort key for aisles of any type that does not depend on hashing."""
	if isinstance(aisle, int | float) and not isinstance(aisle, bool):
		return (0, aisle, "")
	return (1, 0, repr(aisle))


def _profile(locations: frozenset) -> list[tuple]:
	"""``[(aisle, deepest depth)]`` of a set of locations, in a stable aisle order."""
	deepest: dict = {}
	for loc in locations:
		aisle = _aisle_of(loc)
		d = _depth_of(loc)
		if d > deepest.get(aisle, 0.0):
			deepest[aisle] = d
	return sorted(deepest.items(), key=lambda p: _stable(p[0]))


def _numeric(x) -> bool:
	return isinstance(x, int | float) and not isinstance(x, bool)


def _features(profile: list[tuple]) -> tuple[float, float, float]:
	"""(reach: farthest numeric aisle + 1, sum of aisle depths, number of aisles) of a profile."""
	reach = max((a + 1.0 for a, _ in profile if _numeric(a)), default=0.0)
	return reach, sum(d for _, d in profile), float(len(profile))


def _weights(features: list[tuple], lengths: Sequence[float] | None) -> tuple[float, float, float]:
	"""Least-squares ``length ~ w . features`` over the given sets (weights clipped at 0).

	Route lengths of parallel-aisle tours are close to linear in these features (a return-policy
	tour is exactly: walk to the farthest aisle, into each aisle as deep as its deepest pick), so
	the fitted weights turn the features into the layout's units without knowing the layout.
	"""
	default = (1.0, 1.0, 1.0)
	if lengths is None or len(lengths) < 3:
		return default
	m = [[0.0] * 3 for _ in range(3)]
	v = [0.0] * 3
	for f, y in zip(features, lengths, strict=True):
		for r in range(3):
			v[r] += f[r] * y
			for c in range(3):
				m[r][c] += f[r] * f[c]
	# Gaussian elimination with partial pivoting on the 3x3 normal equations
	for c in range(3):
		p = max(range(c, 3), key=lambda r: abs(m[r][c]))
		if abs(m[p][c]) < 1e-9:
			return default
		m[c], m[p] = m[p], m[c]
		v[c], v[p] = v[p], v[c]
		for r in range(c + 1, 3):
			f = m[r][c] / m[c][c]
			for cc in range(c, 3):
				m[r][cc] -= f * m[c][cc]
			v[r] -= f * v[c]
	w = [0.0] * 3
	for r in (2, 1, 0):
		w[r] = (v[r] - sum(m[r][c] * w[c] for c in range(r + 1, 3))) / m[r][r]
	w = [max(0.0, x) for x in w]
	return (w[0], w[1], w[2]) if any(w) else default


def neighbour_lists(
	location_sets: Sequence[frozenset], k: int, lengths: Sequence[float] | None = None
) -> list[set[int]]:
	"""Symmetric neighbour sets (indices into ``location_sets``): each set's ``k`` best partners.

	No route evaluations; see "Restricted savings" in the module docstring. ``lengths`` (the
	sets' route lengths, when known) calibrate the score's weights. With
	``k >= len(location_sets) - 1`` every set neighbours every other.
	"""
	n = len(location_sets)
	if k >= n - 1:
		return [set(range(i)) | set(range(i + 1, n)) for i in range(n)]
	profiles = [_profile(locs) for locs in location_sets]
	features = [_features(p) for p in profiles]
	w_reach, w_depth, w_aisle = _weights(features, lengths)
	by_aisle: dict = {}
	for i, prof in enumerate(profiles):
		for aisle, depth in prof:
			by_aisle.setdefault(aisle, []).append((depth, i))
	for entries in by_aisle.values():
		entries.sort()

	def mean_aisle(i: int) -> float:
		numeric = [a for a, _ in profiles[i] if _numeric(a)]
		return sum(numeric) / len(numeric) if numeric else 0.0

	by_mean = sorted(range(n), key=lambda i: (mean_aisle(i), i))
	position = {i: p for p, i in enumerate(by_mean)}
	out: list[set[int]] = [set() for _ in range(n)]
	for i, prof in enumerate(profiles):
		# the saving of merging two tours under the fitted model: the shorter reach, and per shared
		# aisle the shallower depth and one aisle entry (only aisles where j is in i's window count)
		score: dict[int, float] = {}
		for aisle, depth in prof:
			entries = by_aisle[aisle]
			p = bisect_left(entries, (depth, i))
			for q in range(max(0, p - k), min(len(entries), p + k + 1)):
				d, j = entries[q]
				if j != i:
					score[j] = score.get(j, 0.0) + w_aisle + w_depth * min(depth, d)
		p = position[i]
		for q in range(max(0, p - 2), min(n, p + 3)):
			j = by_mean[q]
			if j != i:
				score.setdefault(j, 0.0)
		reach = features[i][0]
		for j in score:
			score[j] += w_reach * min(reach, features[j][0])
		for j in heapq.nsmallest(k, score, key=lambda j: (-score[j], j)):
			out[i].add(j)
			out[j].add(i)
	return out


def _shape(locations: frozenset) -> tuple[dict, float]:
	"""(aisle -> deepest depth, reach) of a set of locations."""
	prof = _profile(locations)
	return dict(prof), _features(prof)[0]


def _merge_shapes(a: tuple[dict, float], b: tuple[dict, float]) -> tuple[dict, float]:
	depths = dict(a[0])
	for aisle, d in b[0].items():
		if d > depths.get(aisle, 0.0):
			depths[aisle] = d
	return depths, max(a[1], b[1])


def _model_saving(a: tuple[dict, float], b: tuple[dict, float], weights: tuple) -> float:
	"""The saving of merging two tours under the fitted model (see ``neighbour_lists``)."""
	w_reach, w_depth, w_aisle = weights
	small, large = (a[0], b[0]) if len(a[0]) <= len(b[0]) else (b[0], a[0])
	total = w_reach * min(a[1], b[1])
	for aisle, d in small.items():
		other = large.get(aisle)
		if other is not None:
			total += w_aisle + w_depth * min(d, other)
	return total


def _open_batches(live: dict, capacity: Capacity) -> list[int]:
	"""Ids of the live batches that could still take the smallest load of any other batch."""
	loads = [v[2] for v in live.values()]
	smallest = Load(
		min(x.items for x in loads),
		min(x.volume for x in loads),
		min(x.weight for x in loads),
		min(x.totes for x in loads),
	)
	return sorted(b for b, v in live.items() if capacity.fits(v[2] + smallest))


# long: C&W(ii)'s lazy queue, with the neighbour bookkeeping of the restricted variant
def _savings_group(
	group: list[Order], capacity: Capacity, cost: BatchCost, merges: list[Merge], neighbours: int | None
):
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

	if neighbours is None:
		near = None
		for x in range(len(group)):
			for y in range(x + 1, len(group)):
				push_pair(x, y)
	else:
		# batch id -> indices of the orders neighbouring it (not its own); order index -> its batch id
		near = dict(
			enumerate(
				neighbour_lists(
					[o.locations for o in group], neighbours, [live[i][3] for i in range(len(group))]
				)
			)
		)
		owner = list(range(len(group)))
		# the fitted saving model of neighbour_lists, to rank a merged batch's partners
		weights = _weights([_features(_profile(o.locations)) for o in group], [v[3] for v in live.values()])
		shape = {i: _shape(o.locations) for i, o in enumerate(group)}
		for x in range(len(group)):
			for y in sorted(near[x]):
				if y > x:
					push_pair(x, y)
	while True:
		merged_any = False
		while heap:
			neg_value, is_bound, i, j = heapq.heappop(heap)
			if i not in live or j not in live:
				continue
			if is_bound:
				saving = live[i][3] + live[j][3] - cost.of_locations(live[i][1] | live[j][1])
				if saving > _EPS:
					heapq.heappush(heap, (-saving, 0, i, j))
				continue
			merged_any = True
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
			if near is None:
				partners = [m for m in live if m != k]
			else:
				members = [rank[o.order_id] for o in merged]
				for x in members:
					owner[x] = k
				near[k] = (near.pop(i) | near.pop(j)).difference(members)
				shape[k] = _merge_shapes(shape.pop(i), shape.pop(j))
				room = live[k][2]
				partners = sorted(
					{m for m in {owner[x] for x in near[k]} if capacity.fits(room + live[m][2])}
				)
				if len(partners) > neighbours:
					# only the merged batch's best partners by the model (a batch's neighbourhood
					# grows with every merge; routing pairs with all of it would be quadratic again)
					ranked = {m: _model_saving(shape[k], shape[m], weights) for m in partners}
					partners = sorted(heapq.nsmallest(neighbours, partners, key=lambda m: (-ranked[m], m)))
			for m in partners:
				push_pair(m, k)
		if near is None or not merged_any:
			break
		# Restricted: a batch whose neighbours all filled up may still fit with batches it never
		# met. Pair the batches that still have room among themselves by fresh neighbour lists
		# and go on; stop after a round without a merge (full C&W(ii) would have no such pair).
		open_ids = _open_batches(live, capacity)
		if len(open_ids) < 2:
			break
		fresh = neighbour_lists([live[b][1] for b in open_ids], neighbours, [live[b][3] for b in open_ids])
		for x, b in enumerate(open_ids):
			for y in sorted(fresh[x]):
				if y > x:
					push_pair(b, open_ids[y])
	return [v[0] for v in sorted(live.values(), key=lambda v: rank[v[0][0].order_id])]
