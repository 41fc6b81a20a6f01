"""Pick waves: gather orders, group their Pick tasks into tours, route each tour, release to operators.

- Gather: a manual wave names its Sales Orders; a wave released "By Delivery
  Date" takes the orders whose unwaved Pick tasks are due on or before the
  cut-off, highest Pick Priority first (``services.priority``), then earliest, while the
  wave's limits hold: max orders / pick
  lines (the wave's own, else WMS Settings'), max weight (qty x Item
  weight_per_unit) and max volume (qty x the Item's Unit Volume, m³). Either kind can be narrowed to one customer, one
  shipping rule (the Sales Order's ``shipping_rule``), a minimum priority, one storage
  zone (the other zones' picks stay queued for their own waves) and an order
  cut-off time (tasks created on or before it). The tasks are locked while a
  wave takes them, so two waves planned at once never share a task.
- Plan: the wave's tasks become tours with ``wms_module.core.batching``:
  *Batch* picking puts whole orders on a tour up to the picker capacity (items);
  *Cluster* picking also limits a tour to the cart's totes (one tote per order,
  recorded on each task); *Zone* picking plans each storage zone separately, so
  a tour never leaves its zone (orders are split across zone tours, one tote each).
  Batching measures candidate tours with ``TourLength`` (the routing package's
  exact length-only DP, ``length_function``, where the layout allows it).
  Each final tour is then ordered by ``wms_module.core.routing.route`` over the
  Warehouse Layout, with bins at PickLocation(layout_aisle, layout_bay); bins
  without layout coordinates come last, by pick sequence.
- Release: tours are handed round-robin to the given operators (tasks become
  Assigned to them) or stay queued (Open) for whoever starts them.
- Progress: % lines and % units done, refreshed after every confirmation with
  one aggregate query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import cycle

import frappe
from frappe import _
from frappe.utils import cint, flt, get_datetime, getdate, now_datetime

from wms_module import erp
from wms_module.core.tasks import TaskStatus, TaskType
from wms_module.core.waves import UNRELEASED, PickingMode, WaveStatus
from wms_module.erp import SALES_ORDER
from wms_module.exceptions import WaveError
from wms_module.roles import WMS_OPERATOR
from wms_module.services import priority
from wms_module.services import tasks as task_service
from wms_module.services.geometry import GEOMETRY_FIELDS, core_layout
from wms_module.services.outbound_settings import OutboundSettings, get_outbound_settings
from wms_module.services.tours import bin_positions, plan_tours
from wms_module.services.wave_progress import progress_of, set_progress

# ---------------------------------------------------------------------------- gather


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


# ---------------------------------------------------------------------------- plan


def plan_wave(*, wave_name: str) -> frappe.model.document.Document:
	"""Gather the wave's tasks, batch them into tours, route each tour; the wave becomes Planned."""
	settings = get_outbound_settings()
	wave = frappe.get_doc("Pick Wave", wave_name, for_update=True)
	orders = orders_to_plan(wave, settings)
	# a re-plan takes the wave's own unstarted tasks back first
	frappe.db.sql(
		"""update `tabWarehouse Task` set pick_wave=NULL, tour=0, sequence=0, tote=NULL
		where pick_wave=%s and status in %s and picked_qty=0""",
		(wave.name, (TaskStatus.OPEN.value, TaskStatus.ASSIGNED.value)),
	)
	# a "By Delivery Date" wave takes only what is due by its cut-off, as fill_orders counted it:
	# an order's later lines stay queued (and do not push the wave over the limits it was filled to)
	cutoff = wave.delivery_date_cutoff if wave.release_method == "By Delivery Date" else None
	tasks = unwaved_tasks(wave.warehouse, sales_orders=orders, cutoff=cutoff, wave=wave, for_update=True)
	if not tasks:
		frappe.throw(
			_("Pick Wave {0} has no open pick tasks in {1} that are not on another wave: {2}").format(
				wave.name, wave.warehouse, why_nothing_to_pick(orders, wave)
			),
			WaveError,
		)
	load = check_limits(wave, tasks, settings)
	wave.total_weight, wave.total_volume = load.weight, load.volume
	positions = bin_positions(t.source_bin for t in tasks)
	tours = plan_tours(
		tasks, layout=routing_layout(wave), positions=positions, mode=wave.picking_mode, settings=settings
	)
	totes_of_order = place_tours(wave, tours)
	describe_orders(wave, tasks, totes_of_order)
	wave.status = WaveStatus.PLANNED.value
	set_progress(wave, progress_of(wave.name))
	wave.save(ignore_permissions=True)
	return wave


def orders_to_plan(wave, settings: OutboundSettings) -> list[str]:
	"""The wave's Sales Orders (a By Delivery Date wave without any is filled first); refused
	unless the wave is Draft or Planned and has orders."""
	if wave.status not in UNRELEASED:
		frappe.throw(
			_("Pick Wave {0} is {1}; only a Draft or Planned wave can be planned").format(
				wave.name, wave.status
			),
			WaveError,
		)
	if wave.release_method == "By Delivery Date" and not wave.orders:
		fill_orders(wave, settings)
	if not wave.orders:
		frappe.throw(_("Pick Wave {0} has no Sales Orders").format(wave.name), WaveError)
	return [r.sales_order for r in wave.orders]


def routing_layout(wave):
	"""The router's layout of the wave's warehouse (None when its geometry is invalid: tours are
	then ordered by pick sequence); refused when the warehouse has no Warehouse Layout."""
	layout_row = frappe.db.get_value(
		"Warehouse Layout", {"warehouse": wave.warehouse}, list(GEOMETRY_FIELDS), as_dict=True
	)
	if not layout_row:
		frappe.throw(
			_("Warehouse {0} has no Warehouse Layout to route the wave on").format(wave.warehouse), WaveError
		)
	return core_layout(layout_row)


def place_tours(wave, tours: list[dict]) -> dict[str, list[str]]:
	"""Write the tours onto the wave and each task's tour, sequence and tote (one statement per
	500 tasks). Returns each order's totes."""
	wave.set("tours", [])
	totes_of_order: dict[str, list[str]] = defaultdict(list)
	placed: dict[str, dict] = {}
	for number, tour in enumerate(tours, start=1):
		totes = {}
		if wave.picking_mode in (PickingMode.CLUSTER.value, PickingMode.ZONE.value):
			totes = {so: f"{number}-{k}" for k, so in enumerate(tour["orders"], start=1)}
		for seq, t in enumerate(tour["tasks"], start=1):
			placed[t.name] = {
				"pick_wave": wave.name,
				"tour": number,
				"sequence": seq,
				"tote": totes.get(t.reference_name),
			}
		for so, tote in totes.items():
			totes_of_order[so].append(tote)
		wave.append(
			"tours",
			{
				"tour": number,
				"zone": tour["zone"],
				"status": "Queued",
				"orders": len(tour["orders"]),
				"tasks": len(tour["tasks"]),
				"route_length": tour["length"],
				"totes": ", ".join(totes.values()),
			},
		)
	task_service.update_rows("Warehouse Task", placed)
	return totes_of_order


def describe_orders(wave, tasks, totes_of_order: dict[str, list[str]]) -> None:
	"""Each order row of the wave: its customer, its lines (each once however many bins), its
	totes and earliest delivery date. One query."""
	customers = dict(
		frappe.get_all(
			SALES_ORDER,
			filters={"name": ["in", [r.sales_order for r in wave.orders]]},
			fields=["name", "customer"],
			as_list=True,
		)
	)
	lines = defaultdict(set)
	for t in tasks:
		lines[t.reference_name].add(t.reference_detail or t.name)
	for row in wave.orders:
		row.customer = customers.get(row.sales_order)
		row.lines = len(lines.get(row.sales_order, ()))
		row.tote = ", ".join(totes_of_order.get(row.sales_order, []))
		row.delivery_date = min(
			(t.delivery_date for t in tasks if t.reference_name == row.sales_order and t.delivery_date),
			default=None,
		)


def why_nothing_to_pick(orders: list[str], wave) -> str:
	"""Per Sales Order, why a wave found none of its tasks to pick (the error path only: one query)."""
	tasks = frappe.get_all(
		"Warehouse Task",
		filters={
			"reference_doctype": SALES_ORDER,
			"reference_name": ["in", orders],
			"task_type": TaskType.PICK.value,
		},
		fields=["reference_name", "status", "pick_wave", "warehouse"],
	)
	reasons = []
	for so in orders:
		mine = [t for t in tasks if t.reference_name == so]
		open_ = [t for t in mine if t.status in (TaskStatus.OPEN.value, TaskStatus.ASSIGNED.value)]
		elsewhere = sorted({t.pick_wave for t in open_ if t.pick_wave and t.pick_wave != wave.name})
		if not mine:
			why = _("no pick tasks (not submitted, or not allocated yet)")
		elif not open_:
			why = _("no open pick tasks (all picked, short or cancelled)")
		elif elsewhere:
			why = _("its open pick tasks are on Pick Wave {0}").format(", ".join(elsewhere))
		elif not any(t.warehouse == wave.warehouse for t in open_):
			why = _("its open pick tasks are in {0}").format(", ".join(sorted({t.warehouse for t in open_})))
		else:
			why = _("its open pick tasks do not match the wave's filters (zone, priority, customer, cut-off)")
		reasons.append(_("Sales Order {0}: {1}").format(so, why))
	return "; ".join(reasons)


# ---------------------------------------------------------------------------- release + progress


def release_wave(*, wave_name: str, operators: list[str] | None = None) -> frappe.model.document.Document:
	"""Hand the planned tours to ``operators`` round-robin (tasks Assigned), or leave them queued."""
	wave = frappe.get_doc("Pick Wave", wave_name, for_update=True)
	if wave.status == WaveStatus.DRAFT.value:
		wave = plan_wave(wave_name=wave_name)
	if wave.status != WaveStatus.PLANNED.value:
		frappe.throw(
			_("Pick Wave {0} is {1}; only a Planned wave can be released").format(wave.name, wave.status),
			WaveError,
		)
	operators = [o for o in (operators or []) if o]
	check_operators(operators)
	who = cycle(operators) if operators else None
	for tour in wave.tours:
		tour.operator = next(who) if who else tour.operator
		if tour.operator:
			tour.status = "Assigned"
			frappe.db.sql(
				"""update `tabWarehouse Task` set assigned_to=%s, status=%s
				where pick_wave=%s and tour=%s and status in ('Open', 'Assigned')""",
				(tour.operator, TaskStatus.ASSIGNED.value, wave.name, tour.tour),
			)
	wave.status = WaveStatus.RELEASED.value
	wave.released_on = now_datetime()
	wave.save(ignore_permissions=True)
	return wave


def check_operators(operators: list[str]) -> None:
	"""Tours go only to enabled users who hold WMS Operator (Administrator holds every role): not to
	Guest, a disabled user or someone who cannot pick."""
	enabled = (
		dict(
			frappe.get_all(
				"User", filters={"name": ["in", operators]}, fields=["name", "enabled"], as_list=True
			)
		)
		if operators
		else {}
	)
	for user in operators:
		if user not in enabled:
			frappe.throw(_("Operator {0} is not a user").format(user), WaveError)
		if not enabled[user] or user == "Guest":
			frappe.throw(_("Operator {0} is not an enabled user").format(user), WaveError)
		if WMS_OPERATOR not in frappe.get_roles(user):
			frappe.throw(_("Operator {0} does not have the {1} role").format(user, WMS_OPERATOR), WaveError)
