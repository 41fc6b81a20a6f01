"""Warehouse layouts for picker routing: parallel aisles with cross aisles, or a free graph.

Geometry of :class:`WarehouseLayout` (all lengths in metres)
--------------------------------------------------------------

* Aisle ``i`` (0-based, left to right) runs along the line ``x = i * aisle_spacing``
  (``aisle_spacing`` is centre-to-centre, racks included). Both rack faces of an aisle
  share bay positions; a pick is made standing in the aisle.
* The bays of an aisle are split into ``n_blocks`` blocks by ``n_blocks + 1`` cross aisles.
  Block ``b`` holds bays ``(b * B) // n_blocks`` up to, not including,
  ``((b + 1) * B) // n_blocks`` (``B = bays_per_aisle``); with ``n_blocks=2`` and 45 bays:
  bays 0-21 in the front block, 22-44 in the back block, the middle cross aisle between
  bay 21 and bay 22.
* Cross aisle ``r`` (0 = front, ``n_blocks`` = back) has its centre line at ``y = Y[r]``:
  ``Y[0] = 0`` and ``Y[b + 1] = Y[b] + cross_aisle_width + (bays in block b) * bay_width``.
* Bay ``k`` of block ``b`` (``k`` counted from the front of the whole aisle) has its centre at
  ``y = Y[b] + cross_aisle_width / 2 + (k - first bay of b + 0.5) * bay_width``.
* The depot is a point on a cross aisle: ``Depot(aisle=a, cross_aisle=r)`` stands at
  ``x = a * aisle_spacing`` (``a`` may be fractional, e.g. 4.5 = between aisles 4 and 5),
  ``y = Y[r]``. Default: front of aisle 0.

Walking happens on the graph of aisle centre lines and cross-aisle centre lines: along an
aisle the distance is the difference in ``y``; along a cross aisle the difference in ``x``.
Everything else (the exact routing DP, the heuristics, brute force in the tests) measures
with this one metric, :meth:`WarehouseLayout.distance`.

>>> layout = WarehouseLayout(n_aisles=10, bays_per_aisle=45, bay_width=1.0, aisle_spacing=3.0,
...                          cross_aisle_width=2.0)
>>> layout.distance(layout.depot, PickLocation(aisle=0, bay=0))
1.5
>>> layout.distance(PickLocation(aisle=0, bay=2), PickLocation(aisle=1, bay=2))
10.0
>>> layout.cross_aisle_y
(0.0, 47.0)
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from wms_module.core.errors import InvalidInput

__all__ = ["Depot", "GraphLayout", "PickLocation", "WarehouseLayout"]


def _int_arg(name: str, value, minimum: int) -> int:
	if isinstance(value, bool) or not isinstance(value, int):
		raise InvalidInput(f"{name} must be a whole number >= {minimum}, got {value!r}")
	if value < minimum:
		raise InvalidInput(f"{name} must be >= {minimum}, got {value}")
	return value


def _num_arg(name: str, value, *, positive: bool) -> float:
	if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
		raise InvalidInput(f"{name} must be a finite number, got {value!r}")
	if positive and value <= 0:
		raise InvalidInput(f"{name} must be > 0, got {value}")
	if not positive and value < 0:
		raise InvalidInput(f"{name} must be >= 0, got {value}")
	return float(value)


@dataclass(frozen=True, order=True)
class PickLocation:
	"""A pick position: ``aisle`` (0-based, left to right), ``bay`` (0-based from the front)."""

	aisle: int
	bay: int

	def __post_init__(self):
		_int_arg("PickLocation.aisle", self.aisle, 0)
		_int_arg("PickLocation.bay", self.bay, 0)


@dataclass(frozen=True)
class Depot:
	"""Where routes start and end: on cross aisle ``cross_aisle`` (0 = front) at aisle position ``aisle``."""

	aisle: float = 0
	cross_aisle: int = 0

	def __post_init__(self):
		_num_arg("Depot.aisle", self.aisle, positive=False)
		_int_arg("Depot.cross_aisle", self.cross_aisle, 0)


@dataclass(frozen=True)
class WarehouseLayout:
	"""A parallel-aisle warehouse (see the module docstring for the coordinates)."""

	n_aisles: int
	bays_per_aisle: int
	bay_width: float = 1.0
	aisle_spacing: float = 3.0
	cross_aisle_width: float = 2.0
	n_blocks: int = 1
	depot: Depot = field(default_factory=Depot)

	def __post_init__(self):
		_int_arg("n_aisles", self.n_aisles, 1)
		_int_arg("bays_per_aisle", self.bays_per_aisle, 1)
		_num_arg("bay_width", self.bay_width, positive=True)
		_num_arg("aisle_spacing", self.aisle_spacing, positive=True)
		_num_arg("cross_aisle_width", self.cross_aisle_width, positive=False)
		_int_arg("n_blocks", self.n_blocks, 1)
		if self.n_blocks > self.bays_per_aisle:
			raise InvalidInput(
				f"n_blocks must be <= bays_per_aisle ({self.bays_per_aisle}) so every block has a bay, got {self.n_blocks}"
			)
		if self.depot is None:
			object.__setattr__(self, "depot", Depot())
		if not isinstance(self.depot, Depot):
			raise InvalidInput(f"depot must be a Depot(aisle=..., cross_aisle=...), got {self.depot!r}")
		if self.depot.aisle > self.n_aisles - 1:
			raise InvalidInput(f"depot aisle must be in 0..{self.n_aisles - 1}, got {self.depot.aisle}")
		if self.depot.cross_aisle > self.n_blocks:
			raise InvalidInput(
				f"depot cross_aisle must be in 0..{self.n_blocks} (0 = front, {self.n_blocks} = back), got {self.depot.cross_aisle}"
			)

	@classmethod
	def from_mapping(cls, data: Mapping) -> WarehouseLayout:
		"""Build from Warehouse Layout data (a dict or a document's ``as_dict()``).

		Keys: ``n_aisles``, ``bays_per_aisle``, optional ``bay_width``, ``aisle_spacing``,
		``cross_aisle_width``, ``n_blocks`` (or ``cross_aisles`` = blocks + 1),
		``depot_aisle``, ``depot_cross_aisle``.

		>>> WarehouseLayout.from_mapping({"n_aisles": 4, "bays_per_aisle": 10, "cross_aisles": 3}).n_blocks
		2
		"""
		for key in ("n_aisles", "bays_per_aisle"):
			if data.get(key) in (None, ""):
				raise InvalidInput(f"Warehouse layout data needs {key!r}")
		kwargs = {"n_aisles": int(data["n_aisles"]), "bays_per_aisle": int(data["bays_per_aisle"])}
		for key in ("bay_width", "aisle_spacing", "cross_aisle_width"):
			if data.get(key) not in (None, ""):
				kwargs[key] = float(data[key])
		if data.get("n_blocks") not in (None, ""):
			kwargs["n_blocks"] = int(data["n_blocks"])
		elif data.get("cross_aisles") not in (None, ""):
			kwargs["n_blocks"] = int(data["cross_aisles"]) - 1
		depot_aisle = data.get("depot_aisle")
		depot_cross = data.get("depot_cross_aisle")
		kwargs["depot"] = Depot(
			aisle=0 if depot_aisle in (None, "") else float(depot_aisle),
			cross_aisle=0 if depot_cross in (None, "") else int(depot_cross),
		)
		return cls(**kwargs)

	# -- derived geometry (computed once per layout) --------------------------------------

	@cached_property
	def block_first_bay(self) -> tuple[int, ...]:
		"""First bay of each block, plus ``bays_per_aisle`` at the end (length ``n_blocks + 1``)."""
		return tuple((b * self.bays_per_aisle) // self.n_blocks for b in range(self.n_blocks + 1))

	@cached_property
	def cross_aisle_y(self) -> tuple[float, ...]:
		"""Centre line ``y`` of each cross aisle, front (0) to back (``n_blocks``)."""
		ys = [0.0]
		first = self.block_first_bay
		for b in range(self.n_blocks):
			ys.append(ys[-1] + self.cross_aisle_width + (first[b + 1] - first[b]) * self.bay_width)
		return tuple(ys)

	@cached_property
	def _bay_y(self) -> tuple[float, ...]:
		first = self.block_first_bay
		ys = []
		for b in range(self.n_blocks):
			base = self.cross_aisle_y[b] + self.cross_aisle_width / 2
			for k in range(first[b], first[b + 1]):
				ys.append(base + (k - first[b] + 0.5) * self.bay_width)
		return tuple(ys)

	@cached_property
	def _bay_block(self) -> tuple[int, ...]:
		first = self.block_first_bay
		return tuple(b for b in range(self.n_blocks) for _ in range(first[b], first[b + 1]))

	@cached_property
	def depot_point(self) -> tuple[float, float]:
		return (self.depot.aisle * self.aisle_spacing, self.cross_aisle_y[self.depot.cross_aisle])

	@property
	def width(self) -> float:
		return (self.n_aisles - 1) * self.aisle_spacing

	@property
	def depth(self) -> float:
		return self.cross_aisle_y[-1]

	def aisle_x(self, aisle: int) -> float:
		return aisle * self.aisle_spacing

	def block_of(self, loc: PickLocation) -> int:
		"""The block (0 = front) holding ``loc``'s bay."""
		self.check(loc)
		return self._bay_block[loc.bay]

	def point(self, loc: PickLocation | Depot) -> tuple[float, float]:
		"""``(x, y)`` of a location (or of the depot) in metres."""
		if isinstance(loc, Depot):
			if loc != self.depot:
				raise InvalidInput(f"{loc!r} is not this layout's depot {self.depot!r}")
			return self.depot_point
		self.check(loc)
		return (loc.aisle * self.aisle_spacing, self._bay_y[loc.bay])

	def check(self, loc) -> PickLocation:
		"""Return ``loc`` if it lies in this layout, else raise :class:`InvalidInput`."""
		if not isinstance(loc, PickLocation):
			raise InvalidInput(f"pick location must be a PickLocation(aisle, bay), got {loc!r}")
		if loc.aisle >= self.n_aisles:
			raise InvalidInput(f"{loc!r}: aisle must be in 0..{self.n_aisles - 1} (n_aisles={self.n_aisles})")
		if loc.bay >= self.bays_per_aisle:
			raise InvalidInput(
				f"{loc!r}: bay must be in 0..{self.bays_per_aisle - 1} (bays_per_aisle={self.bays_per_aisle})"
			)
		return loc

	# -- walking distance -----------------------------------------------------------------

	def _exits(self, x: float, y: float) -> tuple[int, ...]:
		"""Cross aisles reachable straight along the aisle from ``(x, y)`` (one if on a cross aisle)."""
		ys = self.cross_aisle_y
		for r, yr in enumerate(ys):
			if y == yr:
				return (r,)
		for b in range(self.n_blocks):
			if ys[b] < y < ys[b + 1]:
				return (b, b + 1)
		raise InvalidInput(f"y={y} is outside the layout (0..{ys[-1]})")

	def _on_aisle_line(self, x: float) -> bool:
		q = x / self.aisle_spacing
		return abs(q - round(q)) < 1e-9

	def grid_path(
		self, p: tuple[float, float], q: tuple[float, float]
	) -> tuple[float, list[tuple[float, float]]]:
		"""Shortest walk between two points of the aisle graph: ``(length, waypoints)``."""
		(xp, yp), (xq, yq) = p, q
		if p == q:
			return 0.0, [p]
		p_line = self._on_aisle_line(xp)
		if xp == xq and p_line:
			return abs(yp - yq), [p, q]
		ys = self.cross_aisle_y
		best = None
		for rp in self._exits(xp, yp):
			for rq in self._exits(xq, yq):
				d = abs(yp - ys[rp]) + abs(yq - ys[rq]) + abs(xp - xq) + abs(ys[rp] - ys[rq])
				if best is None or d < best[0]:
					best = (d, rp, rq)
		d, rp, rq = best
		pts = [p, (xp, ys[rp])]
		if rp != rq:
			if p_line:
				pts.append((xp, ys[rq]))
			else:
				pts.append((xq, ys[rp]))
		pts.append((xq, ys[rq]))
		pts.append(q)
		out = [pts[0]]
		for pt in pts[1:]:
			if pt != out[-1]:
				out.append(pt)
		return d, out

	def distance(self, a: PickLocation | Depot, b: PickLocation | Depot) -> float:
		"""Shortest walking distance between two locations (or the depot), in metres."""
		pa, pb = self.point(a), self.point(b)
		if pa[0] == pb[0] and self._on_aisle_line(pa[0]):
			return abs(pa[1] - pb[1])
		return self.grid_path(pa, pb)[0]


@dataclass(frozen=True, eq=False)
class GraphLayout:
	"""A free layout: named nodes with coordinates, walkable edges, a depot node.

	Routes on it are found by the improvement heuristic (``route(..., method="improved")``);
	pick locations are node names.

	>>> g = GraphLayout.from_coordinates({"D": (0, 0), "A": (3, 4), "B": (3, 0)}, edges=[("D", "B"), ("B", "A")], depot="D")
	>>> g.distance("D", "A")
	7.0
	"""

	nodes: Mapping[Hashable, tuple[float, float]]
	edges: tuple[tuple[Hashable, Hashable, float], ...]
	depot: Hashable

	@classmethod
	def from_coordinates(
		cls,
		nodes: Mapping[Hashable, tuple[float, float]],
		edges: Iterable[tuple] | None = None,
		*,
		depot: Hashable,
	) -> GraphLayout:
		"""Nodes ``{name: (x, y)}``; edges ``(a, b)`` (Euclidean length) or ``(a, b, length)``.

		Without ``edges`` every pair of nodes is connected in a straight line (open floor).
		"""
		if not nodes:
			raise InvalidInput("nodes must name at least one point")
		pts = {}
		for name, xy in nodes.items():
			try:
				x, y = (float(v) for v in xy)
			except (TypeError, ValueError):
				raise InvalidInput(f"node {name!r} needs coordinates (x, y), got {xy!r}") from None
			pts[name] = (x, y)
		if depot not in pts:
			raise InvalidInput(f"depot {depot!r} is not one of the nodes")
		names = list(pts)
		if edges is None:
			edges = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
		out = []
		for e in edges:
			if len(e) not in (2, 3):
				raise InvalidInput(f"edge must be (a, b) or (a, b, length), got {e!r}")
			a, b = e[0], e[1]
			for n in (a, b):
				if n not in pts:
					raise InvalidInput(f"edge {e!r} names unknown node {n!r}")
			length = (
				math.dist(pts[a], pts[b])
				if len(e) == 2
				else _num_arg(f"length of edge {e!r}", e[2], positive=False)
			)
			out.append((a, b, float(length)))
		return cls(nodes=pts, edges=tuple(out), depot=depot)

	@cached_property
	def _adj(self) -> dict:
		adj = {n: [] for n in self.nodes}
		for a, b, w in self.edges:
			adj[a].append((b, w))
			adj[b].append((a, w))
		return adj

	def check(self, loc) -> Hashable:
		if loc not in self.nodes:
			raise InvalidInput(f"pick location {loc!r} is not a node of this layout")
		return loc

	def point(self, loc) -> tuple[float, float]:
		return self.nodes[self.check(loc)]

	def shortest_paths(self, source) -> tuple[dict, dict]:
		"""Dijkstra from ``source``: ``(distance by node, predecessor by node)``."""
		self.check(source)
		dist = {source: 0.0}
		prev = {}
		heap = [(0.0, 0, source)]
		tie = 1
		adj = self._adj
		while heap:
			d, _, u = heapq.heappop(heap)
			if d > dist[u]:
				continue
			for v, w in adj[u]:
				nd = d + w
				if nd < dist.get(v, math.inf):
					dist[v] = nd
					prev[v] = u
					heapq.heappush(heap, (nd, tie, v))
					tie += 1
		return dist, prev

	def distance(self, a, b) -> float:
		dist, _ = self.shortest_paths(a)
		self.check(b)
		if b not in dist:
			raise InvalidInput(f"no walkable path from {a!r} to {b!r}")
		return dist[b]
