"""A planned wave's tours: orders batched onto carts, each tour's stops put in walking order."""

from __future__ import annotations

import math
from collections import defaultdict

import frappe
from frappe.utils import flt

from wms_module.core.batching import WAVE_OPTIONS, Capacity, Order, batch_orders
from wms_module.core.batching import OrderLine as BatchLine
from wms_module.core.errors import InvalidInput
from wms_module.core.layout import PickLocation
from wms_module.core.routing import length_function, route
from wms_module.core.routing.insertion import insertion_index
from wms_module.core.tasks import ACTIVE
from wms_module.core.waves import PickingMode
from wms_module.exceptions import core_errors_as_validation
from wms_module.services import tasks as task_service
from wms_module.services.geometry import core_layout, warehouse_layouts
from wms_module.services.outbound_settings import OutboundSettings


def bin_positions(bins) -> dict[str, frappe._dict]:
	rows = frappe.get_all(
		"Storage Bin",
		filters={"name": ["in", sorted(set(bins))]},
		fields=["name", "layout_aisle", "layout_bay", "pick_sequence", "zone"],
	)
	return {r.name: r for r in rows}


def location_of(bin_row, layout):
	"""PickLocation of a bin on the layout, or None when it has no (valid) coordinates."""
	if layout is None or bin_row is None or bin_row.layout_aisle is None or bin_row.layout_bay is None:
		return None
	try:
		return layout.check(PickLocation(aisle=int(bin_row.layout_aisle), bay=int(bin_row.layout_bay)))
	except InvalidInput:
		return None


class TourLength:
	"""``frozenset of locations -> walking length`` for batching the wave's orders into tours.

	Bins with layout coordinates are PickLocations; their length comes from
	``wms_module.core.routing.length_function`` (the exact length-only DP, memoised, with
	``length_below`` for the batching search) where the layout allows it, else from
	``route()``. A bin without coordinates is its name (a string) and costs 1 each, so
	the search still prefers tours with fewer of them. ``route()`` itself is used only
	to sequence the final tours (``sequence_tour``).
	"""

	def __init__(self, layout, method: str):
		self.layout = layout
		self.method = method
		self.exact = length_function(layout, method) if layout is not None else None
		if self.exact is not None:
			self.length_below = self._length_below

	@staticmethod
	def split(locations) -> tuple[list, int]:
		known = [loc for loc in locations if isinstance(loc, PickLocation)]
		return known, len(locations) - len(known)

	def __call__(self, locations: frozenset) -> float:
		known, unknown = self.split(locations)
		if not known or self.layout is None:
			return float(unknown)
		if self.exact is not None:
			return float(self.exact(known)) + unknown
		return float(route(self.layout, sorted(known), method=self.method).length) + unknown

	def _length_below(self, locations: frozenset, bound: float) -> tuple[float, bool]:
		known, unknown = self.split(locations)
		if not known:
			return float(unknown), True
		value, exact = self.exact.length_below(known, bound - unknown)
		return float(value) + unknown, exact


def plan_tours(tasks, *, layout, positions, mode: str, settings: OutboundSettings) -> list[dict]:
	"""Group ``tasks`` into tours and order each; returns [{"zone", "tasks" (in sequence), "length"}]."""
	groups: dict[str | None, list] = defaultdict(list)
	for t in tasks:
		groups[t.zone if mode == PickingMode.ZONE.value else None].append(t)
	capacity = Capacity(
		items=settings.picker_capacity_items,
		totes=settings.totes_per_cart
		if mode in (PickingMode.CLUSTER.value, PickingMode.ZONE.value)
		else None,
	)
	route_length = TourLength(layout, settings.routing_method)
	tours = []
	for zone in sorted(groups, key=lambda z: z or ""):
		by_order: dict[str, list] = defaultdict(list)
		for t in groups[zone]:
			by_order[t.reference_name].append(t)
		orders, too_big = [], []
		for so, so_tasks in by_order.items():
			lines = tuple(
				BatchLine(
					location_of(positions.get(t.source_bin), layout) or t.source_bin,
					max(1, math.ceil(flt(t.qty) - flt(t.picked_qty))),
					t.item_code,
				)
				for t in so_tasks
			)
			order = Order(so, lines, totes=1)
			(orders if capacity.fits(order_load(order)) else too_big).append(order)
		batches = []
		if orders:
			with core_errors_as_validation():
				result = batch_orders(
					orders,
					capacity,
					method=settings.batching_method,
					route_length=route_length,
					**WAVE_OPTIONS,
				)
			batches = [b.order_ids for b in result.batches]
		batches += [(o.order_id,) for o in too_big]  # an order bigger than a cart is a tour of its own
		for order_ids in batches:
			tour_tasks = [t for so in order_ids for t in by_order[so]]
			tours.append(
				{
					"zone": zone,
					"orders": list(order_ids),
					**sequence_tour(tour_tasks, layout, positions, settings),
				}
			)
	return tours


def order_load(order: Order):
	from wms_module.core.batching import load_of

	return load_of((order,))


def sequence_tour(tour_tasks, layout, positions, settings: OutboundSettings) -> dict:
	"""The tour's tasks in walking order and the route length."""
	located = {t.name: location_of(positions.get(t.source_bin), layout) for t in tour_tasks}
	known = sorted({loc for loc in located.values() if loc is not None})
	order_index: dict = {}
	length = 0.0
	if known:
		with core_errors_as_validation():
			r = route(layout, known, method=settings.routing_method)
		length = float(r.length)
		order_index = {loc: i for i, loc in enumerate(r.sequence)}

	def key(t):
		loc = located[t.name]
		pos = positions.get(t.source_bin)
		if loc is not None:
			return (0, order_index.get(loc, len(order_index)), t.source_bin or "", t.name)
		return (1, int(pos.pick_sequence or 0) if pos else 0, t.source_bin or "", t.name)

	return {"tasks": sorted(tour_tasks, key=key), "length": length}


def place_in_tour(t, new_tasks: list[str]) -> None:
	"""Put tasks added to ``t``'s tour while it is walked (a short pick's remainder, re-allocated
	to other bins) into its walking order. Each goes where the walk from ``t``'s bin through the
	open stops and back to the depot grows least (``core.routing.insertion``); the open stops keep
	their order and are numbered on from ``t``. Four queries."""
	if not new_tasks or not t.pick_wave:
		return
	rows = frappe.get_all(
		"Warehouse Task",
		filters={
			"pick_wave": t.pick_wave,
			"tour": t.tour or 0,
			"status": ["in", [s.value for s in ACTIVE]],
			"name": ["!=", t.name],
		},
		fields=["name", "source_bin", "sequence"],
		order_by="sequence asc, creation asc",
	)
	new = set(new_tasks)
	stops = [r for r in rows if r.name not in new]
	positions = bin_positions([t.source_bin, *(r.source_bin for r in rows)])
	layout = core_layout(warehouse_layouts([t.warehouse])[t.warehouse])
	for added in (r for r in rows if r.name in new):
		stops.insert(stop_index(layout, positions, t.source_bin, stops, added), added)
	first = int(t.sequence or 0) + 1
	task_service.update_rows(
		"Warehouse Task",
		{r.name: {"sequence": first + i} for i, r in enumerate(stops) if r.sequence != first + i},
	)


def stop_index(layout, positions, here: str, stops: list, added) -> int:
	"""Where ``added`` goes among ``stops`` (walked from bin ``here``): the cheapest insertion over
	the stops with layout coordinates; without them, before the first stop further on in the bins'
	pick sequence."""
	located = [(i, location_of(positions.get(s.source_bin), layout)) for i, s in enumerate(stops)]
	located = [(i, loc) for i, loc in located if loc is not None]
	start = location_of(positions.get(here), layout)
	new = location_of(positions.get(added.source_bin), layout)
	if start is not None and new is not None:
		k = insertion_index(layout, start, [loc for _i, loc in located], new)
		return located[k][0] if k < len(located) else len(stops)
	rank = pick_rank(positions.get(added.source_bin))
	return next((i for i, s in enumerate(stops) if pick_rank(positions.get(s.source_bin)) > rank), len(stops))


def pick_rank(bin_row) -> int:
	return int(bin_row.pick_sequence or 0) if bin_row else 0
