"""Order batching: group customer orders into picker tours of bounded size.

Methods (all respect capacity and never mix due keys / waves in one batch):

- ``"fcfs"``     first come, first served (next fit in arrival order)
- ``"seed"``     seed selection + order addition rules (see ``construction``)
- ``"savings"``  Clarke-Wright savings, C&W(ii): savings recomputed after each merge;
                 with ``neighbours=k`` only over each order's k nearest orders (sub-quadratic)
- ``"ils"``      iterated local search (shift/swap moves, random perturbation)
                 started from ``start`` (default: the savings solution)

The cost of a batch is the length of a picker route through its pick
locations, computed by a routing function passed in (``route_length``) or,
by default, by the optimal router of ``wms_module.core.routing`` on ``layout``.
Route lengths are cached per frozenset of locations.

>>> orders = [Order(f"SO-{i}", (OrderLine(i % 3, 2),)) for i in range(4)]
>>> result = batch_orders(orders, Capacity(items=4), method="fcfs", route_length=lambda locs: 10.0 * len(locs))
>>> [b.order_ids for b in result.batches]
[('SO-0', 'SO-1'), ('SO-2', 'SO-3')]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from wms_module.core.errors import InvalidInput

from .construction import (
	ADDITION_RULES,
	AUTO_FULL_UP_TO,
	AUTO_NEIGHBOURS,
	SEED_RULES,
	auto_neighbours,
	fcfs,
	neighbour_lists,
	savings,
	seed,
)
from .ils import IlsOptions, iterated_local_search
from .model import Batch, BatchCost, BatchingResult, Capacity, Load, Merge, Order, OrderLine, load_of

METHODS = ("fcfs", "seed", "savings", "ils")

DEFAULT_METHOD = "ils"
"""WMS Settings' default batching method (``OutboundSettings.batching_method``)."""

WAVE_OPTIONS: dict = {"neighbours": "auto", "iterations": 100, "max_evaluations": 6000}
"""The options the app batches every wave with, whatever the method (``services.tours.plan_tours``);
the wave benchmark uses this same dict. Chosen from the measurements in docs/batching.md:
restricted savings above ``AUTO_FULL_UP_TO`` orders, ILS bounded by route evaluations
(deterministic), 100 rounds where that budget allows."""


def location_sort_key(loc) -> tuple:
	"""A deterministic order for pick locations (aisle, bay when they have them)."""
	aisle = getattr(loc, "aisle", None)
	bay = getattr(loc, "bay", None)
	if aisle is not None and bay is not None:
		return (0, getattr(loc, "block", 0) or 0, aisle, bay, repr(loc))
	return (1, 0, 0, 0, repr(loc))


def make_route_length(layout, method: str = "optimal") -> Callable[[frozenset], float]:
	"""``locations -> route length`` on ``layout`` using ``wms_module.core.routing.route``.

	For the exact router (``"optimal"``, or ``"best"`` where it is exact) this is the routing
	package's length-only solver: the same lengths, without building sequences and paths, memoised
	by the few per-aisle numbers the length depends on.
	"""
	from wms_module.core.routing import length_function, route  # lazily: routing is its own package

	fast = length_function(layout, method)
	if fast is not None:
		return fast

	def route_length(locations: frozenset) -> float:
		if not locations:
			return 0.0
		try:
			ordered = sorted(locations)  # PickLocation orders by (aisle, bay)
		except TypeError:
			ordered = sorted(locations, key=location_sort_key)
		return float(route(layout, ordered, method=method).length)

	return route_length


# many parameters: the batching API's keyword options, each with its default (WMS Settings and the benchmarks set them)
def batch_orders(
	orders: Sequence[Order],
	capacity: Capacity,
	*,
	method: str = "ils",
	layout=None,
	routing_method: str = "optimal",
	route_length: Callable[[frozenset], float] | None = None,
	cost: BatchCost | None = None,
	start: str = "savings",
	seed_rule: str = "longest_route",
	addition_rule: str = "min_extra_distance",
	iterations: int = 30,
	perturbation: int = 2,
	random_seed: int = 0,
	time_limit: float | None = None,
	max_evaluations: int | None = None,
	neighbours: int | str | None = None,
) -> BatchingResult:
	"""Batch ``orders`` under ``capacity`` with ``method``.

	Give one of ``cost`` (a shared :class:`BatchCost`, to reuse its cache),
	``route_length`` (``frozenset of locations -> length``) or ``layout`` (the
	routing package's ``route(layout, ..., method=routing_method)`` is used).
	``neighbours`` restricts the savings (also as ILS's start) to each order's nearest
	orders; ``None`` compares every pair, ``"auto"`` only for due keys of up to
	``AUTO_FULL_UP_TO`` orders. The app batches with ``WAVE_OPTIONS``.
	"""
	if method not in METHODS:
		raise InvalidInput(f"method must be one of {METHODS}, got {method!r}")
	if cost is None:
		if route_length is None:
			if layout is None:
				raise InvalidInput("batch_orders needs a layout, a route_length function or a BatchCost")
			route_length = make_route_length(layout, routing_method)
		cost = BatchCost(route_length)
	orders = list(orders)
	if method == "fcfs":
		return fcfs(orders, capacity, cost)
	if method == "seed":
		return seed(orders, capacity, cost, seed_rule=seed_rule, addition_rule=addition_rule)
	if method == "savings":
		return savings(orders, capacity, cost, neighbours=neighbours)
	if start not in ("fcfs", "seed", "savings"):
		raise InvalidInput(f"start must be one of ('fcfs', 'seed', 'savings'), got {start!r}")
	first = batch_orders(
		orders,
		capacity,
		method=start,
		cost=cost,
		seed_rule=seed_rule,
		addition_rule=addition_rule,
		neighbours=neighbours,
	)
	return iterated_local_search(
		first,
		capacity,
		cost,
		IlsOptions(iterations, perturbation, random_seed, time_limit, max_evaluations),
	)


__all__ = [
	"ADDITION_RULES",
	"AUTO_FULL_UP_TO",
	"AUTO_NEIGHBOURS",
	"DEFAULT_METHOD",
	"WAVE_OPTIONS",
	"auto_neighbours",
	"METHODS",
	"SEED_RULES",
	"Batch",
	"BatchCost",
	"BatchingResult",
	"Capacity",
	"Load",
	"Merge",
	"Order",
	"OrderLine",
	"batch_orders",
	"fcfs",
	"IlsOptions",
	"iterated_local_search",
	"load_of",
	"location_sort_key",
	"make_route_length",
	"neighbour_lists",
	"savings",
	"seed",
]
