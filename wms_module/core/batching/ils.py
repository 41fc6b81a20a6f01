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
and iteration count give the same batches. Two budgets can stop the search
early: ``max_evaluations`` (new route lengths computed; deterministic) and
``time_limit`` (seconds; the result then depends on machine speed).

Moves are tried pair of batches by pair of batches; a pair found to have no
improving move is remembered by the contents of its two batches, so after a
perturbation only pairs involving the changed batches are searched again.
Moves are pruned with the removal gain ``c(B) - c(B - o)`` of the orders they
take out, which assumes adding picks never shortens a tour (true for optimal
routing). With a route function that breaks this, some improving moves may be
missed; the result stays feasible and never worse than the start.
A move's new route lengths are asked for with :meth:`BatchCost.below` and the threshold
that would make the move pay off, so the exact router stops its DP once its lower bound
proves the move useless; a swap whose one side is already known to be too long is skipped
without routing the other side.

The returned solution is never longer than the start: only improvements are
accepted and the start is the first incumbent.
"""

from __future__ import annotations

import itertools
import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from wms_module.core.errors import InvalidInput

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

_serials = itertools.count()
_NO_LOAD = (0, 0.0, 0.0, 0)


def _order_load(o: Order) -> tuple:
	return (o.items, o.volume, o.weight, o.totes)


class _Room:
	"""``Capacity.fits`` on plain ``(items, volume, weight, totes)`` tuples (no ``Load`` objects).

	``fits(base, plus, minus)`` checks ``base - minus + plus`` (added in that order, as
	``Load`` arithmetic would) against every limit that is set.
	"""

	__slots__ = ("items", "volume", "weight", "totes")

	def __init__(self, capacity: Capacity) -> None:
		inf = math.inf
		self.items = inf if capacity.items is None else capacity.items
		self.volume = inf if capacity.volume is None else capacity.volume + _EPS
		self.weight = inf if capacity.weight is None else capacity.weight + _EPS
		self.totes = inf if capacity.totes is None else capacity.totes

	def fits(self, base: tuple, plus: tuple, minus: tuple = _NO_LOAD) -> bool:
		return (
			base[0] - minus[0] + plus[0] <= self.items
			and base[1] - minus[1] + plus[1] <= self.volume
			and base[2] - minus[2] + plus[2] <= self.weight
			and base[3] - minus[3] + plus[3] <= self.totes
		)


class _Batch:
	"""An immutable batch during the search; ``serial`` identifies its content."""

	__slots__ = ("orders", "locations", "load", "length", "serial", "_gains", "_rests")

	def __init__(self, orders: list[Order], cost: BatchCost) -> None:
		self.orders = orders
		self.locations = _union(orders)
		items = totes = 0
		volume = weight = 0.0
		for o in orders:  # summed in order, like load_of
			items += o.items
			volume += o.volume
			weight += o.weight
			totes += o.totes
		self.load = (items, volume, weight, totes)
		self.length = cost.of_locations(self.locations)
		self.serial = next(_serials)
		self._gains: dict[str, float] = {}
		self._rests: dict[str, frozenset] = {}

	def rest(self, o: Order) -> frozenset:
		"""The batch's locations without ``o``."""
		r = self._rests.get(o.order_id)
		if r is None:
			r = self._rests[o.order_id] = _union(_without(self, o))
		return r

	def gain(self, o: Order, cost: BatchCost) -> float:
		"""How much shorter the batch gets without ``o`` (``c(B) - c(B - o)``)."""
		g = self._gains.get(o.order_id)
		if g is None:
			g = self._gains[o.order_id] = self.length - cost.of_locations(self.rest(o))
		return g


def _union(orders: Sequence[Order]) -> frozenset:
	out: frozenset = frozenset()
	for o in orders:
		out = out | o.locations
	return out


def _without(batch: _Batch, o: Order) -> list[Order]:
	return [x for x in batch.orders if x is not o]


@dataclass(frozen=True)
class IlsOptions:
	"""How long and how hard the search tries: rounds of perturb + improve, orders moved per
	perturbation, the random seed, and the budgets that stop it early (seconds, route lengths)."""

	iterations: int = 30
	perturbation: int = 2
	seed: int = 0
	time_limit: float | None = None
	max_evaluations: int | None = None


def iterated_local_search(
	start: BatchingResult, capacity: Capacity, cost: BatchCost, options: IlsOptions = IlsOptions()
) -> BatchingResult:
	"""Improve ``start`` by ILS; see the module docstring."""
	iterations, perturbation = options.iterations, options.perturbation
	orders = [o for b in start.batches for o in b.orders]
	validate_orders(orders, capacity)
	for b in start.batches:
		if not capacity.fits(load_of(b.orders)):
			raise InvalidInput(
				f"start batch {b.order_ids} exceeds {capacity.describe()}; expected a feasible start"
			)
		if len({o.due_key for o in b.orders}) > 1:
			raise InvalidInput(f"start batch {b.order_ids} mixes due keys; expected one due key per batch")
	rank = {o.order_id: i for i, o in enumerate(orders)}
	rng = random.Random(options.seed)
	deadline = _Budget(cost, options.time_limit, options.max_evaluations)
	groups: dict = {}
	for b in start.batches:
		groups.setdefault(b.due_key, []).append(_Batch(list(b.orders), cost))
	final: list[_Batch] = []
	clean: set[tuple[int, int]] = set()  # pairs of batch contents known to have no improving move
	room = _Room(capacity)
	for key in groups:
		current = groups[key]
		_local_search(current, room, cost, deadline, clean)
		current_total = sum(b.length for b in current)
		if len(current) > 1:
			for _ in range(iterations):
				if deadline.exhausted():
					break
				candidate = list(current)
				_perturb(candidate, room, cost, rng, perturbation)
				_local_search(candidate, room, cost, deadline, clean)
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


class _Budget:
	"""Stops the search after ``time_limit`` seconds or ``max_evaluations`` new route lengths."""

	def __init__(self, cost: BatchCost, time_limit: float | None, max_evaluations: int | None) -> None:
		self.cost = cost
		self.deadline = None if time_limit is None else time.perf_counter() + time_limit
		self.max_calls = None if max_evaluations is None else cost.calls + max_evaluations

	def exhausted(self) -> bool:
		if self.max_calls is not None and self.cost.calls >= self.max_calls:
			return True
		return self.deadline is not None and time.perf_counter() > self.deadline


def _local_search(
	batches: list[_Batch], room: _Room, cost: BatchCost, deadline: _Budget, clean: set[tuple[int, int]]
) -> None:
	"""First improvement over batch pairs until no pair has an improving shift or swap."""
	improved = True
	while improved:
		improved = False
		if deadline.exhausted():
			return
		n = len(batches)
		for i in range(n):
			for j in range(i + 1, n):
				a, b = batches[i], batches[j]
				key = (a.serial, b.serial) if a.serial < b.serial else (b.serial, a.serial)
				if key in clean:
					continue
				if deadline.exhausted():
					return
				if _improve_pair(batches, i, j, room, cost, deadline):
					improved = True
					break
				clean.add(key)
			if improved:
				break


# long: the local search's inner loop; shifts and swaps share its pruning state
def _improve_pair(
	batches: list[_Batch], i: int, j: int, room: _Room, cost: BatchCost, budget: _Budget
) -> bool:
	"""Apply the first improving shift (either way) or swap between batches i and j.

	Pruning uses that adding picks never shortens a tour (true for optimal
	routing): a move can only pay off if the orders it takes out of their
	batches shorten them (their removal gain).
	"""
	a, b = batches[i], batches[j]
	fits = room.fits
	below = cost.below
	cached = cost.cached
	for src, dst, si, di in ((a, b, i, j), (b, a, j, i)):
		dst_load = dst.load
		for o in src.orders:
			if budget.exhausted():
				return False
			g = src.gain(o, cost)
			if g <= _EPS or not fits(dst_load, _order_load(o)):
				continue
			new_len = below(dst.locations | o.locations, dst.length + g - _EPS)
			if new_len is not None and new_len - dst.length - g < -_EPS:
				_apply_shift(batches, si, di, o, cost)
				return True
	a_load, b_load = a.load, b.load
	b_orders = None
	for o in a.orders:
		if budget.exhausted():
			return False
		g_o = a.gain(o, cost)
		if b_orders is None:
			b_orders = [(p, b.gain(p, cost), _order_load(p)) for p in b.orders]
		o_load = _order_load(o)
		a_rest = None
		for p, g_p, p_load in b_orders:
			if g_o + g_p <= _EPS:
				continue
			if not fits(a_load, p_load, o_load) or not fits(b_load, o_load, p_load):
				continue
			if a_rest is None:
				a_rest = a.rest(o)
			# c(B - p + o) >= c(B) - g_p, so the swap cannot pay off unless c(A - o + p) is
			# below c(A) + g_p; likewise c(A - o + p) >= c(A) - g_o, so a B side already known
			# to be at least c(B) + g_o rules it out before the A side is routed
			new_a_locs = a_rest | p.locations
			new_b_locs = b.rest(p) | o.locations
			new_a_len = cached(new_a_locs)
			if new_a_len is None:
				new_b_len = cached(new_b_locs)
				if new_b_len is not None and new_b_len - b.length - g_o >= -_EPS:
					continue
				new_a_len = below(new_a_locs, a.length + g_p - _EPS)
				if new_a_len is None:
					continue
			if new_a_len - a.length - g_p >= -_EPS:
				continue
			new_b_len = below(new_b_locs, a.length + b.length - new_a_len - _EPS)
			if new_b_len is not None and new_a_len + new_b_len - a.length - b.length < -_EPS:
				batches[i] = _Batch(_without(a, o) + [p], cost)
				batches[j] = _Batch(_without(b, p) + [o], cost)
				return True
	return False


def _apply_shift(batches: list[_Batch], si: int, di: int, o: Order, cost: BatchCost) -> None:
	src, dst = batches[si], batches[di]
	new_src = _without(src, o)
	batches[di] = _Batch(dst.orders + [o], cost)
	if new_src:
		batches[si] = _Batch(new_src, cost)
	else:
		del batches[si]


def _perturb(batches: list[_Batch], room: _Room, cost: BatchCost, rng: random.Random, k: int) -> None:
	for _ in range(k):
		if len(batches) < 2:
			return
		done = False
		for _attempt in range(20):
			ai, bi = rng.sample(range(len(batches)), 2)
			a, b = batches[ai], batches[bi]
			o = rng.choice(a.orders)
			p = rng.choice(b.orders)
			o_load, p_load = _order_load(o), _order_load(p)
			if room.fits(a.load, p_load, o_load) and room.fits(b.load, o_load, p_load):
				batches[ai] = _Batch(_without(a, o) + [p], cost)
				batches[bi] = _Batch(_without(b, p) + [o], cost)
				done = True
				break
		if not done:
			for _attempt in range(20):
				ai, bi = rng.sample(range(len(batches)), 2)
				o = rng.choice(batches[ai].orders)
				if room.fits(batches[bi].load, _order_load(o)):
					_apply_shift(batches, ai, bi, o, cost)
					break
