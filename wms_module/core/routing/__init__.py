"""Picker routing: the visiting sequence and walking length for a set of pick locations.

>>> from wms_module.core.layout import WarehouseLayout, PickLocation
>>> layout = WarehouseLayout(n_aisles=4, bays_per_aisle=10, bay_width=1.0, aisle_spacing=3.0, cross_aisle_width=2.0)
>>> r = route(layout, [PickLocation(aisle=2, bay=9), PickLocation(aisle=0, bay=1)], method="optimal")
>>> r.length, [(loc.aisle, loc.bay) for loc in r.sequence]
(36.0, [(0, 1), (2, 9)])

Methods (``ROUTING_METHODS``):

* ``"optimal"`` exact: Ratliff-Rosenthal for one block, Roodbergen-de Koster for two blocks
  (one middle cross aisle); :class:`InvalidInput` for other layouts.
* ``"s_shape"``, ``"return"``, ``"midpoint"``, ``"largest_gap"``, ``"combined"``: the
  classic heuristics (see :mod:`wms_module.core.routing.heuristics`), parallel aisles only.
* ``"improved"``: the heuristics' sequences (and a nearest-neighbour tour) improved by 2-opt
  and Or-opt on the walking-distance matrix, the shortest kept (any layout, including
  :class:`~wms_module.core.layout.GraphLayout`).
* ``"best"``: ``"optimal"`` where it exists, else ``"improved"``.

``Route.method`` names the method that produced the route (``"best"`` resolves to
``"optimal"`` or ``"improved"``). ``Route.length`` is the length of ``Route.path``, the walk
from the depot through the picks back to the depot as the method prescribes (a heuristic
may walk further than the shortest legs between its stops; the exact route never does).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from wms_module.core.errors import InvalidInput
from wms_module.core.layout import GraphLayout, PickLocation, WarehouseLayout

__all__ = [
	"HEURISTICS",
	"ROUTING_METHODS",
	"Route",
	"length_function",
	"route",
	"route_length",
	"sequence_length",
]

HEURISTICS = ("s_shape", "return", "midpoint", "largest_gap", "combined")
ROUTING_METHODS = ("optimal", *HEURISTICS, "improved", "best")
MAX_EXACT_BLOCKS = 2


@dataclass(frozen=True)
class Route:
	"""A picking tour: visiting ``sequence``, walking ``length`` (metres), drawn ``path``."""

	method: str
	length: float
	sequence: tuple
	path: tuple[tuple[float, float], ...] = ()


def sequence_length(layout, sequence: Iterable) -> float:
	"""Depot -> each location in order -> depot, each leg the shortest walk."""
	prev = layout.depot
	total = 0.0
	for loc in sequence:
		total += layout.distance(prev, loc)
		prev = loc
	return total + layout.distance(prev, layout.depot)


def _distinct(layout, locations) -> list:
	if isinstance(locations, PickLocation | str) or not isinstance(locations, Iterable):
		raise InvalidInput(f"locations must be a list of pick locations, got {locations!r}")
	seen = set()
	out = []
	for loc in locations:
		layout.check(loc)
		if loc not in seen:
			seen.add(loc)
			out.append(loc)
	return out


def _sequence_from_walk(layout, walk, locations) -> tuple:
	by_point = {layout.point(loc): loc for loc in locations}
	seq = []
	for pt in walk:
		loc = by_point.pop(pt, None)
		if loc is not None:
			seq.append(loc)
	if by_point:  # pragma: no cover - a walk always passes every pick
		raise AssertionError(f"route misses {sorted(by_point.values())}")
	return tuple(seq)


def _simplify(walk) -> tuple:
	"""Drop waypoints in the middle of straight stretches (keeps turn-backs)."""
	out = []
	for pt in walk:
		if out and pt == out[-1]:
			continue
		if len(out) >= 2:
			(x0, y0), (x1, y1) = out[-2], out[-1]
			x2, y2 = pt
			if (x0 == x1 == x2 and (y1 - y0) * (y2 - y1) > 0) or (
				y0 == y1 == y2 and (x1 - x0) * (x2 - x1) > 0
			):
				out[-1] = pt
				continue
		out.append(pt)
	return tuple(out)


def _optimal(layout: WarehouseLayout, locs: list) -> Route:
	if not isinstance(layout, WarehouseLayout) or layout.n_blocks > MAX_EXACT_BLOCKS:
		raise InvalidInput(
			'method "optimal" needs a parallel-aisle WarehouseLayout with 1 or 2 blocks '
			f'(got {_describe(layout)}); use method="best" or "improved"'
		)
	from wms_module.core.routing import exact

	length, walk = exact.solve(layout, locs)
	return Route("optimal", length, _sequence_from_walk(layout, walk, locs), _simplify(walk))


def _describe(layout) -> str:
	if isinstance(layout, WarehouseLayout):
		return f"{layout.n_blocks} blocks"
	return type(layout).__name__


def route(
	layout: WarehouseLayout | GraphLayout, locations: Iterable[PickLocation | Hashable], method: str = "best"
) -> Route:
	"""Route a picker from the depot through ``locations`` and back (duplicates visited once)."""
	if method not in ROUTING_METHODS:
		raise InvalidInput(f"method must be one of {', '.join(ROUTING_METHODS)}; got {method!r}")
	if not isinstance(layout, WarehouseLayout | GraphLayout):
		raise InvalidInput(f"layout must be a WarehouseLayout or GraphLayout, got {type(layout).__name__}")
	locs = _distinct(layout, locations)
	if method == "best":
		if isinstance(layout, WarehouseLayout) and layout.n_blocks <= MAX_EXACT_BLOCKS:
			method = "optimal"
		else:
			method = "improved"
	if not locs:
		if method in HEURISTICS and not isinstance(layout, WarehouseLayout):
			raise InvalidInput(f'method "{method}" needs a parallel-aisle WarehouseLayout')
		return Route(method, 0.0, (), (layout.point(layout.depot),))
	if method == "optimal":
		return _optimal(layout, locs)
	from wms_module.core.routing import heuristics, improve

	if method in HEURISTICS:
		if not isinstance(layout, WarehouseLayout):
			raise InvalidInput(
				f'method "{method}" needs a parallel-aisle WarehouseLayout, got {_describe(layout)}'
			)
		length, walk = heuristics.run(method, layout, locs)
		return Route(method, length, _sequence_from_walk(layout, walk, locs), _simplify(walk))
	seq, length = improve.improved_sequence(layout, locs)
	return Route("improved", length, tuple(seq), _simplify(improve.walk_of(layout, seq)))


def _exact_applies(layout, method: str) -> bool:
	return (
		method in ("optimal", "best")
		and isinstance(layout, WarehouseLayout)
		and layout.n_blocks <= MAX_EXACT_BLOCKS
	)


def route_length(
	layout: WarehouseLayout | GraphLayout, locations: Iterable[PickLocation | Hashable], method: str = "best"
) -> float:
	"""``route(layout, locations, method).length``, for ``"optimal"`` without building the route.

	The exact router's length-only path (:class:`~wms_module.core.routing.exact.LengthSolver`)
	skips the back-tracking, the Euler walk and the drawn path and memoises lengths per layout;
	other methods build the route and return its length. Same validation and errors as
	:func:`route`.
	"""
	if method not in ROUTING_METHODS:
		raise InvalidInput(f"method must be one of {', '.join(ROUTING_METHODS)}; got {method!r}")
	if not _exact_applies(layout, method):
		return route(layout, locations, method).length
	if isinstance(locations, PickLocation | str) or not isinstance(locations, Iterable):
		raise InvalidInput(f"locations must be a list of pick locations, got {locations!r}")
	from wms_module.core.routing import exact

	return exact.length_solver(layout).length(locations)


def length_function(layout, method: str = "best"):
	"""``locations -> length`` of the exact router on ``layout``, or None where it does not apply.

	None unless ``method`` is ``"optimal"`` or ``"best"`` and ``layout`` is a parallel-aisle
	``WarehouseLayout`` with 1 or 2 blocks (use :func:`route` or :func:`route_length` there).
	The function takes any iterable of ``PickLocation`` (duplicates allowed) and raises
	:class:`InvalidInput` for a location outside the layout, like :func:`route`. Each call gives
	a new function with its own memo (lengths per location set, compiled columns), which lives
	as long as the function. It is a :class:`~wms_module.core.routing.exact.LengthSolver`, so it
	also has ``length_below(locations, bound)`` (stops the DP once the length is proven to be
	at least ``bound``), which :class:`~wms_module.core.batching.BatchCost` uses.
	"""
	if method not in ROUTING_METHODS:
		raise InvalidInput(f"method must be one of {', '.join(ROUTING_METHODS)}; got {method!r}")
	if not _exact_applies(layout, method):
		return None
	from wms_module.core.routing import exact

	return exact.LengthSolver(layout)
