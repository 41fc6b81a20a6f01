"""Which orders and tasks a Pick Wave takes: unwaved picks of a warehouse, narrowed by the wave's
filters and cut-off, gathered by priority and date while the wave's limits (orders, lines, weight,
volume) hold."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import cint, flt, get_datetime, getdate

from wms_module import erp
from wms_module.core.tasks import TaskStatus, TaskType
from wms_module.erp import SALES_ORDER
from wms_module.exceptions import WaveError
from wms_module.services import priority
from wms_module.services import tasks as task_service
from wms_module.services.outbound_settings import OutboundSettings


@dataclass(frozen=True)
class WaveLimits:
	orders: int
	lines: int
	weight: float = 0.0
	"""0: no weight limit."""
	volume: float = 0.0
	"""0: no volume limit (m³)."""


def limits_of(wave, settings: OutboundSettings) -> WaveLimits:
	"""The wave's own limits, else WMS Settings' (orders, lines); weight and volume only when the wave sets them."""
	return WaveLimits(
		orders=cint(wave.get("max_orders")) or settings.max_orders_per_wave,
		lines=cint(wave.get("max_lines")) or settings.max_lines_per_wave,
		weight=flt(wave.get("max_weight")),
		volume=flt(wave.get("max_volume")),
	)


def unwaved_tasks(warehouse: str, *, sales_orders=None, cutoff=None, wave=None, for_update=False) -> list:
	"""Active Pick tasks of ``warehouse`` not on any wave, for the orders given or due by ``cutoff``.

	``wave`` adds its release filters: customer and shipping rule (one Sales Order query), zone,
	minimum priority, and the order cut-off time (tasks created on or before it). Highest
	priority first, then earliest delivery date. ``for_update`` locks the rows, so two waves planned
	at once never take the same tasks (the second waits, then finds them waved).
	"""
	filters = {
		"warehouse": warehouse,
		"task_type": TaskType.PICK.value,
		"reference_doctype": SALES_ORDER,
		"status": ["in", [TaskStatus.OPEN.value, TaskStatus.ASSIGNED.value]],
		"pick_wave": ["is", "not set"],
	}
	if sales_orders is not None:
		filters["reference_name"] = ["in", list(sales_orders)]
	if cutoff is not None:
		filters["delivery_date"] = ["<=", getdate(cutoff)]
	if wave is not None:
		if wave.get("zone"):
			filters["zone"] = wave.zone
		if wave.get("order_cutoff"):
			filters["created_on"] = ["<=", get_datetime(wave.order_cutoff)]
		if wave.get("min_priority"):
			filters["priority"] = [">=", priority.rank(wave.min_priority)]
		order_filters = wave_order_filters(wave)
		if order_filters:
			orders = frappe.get_all(SALES_ORDER, filters={**order_filters, "docstatus": 1}, pluck="name")
			if sales_orders is not None:
				orders = [so for so in orders if so in set(sales_orders)]
			if not orders:
				return []
			filters["reference_name"] = ["in", orders]
	tasks = frappe.get_all(
		"Warehouse Task",
		filters=filters,
		fields=list(task_service.READ_FIELDS),
		order_by="priority desc, delivery_date asc, reference_name asc, creation asc",
	)
	if for_update and tasks:
		still_free = {
			r[0]
			for r in frappe.db.sql(
				"""select name from `tabWarehouse Task` where name in %s and ifnull(pick_wave, '')=''
				and status in ('Open', 'Assigned') order by name for update""",
				(tuple(t.name for t in tasks),),
			)
		}
		tasks = [t for t in tasks if t.name in still_free]
	return tasks


WAVE_ORDER_FILTERS = ("customer", "shipping_rule")
"""Pick Wave release filters that are Sales Order fields (the wave field has the order's fieldname)."""


def wave_order_filters(wave) -> dict:
	"""The wave's Sales Order filters that are set: customer, shipping rule (ERPNext's Sales Order
	``shipping_rule``, the order's shipping method). All of them go into one query."""
	return {f: wave.get(f) for f in WAVE_ORDER_FILTERS if wave.get(f)}


@dataclass(frozen=True)
class Load:
	weight: float = 0.0
	volume: float = 0.0

	def __add__(self, other: Load) -> Load:
		return Load(self.weight + other.weight, self.volume + other.volume)


def task_loads(tasks) -> dict[str, Load]:
	"""Weight and volume still to pick per task: (qty - picked) x the Item's Weight Per Unit and
	Unit Volume. One query."""
	units = erp.get_item_units(t.item_code for t in tasks)
	loads = {}
	for t in tasks:
		unit = units.get(t.item_code) or frappe._dict()
		qty = flt(t.qty) - flt(t.picked_qty)
		loads[t.name] = Load(flt(unit.get("weight_per_unit")) * qty, flt(unit.get("unit_volume")) * qty)
	return loads


def total_load(tasks, loads: dict[str, Load]) -> Load:
	return sum((loads.get(t.name, Load()) for t in tasks), Load())


def over_limit(load: Load, limits: WaveLimits) -> bool:
	return bool(
		(limits.weight and load.weight > limits.weight + 1e-9)
		or (limits.volume and load.volume > limits.volume + 1e-9)
	)


def orders_within_limits(tasks, limits: WaveLimits) -> list[str]:
	"""Orders in the tasks' order (highest priority, then earliest delivery first), taken while the
	wave's limits hold."""
	per_order: dict[str, list] = defaultdict(list)
	for t in tasks:
		per_order[t.reference_name].append(t)
	loads = task_loads(tasks) if (limits.weight or limits.volume) else {}
	chosen: list[str] = []
	lines, load = 0, Load()
	for so, so_tasks in per_order.items():  # dict order = priority, then delivery date order
		with_order = load + total_load(so_tasks, loads)
		if (
			len(chosen) >= limits.orders
			or lines + len(so_tasks) > limits.lines
			or over_limit(with_order, limits)
		):
			break
		chosen.append(so)
		lines += len(so_tasks)
		load = with_order
	return chosen


def fill_orders(wave, settings: OutboundSettings) -> None:
	"""Fill a "By Delivery Date" wave's order table from its cut-off, filters and limits."""
	if not wave.delivery_date_cutoff:
		frappe.throw(
			_("Pick Wave {0}: set a Delivery Date Cut-off to gather orders by delivery date").format(
				wave.name
			),
			WaveError,
		)
	wave.set("orders", [])
	tasks = unwaved_tasks(wave.warehouse, cutoff=wave.delivery_date_cutoff, wave=wave)
	for so in orders_within_limits(tasks, limits_of(wave, settings)):
		wave.append("orders", {"sales_order": so})
	if not wave.orders:
		frappe.throw(
			_(
				"No Sales Order with unwaved pick tasks in {0} is due on or before {1} within the wave's "
				"filters and limits"
			).format(wave.warehouse, wave.delivery_date_cutoff),
			WaveError,
		)


def check_limits(wave, tasks, settings: OutboundSettings) -> Load:
	"""Refuse a wave over its limits (orders, pick lines, weight, volume); returns its load."""
	limits = limits_of(wave, settings)
	orders = {r.sales_order for r in wave.orders}
	if len(orders) > limits.orders:
		frappe.throw(
			_(
				"Pick Wave {0} has {1} orders; at most {2} per wave (its Max Orders, else WMS Settings)"
			).format(wave.name, len(orders), limits.orders),
			WaveError,
		)
	if len(tasks) > limits.lines:
		frappe.throw(
			_(
				"Pick Wave {0} has {1} pick lines; at most {2} per wave (its Max Pick Lines, else WMS Settings)"
			).format(wave.name, len(tasks), limits.lines),
			WaveError,
		)
	load = total_load(tasks, task_loads(tasks))
	if limits.weight and load.weight > limits.weight + 1e-9:
		frappe.throw(
			_("Pick Wave {0} weighs {1}; its Max Weight is {2}").format(
				wave.name, load.weight, limits.weight
			),
			WaveError,
		)
	if limits.volume and load.volume > limits.volume + 1e-9:
		frappe.throw(
			_("Pick Wave {0} holds {1} m³; its Max Volume is {2} m³").format(
				wave.name, flt(load.volume, 6), limits.volume
			),
			WaveError,
		)
	return load
