"""Allocate Sales Order lines to storage bins and turn the allocations into Pick tasks.

Read -> decide -> apply, with a constant number of queries per order (Bin Stock rows
are updated in one statement, see ``tasks.update_rows``):

- read: the order's existing Pick tasks, the Warehouse Layouts, the items (stock
  UOM and whether it counts in whole units) and, in ONE locked query
  (``SELECT ... FOR UPDATE``), every Bin Stock row of the order's items in the
  order's warehouses with its Storage Bin (zone type, status, layout position)
  and batch expiry;
- decide: ``wms_module.core.allocation.allocate`` (pick zones before reserve,
  available = on hand - allocated; per line the removal strategy of its item
  group's WMS Removal Rule, else of the Warehouse Layout, else WMS Settings'
  default; the customer's minimum remaining shelf life from WMS Settings);
- apply: raise Bin Stock.allocated_qty for each allocation (one UPDATE) and insert the Pick
  tasks (source bin -> the layout's staging bin) in one statement. A line that
  cannot be allocated in full gets a task in status Exception for the missing
  quantity, carrying the reason (no stock, allocated to other orders, expired,
  ...): the order's shortage list is its Exception tasks.

ERPNext stock reservations of other orders are left in the bins: see ``services.reservations``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from datetime import date

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from wms_module import erp
from wms_module.core.allocation import (
	AllocationConfig,
	AllocationResult,
	OrderLine,
	RemovalStrategy,
	ShortageReason,
	allocate,
)
from wms_module.core.bins import EPSILON
from wms_module.core.layout import WarehouseLayout
from wms_module.core.tasks import TaskStatus, TaskType
from wms_module.erp import SALES_ORDER
from wms_module.exceptions import OrderNotOpenError, core_errors_as_validation
from wms_module.services import priority
from wms_module.services import tasks as task_service
from wms_module.services.geometry import core_layout, warehouse_layouts
from wms_module.services.managed import touches_managed_warehouse
from wms_module.services.order_lines import LineNeed, item_rows, line_needs, reduce_lines, reprioritise
from wms_module.services.outbound_settings import (
	OutboundSettings,
	customer_shelf_life,
	get_outbound_settings,
	item_group_rules,
	removal_strategy,
)
from wms_module.services.reservations import (
	hold_back_reserved,
	reserved_elsewhere,
	with_reservation_shortages,
)
from wms_module.services.shortages import cancel_shortage_records, drop_shortage_records
from wms_module.services.slots import as_slot, load_slots
from wms_module.services.wave_progress import refresh_order_delivery_dates, update_wave_progress

STOPPED_ORDER_STATUSES = ("On Hold", "Closed")
"""Sales Order statuses (ERPNext v15) in which the order is not picked (services/order_status.py)."""


@dataclass
class AllocationSummary:
	tasks: list[str] = field(default_factory=list)
	"""Pick tasks created."""
	shortages: list[str] = field(default_factory=list)
	"""Why lines could not be allocated in full (one message per short line)."""
	shortage_tasks: list[str] = field(default_factory=list)
	"""The Exception tasks recording those shortages."""
	reduced: float = 0.0
	short_qty: float = 0.0
	"""Total qty the shortages leave unallocated."""

	def notify(self) -> None:
		"""Tell the user about shortages (the order still submits; the Exception tasks list them)."""
		if self.shortages:
			frappe.msgprint(
				"<br>".join(self.shortages), title=_("Not everything could be allocated"), indicator="orange"
			)

	def as_dict(self) -> dict:
		return asdict(self)


# ---------------------------------------------------------------------------- read


# ---------------------------------------------------------------------------- decide + apply


def line_strategies(
	needs, layout_row, layout: WarehouseLayout | None, rules: dict, settings: OutboundSettings
) -> dict[str, RemovalStrategy]:
	"""Each line's removal strategy: its item group's rule (WMS Removal Rule, nearest group), else the
	warehouse layout's, else WMS Settings' default. Closest to Depot needs a valid layout: FIFO without."""
	layout_ok = layout is not None
	out = {}
	for n in needs:
		strategy = removal_strategy(layout_row.removal_strategy, settings, item_rule=rules.get(n.item_code))
		if strategy == RemovalStrategy.CLOSEST and not layout_ok:
			strategy = RemovalStrategy.FIFO
		out[n.detail] = strategy
	return out


@dataclass(frozen=True)
class AllocationContext:
	"""What one allocation reads once and every warehouse of it shares."""

	items: dict
	"""Item rows by code (stock UOM, whole units): ``order_lines.item_rows``."""
	settings: OutboundSettings
	rules: dict
	"""Each item's WMS Removal Rule strategy (``item_group_rules``)."""
	shelf_life: tuple
	"""(customer, minimum days of shelf life left) for a Sales Order; (None, 0) otherwise."""
	as_of: date


def allocate_in_warehouse(needs, rows, layout_row, ctx: AllocationContext) -> AllocationResult:
	"""Allocate one warehouse's lines, one core call per removal strategy in use.

	A strategy follows the item (its group's rule) or the warehouse, so the calls share no
	item and no slot: allocating them separately is the same as one call. ``shelf_life`` is
	(customer, days): lines get that minimum remaining shelf life and a shortage it causes
	names the customer's requirement.
	"""
	layout = core_layout(layout_row)
	customer, min_days = ctx.shelf_life
	strategy_of = line_strategies(needs, layout_row, layout, ctx.rules, ctx.settings)
	allocations, shortages = [], []
	for strategy in dict.fromkeys(strategy_of[n.detail] for n in needs):
		group = [n for n in needs if strategy_of[n.detail] == strategy]
		codes = {n.item_code for n in group}
		slots = [as_slot(r, as_of=ctx.as_of, layout=layout) for r in rows if r.item_code in codes]
		lines = [
			OrderLine(
				n.detail,
				n.item_code,
				n.qty,
				whole_number=bool(ctx.items[n.item_code].must_be_whole_number),
				min_remaining_shelf_life_days=min_days or None,
			)
			for n in group
		]
		with core_errors_as_validation():
			result = allocate(
				lines,
				slots,
				AllocationConfig(
					as_of=ctx.as_of, strategy=strategy, allow_batch_mix=ctx.settings.allow_batch_mix
				),
			)
		allocations += result.allocations
		for s in result.shortages:
			if ShortageReason.SHELF_LIFE_TOO_SHORT in s.reasons:
				required = _("customer {0} requires at least {1} days of shelf life left").format(
					customer, min_days
				)
				s = replace(
					s,
					message=f"{s.message} ({required})",
					phrases=(*s.phrases[:-1], f"{s.phrases[-1]} ({required})") if s.phrases else (required,),
				)
			shortages.append(s)
	return AllocationResult(tuple(allocations), tuple(shortages))


@dataclass(frozen=True)
class TaskOrigin:
	"""What every task of one allocation shares: the document it picks for and ``extra`` fields
	(e.g. the wave and tour of a short-picked task whose remainder is re-allocated)."""

	reference_doctype: str
	reference_name: str
	extra: dict

	def pick(self, a, *, need: LineNeed, slot_row, layout_row, uom: str) -> task_service.NewTask:
		"""The Pick task of allocation ``a``: from its bin to the layout's staging bin."""
		return self.task(
			need,
			layout_row,
			uom,
			qty=a.qty,
			batch_no=a.batch,
			source_bin=a.bin,
			zone=slot_row.zone,
			**self.extra,
		)

	def shortage(self, s, *, need: LineNeed, layout_row, uom: str) -> task_service.NewTask:
		"""The shortage record of ``s``: a Pick task in Exception without a bin, carrying the reason."""
		on_wave = {k: v for k, v in self.extra.items() if k in ("pick_wave", "priority")}
		return self.task(
			need,
			layout_row,
			uom,
			qty=s.short,
			short_qty=s.short,
			status=TaskStatus.EXCEPTION.value,
			exception_reason=s.message,
			**on_wave,
		)

	def task(self, need: LineNeed, layout_row, uom: str, **fields) -> task_service.NewTask:
		return task_service.NewTask(
			task_type=TaskType.PICK.value,
			warehouse=need.warehouse,
			item_code=need.item_code,
			uom=uom,
			destination_bin=layout_row.staging_bin,
			reference_doctype=self.reference_doctype,
			reference_name=self.reference_name,
			reference_detail=need.detail,
			delivery_date=need.delivery_date,
			**fields,
		)


def allocate_lines(
	needs: list[LineNeed],
	*,
	reference_doctype: str,
	reference_name: str,
	items: dict,
	settings: OutboundSettings,
	layouts: dict | None = None,
	exclude_bins=(),
	extra: dict | None = None,
) -> AllocationSummary:
	"""Allocate positive ``needs`` and insert their Pick (and shortage) tasks.

	``extra`` holds fields copied onto every new task (e.g. the wave and tour of a
	short-picked task whose remainder is re-allocated).
	"""
	# eight parameters: the three callers (order allocation, a short pick's remainder, tests)
	# each pass what they already hold (items, layouts) so nothing is read twice
	summary = AllocationSummary()
	needs = [n for n in needs if n.qty > EPSILON]
	if not needs:
		return summary
	layouts = layouts or warehouse_layouts(n.warehouse for n in needs)
	rows = load_slots({n.warehouse for n in needs}, {n.item_code for n in needs}, exclude_bins=exclude_bins)
	by_detail = {n.detail: n for n in needs}
	new_tasks: list[task_service.NewTask] = []
	allocated: dict[str, float] = defaultdict(float)
	row_of = {(r.storage_bin, r.item_code, r.batch_no or None): r for r in rows}
	origin = TaskOrigin(reference_doctype, reference_name, extra or {})
	ctx = AllocationContext(
		items=items,
		settings=settings,
		rules=item_group_rules(n.item_code for n in needs),
		shelf_life=customer_shelf_life(reference_name) if reference_doctype == SALES_ORDER else (None, 0),
		as_of=getdate(nowdate()),
	)
	reserved = reserved_elsewhere(needs, reference_doctype=reference_doctype, reference_name=reference_name)
	for warehouse in sorted({n.warehouse for n in needs}):
		layout_row = layouts[warehouse]
		wh_needs, held_back = hold_back_reserved(
			[n for n in needs if n.warehouse == warehouse], rows, reserved, items=items, as_of=ctx.as_of
		)
		result = allocate_in_warehouse(
			wh_needs, [r for r in rows if r.warehouse == warehouse], layout_row, ctx
		)
		for a in result.allocations:
			slot_row = row_of[(a.bin, a.item, a.batch)]
			allocated[slot_row.name] += a.qty
			new_tasks.append(
				origin.pick(
					a,
					need=by_detail[a.line_id],
					slot_row=slot_row,
					layout_row=layout_row,
					uom=items[a.item].stock_uom,
				)
			)
		for s in with_reservation_shortages(result.shortages, held_back):
			summary.shortages.append(s.message)
			summary.short_qty += s.short
			new_tasks.append(
				origin.shortage(
					s, need=by_detail[s.line_id], layout_row=layout_row, uom=items[s.item].stock_uom
				)
			)
	by_name = {r.name: r for r in rows}
	task_service.update_rows(
		"Bin Stock",
		{name: {"allocated_qty": flt(by_name[name].allocated_qty) + qty} for name, qty in allocated.items()},
	)
	task_service.insert_tasks(new_tasks)
	summary.tasks = [t.name for t in new_tasks if t.source_bin]
	summary.shortage_tasks = [t.name for t in new_tasks if not t.source_bin]
	return summary


# ---------------------------------------------------------------------------- ERPNext stock reservations


def refresh_waves_of(tasks, changed) -> None:
	"""Refresh the progress (and status) of the waves holding ``changed`` tasks: a wave whose last
	open line was taken back by an order edit completes, a deleted shortage no longer counts."""
	waves = sorted({t.pick_wave for t in tasks if t.get("pick_wave") and t.name in changed})
	if waves:
		for wave in waves:
			update_wave_progress(wave)


def allocate_sales_order(*, sales_order, settings: OutboundSettings | None = None) -> AllocationSummary:
	"""Bring the order's Pick tasks in line with its lines: allocate what is missing, take back what is too much.

	Safe to call again (on demand, after Update Items or a delivery date change): only the
	difference is allocated, tasks of removed lines or of a line's old warehouse are taken
	back, and changed delivery dates and Pick Priority move onto the open tasks.
	"""
	if sales_order.get("status") in STOPPED_ORDER_STATUSES:
		frappe.throw(
			_("Sales Order {0} is {1}; resume or re-open it before it is picked").format(
				sales_order.name, sales_order.status
			),
			OrderNotOpenError,
		)
	settings = settings or get_outbound_settings()
	tasks = task_service.tasks_of(SALES_ORDER, sales_order.name)
	lines = erp.sales_order_lines(sales_order)  # read once: dates, items and needs all come from it
	managed = touches_managed_warehouse(sales_order)
	lines = [line for line in lines if line.warehouse in managed]  # the others are ERPNext's alone
	reprioritise(lines, tasks)
	priority.refresh_task_priority(sales_order, tasks)
	# changed delivery dates onto the waves' order rows too (none queried for an order on no wave)
	refresh_order_delivery_dates(sales_order.name, lines, tasks)
	items = item_rows(line.item_code for line in lines)
	needs = line_needs(lines, tasks, items)
	changed = set(drop_shortage_records(tasks))
	if not needs:
		refresh_waves_of(tasks, changed)
		return AllocationSummary()
	reduced = reduce_lines(needs, tasks)
	if reduced:
		shrunk = {(n.detail, n.warehouse) for n in needs if n.qty < -EPSILON}
		changed |= {t.name for t in tasks if (t.reference_detail, t.warehouse) in shrunk}
	refresh_waves_of(tasks, changed)
	positive = [n for n in needs if n.qty > EPSILON]
	summary = allocate_lines(
		positive,
		reference_doctype=SALES_ORDER,
		reference_name=sales_order.name,
		items=items,
		settings=settings,
		extra={"priority": priority.order_priority(sales_order)},
	)
	summary.reduced = reduced
	return summary


def release_sales_order(*, sales_order) -> int:
	"""Cancel the order's active tasks (releasing their allocations) and send picked stock back.

	Stock already moved to the staging bin stays consistent in both ledgers (a move
	inside one warehouse); a Putaway task per picked task takes it back to the bin
	it came from. Returns the number of tasks cancelled.
	"""
	tasks = task_service.tasks_of(SALES_ORDER, sales_order.name)
	reason = _("Sales Order {0} was cancelled").format(sales_order.name)
	cancelled = task_service.cancel_tasks(tasks, reason=reason)
	# its shortage records (no bin, nothing held) are no longer missing: off the shortage list and
	# out of the waves' units (a short pick's record is on the wave)
	cancel_shortage_records(tasks, reason=reason)
	returns = [
		task_service.putaway_back(t, reference_doctype=SALES_ORDER, reference_name=sales_order.name)
		for t in tasks
		if t.task_type == TaskType.PICK.value and flt(t.picked_qty) > EPSILON and t.source_bin
	]
	task_service.insert_tasks(returns)
	waves = {t.pick_wave for t in tasks if t.pick_wave}
	if waves:
		for wave in sorted(waves):
			update_wave_progress(wave)
	return cancelled


def has_pick_tasks(sales_order: str) -> bool:
	return bool(
		frappe.db.exists("Warehouse Task", {"reference_doctype": SALES_ORDER, "reference_name": sales_order})
	)
