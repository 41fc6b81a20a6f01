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
from wms_module.services.wave_gathering import check_limits, fill_orders, unwaved_tasks
from wms_module.services.wave_progress import progress_of, set_progress

# ---------------------------------------------------------------------------- gather


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
	operator_of = {}
	for tour in wave.tours:
		tour.operator = next(who) if who else tour.operator
		if tour.operator:
			tour.status = "Assigned"
			operator_of[tour.tour] = tour.operator
	assign_tours(wave.name, operator_of)
	wave.status = WaveStatus.RELEASED.value
	wave.released_on = now_datetime()
	wave.save(ignore_permissions=True)
	return wave


def assign_tours(wave_name: str, operator_of: dict[int, str]) -> None:
	"""The unstarted tasks of each tour become Assigned to its operator (one read, one write)."""
	if not operator_of:
		return
	tasks = frappe.get_all(
		"Warehouse Task",
		filters={
			"pick_wave": wave_name,
			"tour": ["in", sorted(operator_of)],
			"status": ["in", [TaskStatus.OPEN.value, TaskStatus.ASSIGNED.value]],
		},
		fields=["name", "status", "tour"],
	)
	per_task = {t.name: {"assigned_to": operator_of[t.tour]} for t in tasks}
	task_service.change_status(tasks, TaskStatus.ASSIGNED, per_task=per_task)


def check_operators(operators: list[str]) -> None:
	"""Tours go only to the users ``wave_operators`` offers: not to Guest, a disabled user or someone
	who cannot pick; each refusal names the user and why. Two queries, however many operators."""
	if not operators:
		return
	enabled = dict(
		frappe.get_all("User", filters={"name": ["in", operators]}, fields=["name", "enabled"], as_list=True)
	)
	eligible = {u.name for u in wave_operators(users=operators)}
	for user in operators:
		if user not in enabled:
			frappe.throw(_("Operator {0} is not a user").format(user), WaveError)
		if not enabled[user] or user == "Guest":
			frappe.throw(_("Operator {0} is not an enabled user").format(user), WaveError)
		if user not in eligible:
			frappe.throw(_("Operator {0} does not have the {1} role").format(user, WMS_OPERATOR), WaveError)


OPERATORS_OFFERED = 100
"""At most this many operators in one answer of ``wave_operators`` (a search narrows them)."""


def wave_operators(*, users: list[str] | None = None, txt: str | None = None) -> list[frappe._dict]:
	"""The users a wave's tours may go to (name, full_name), by name: enabled, not Guest, and holding
	WMS Operator; Administrator holds every role, as frappe.get_roles answers for it. ``users``: only
	those of these names; ``txt``: those whose name or full name contains it. One query.

	The one definition of who may be handed a tour: ``check_operators`` refuses the others and the
	Release dialog offers only these."""
	conditions = [
		"u.enabled = 1",
		"u.name != 'Guest'",
		"""(u.name = 'Administrator' or exists (select 1 from `tabHas Role` hr
			where hr.parent = u.name and hr.parenttype = 'User' and hr.role = %(role)s))""",
	]
	values: dict = {"role": WMS_OPERATOR, "limit": OPERATORS_OFFERED}
	if users is not None:
		if not users:
			return []
		conditions.append("u.name in %(users)s")
		values.update(users=tuple(users), limit=len(users))
	if txt:
		conditions.append("(u.name like %(txt)s or u.full_name like %(txt)s)")
		values["txt"] = f"%{txt}%"
	where = " and ".join(conditions)
	return frappe.db.sql(
		f"select u.name, u.full_name from `tabUser` u where {where} order by u.name limit %(limit)s",
		values,
		as_dict=True,
	)
