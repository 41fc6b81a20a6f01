"""Seeded instance generators in the style of Henn et al. (2010).

Layout ("Henn-style"): one block of 10 parallel aisles with 45 bays each
(picks from both sides of an aisle share a bay), bay width 1, aisle centres
5 apart, a cross aisle at the front and at the back, the depot in front of the
leftmost aisle. 450 items, one per bay (dedicated storage).

Demand:
- ``"uniform"``: every item is equally likely to be ordered; items are stored
  at random (random storage).
- ``"abc"``: class-based demand as in Henn et al.: 10 % of the items (class A)
  draw 52 % of the demand, 30 % (B) draw 36 %, 60 % (C) draw 12 %. With
  ``storage="class"`` the items are stored by class, A nearest to the depot;
  with ``storage="random"`` at random.

Orders have ``lines`` distinct items (uniform between the bounds, Henn: 5-25),
one unit each, so an order's item count is its number of lines.

Everything draws from ``random.Random(seed)``: same arguments, same instance.
Locations are ``(aisle, bay)`` tuples unless a ``location`` factory (e.g. the
routing package's ``PickLocation``) is passed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from wms_module.core.batching import Order, OrderLine


@dataclass(frozen=True)
class LayoutSpec:
	"""Parameters for ``wms_module.core.layout.WarehouseLayout``."""

	n_aisles: int = 10
	bays_per_aisle: int = 45
	bay_width: float = 1.0
	aisle_spacing: float = 5.0
	cross_aisle_width: float = 2.0
	n_blocks: int = 1
	depot_aisle: float = 0
	depot_cross_aisle: int = 0

	def kwargs(self) -> dict:
		"""Keyword arguments for ``WarehouseLayout`` except the depot (see ``depot()``)."""
		return {
			"n_aisles": self.n_aisles,
			"bays_per_aisle": self.bays_per_aisle,
			"bay_width": self.bay_width,
			"aisle_spacing": self.aisle_spacing,
			"cross_aisle_width": self.cross_aisle_width,
			"n_blocks": self.n_blocks,
		}

	def bays(self) -> list[tuple[int, int]]:
		return [(a, b) for a in range(self.n_aisles) for b in range(self.bays_per_aisle)]

	def depot_walk(self, aisle: int, bay: int) -> float:
		"""Rectilinear walk from a depot at the front of aisle 0 (used only to rank slots)."""
		return aisle * self.aisle_spacing + (bay + 0.5) * self.bay_width


HENN = LayoutSpec()

ABC_CLASSES = (("A", 0.10, 0.52), ("B", 0.30, 0.36), ("C", 0.60, 0.12))


@dataclass(frozen=True)
class Catalog:
	"""Items, their demand weights and where they are stored."""

	items: tuple[str, ...]
	weights: tuple[float, ...]
	classes: tuple[str, ...]
	storage: dict  # item -> (aisle, bay)


def make_catalog(spec: LayoutSpec, demand: str, storage: str, rng: random.Random) -> Catalog:
	if demand not in ("uniform", "abc"):
		raise ValueError(f"demand must be 'uniform' or 'abc', got {demand!r}")
	if storage not in ("random", "class"):
		raise ValueError(f"storage must be 'random' or 'class', got {storage!r}")
	bays = spec.bays()
	n = len(bays)
	items = tuple(f"ITEM-{i:04d}" for i in range(n))
	if demand == "uniform":
		weights = tuple(1.0 for _ in items)
		classes = tuple("-" for _ in items)
	else:
		weights_l, classes_l = [], []
		start = 0
		for k, (cls, item_share, demand_share) in enumerate(ABC_CLASSES):
			count = n - start if k == len(ABC_CLASSES) - 1 else round(item_share * n)
			weights_l += [demand_share / count] * count
			classes_l += [cls] * count
			start += count
		weights, classes = tuple(weights_l), tuple(classes_l)
	if storage == "class":
		slots = sorted(bays, key=lambda ab: (spec.depot_walk(*ab), ab))
	else:
		slots = list(bays)
		rng.shuffle(slots)
	return Catalog(
		items=items, weights=weights, classes=classes, storage=dict(zip(items, slots, strict=True))
	)


@dataclass(frozen=True)
class Instance:
	name: str
	spec: LayoutSpec
	catalog: Catalog
	orders: tuple[Order, ...]


def generate_orders(
	catalog: Catalog,
	n_orders: int,
	rng: random.Random,
	*,
	lines: tuple[int, int] = (5, 25),
	location: Callable[[int, int], Hashable] = lambda a, b: (a, b),
	prefix: str = "SO",
	due_keys: Sequence[Hashable] = (None,),
) -> tuple[Order, ...]:
	orders = []
	for i in range(n_orders):
		k = rng.randint(*lines)
		chosen: list[str] = []
		seen: set[str] = set()
		while len(chosen) < k:
			item = rng.choices(catalog.items, catalog.weights)[0]
			if item not in seen:
				seen.add(item)
				chosen.append(item)
		order_lines = tuple(OrderLine(location(*catalog.storage[it]), 1, it) for it in chosen)
		orders.append(
			Order(
				f"{prefix}-{i:05d}",
				order_lines,
				volume=float(k),
				weight=float(k),
				due_key=due_keys[i % len(due_keys)],
			)
		)
	return tuple(orders)


def generate_instance(
	n_orders: int,
	*,
	seed: int,
	demand: str = "uniform",
	storage: str | None = None,
	lines: tuple[int, int] = (5, 25),
	spec: LayoutSpec = HENN,
	location: Callable[[int, int], Hashable] = lambda a, b: (a, b),
) -> Instance:
	"""A reproducible batching instance (``storage`` defaults to class-based for ABC demand)."""
	rng = random.Random(seed)
	storage = storage or ("class" if demand == "abc" else "random")
	catalog = make_catalog(spec, demand, storage, rng)
	orders = generate_orders(catalog, n_orders, rng, lines=lines, location=location)
	return Instance(f"{demand}-{storage}-{n_orders}o-s{seed}", spec, catalog, orders)


def random_pick_list(
	n_picks: int,
	rng: random.Random,
	*,
	spec: LayoutSpec = HENN,
	location: Callable[[int, int], Hashable] = lambda a, b: (a, b),
) -> list:
	"""``n_picks`` distinct bays drawn uniformly (routing benchmark)."""
	return [location(a, b) for a, b in rng.sample(spec.bays(), n_picks)]


def random_bin_graph(
	n_bins: int, rng: random.Random, *, width: float = 60.0, depth: float = 40.0, neighbours: int = 3
):
	"""A layout that is not parallel-aisle: bins at random coordinates joined into a walkable graph.

	Bins ``B0..B{n-1}`` lie uniformly in a ``width`` x ``depth`` hall, the depot ``D`` in the
	front-left corner. Edges: each bin to its ``neighbours`` nearest bins (straight-line
	lengths) plus a spanning tree (each point to the nearest earlier one), so every bin can
	be reached but many pairs need a detour, as around racks on an irregular floor.
	"""
	import math

	from wms_module.core.layout import GraphLayout

	nodes = {"D": (0.0, 0.0)}
	for i in range(n_bins):
		nodes[f"B{i}"] = (rng.uniform(0, width), rng.uniform(0, depth))
	names = list(nodes)
	edges = set()
	for i, a in enumerate(names):
		by_dist = sorted((math.dist(nodes[a], nodes[b]), b) for b in names if b != a)
		for _, b in by_dist[:neighbours]:
			edges.add(tuple(sorted((a, b))))
		if i:
			nearest_earlier = min(names[:i], key=lambda b: math.dist(nodes[a], nodes[b]))
			edges.add(tuple(sorted((a, nearest_earlier))))
	return GraphLayout.from_coordinates(nodes, edges=sorted(edges), depot="D")
