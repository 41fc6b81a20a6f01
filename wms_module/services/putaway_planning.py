"""Directed putaway planning: Putaway tasks for what a Purchase Receipt landed in the receiving bin.

Read -> decide -> apply. ``putaway_tasks_for`` reads, for one warehouse and any number of lines,
the items, the rules, the layout and a BOUNDED set of candidate bins with what they hold and what
open putaway tasks bring them, in a constant number of queries (never one per line, never all
50,000 bins of a warehouse), asks the engine (core/putaway.py) and returns the tasks.
``create_receipt_putaway`` inserts them for a submitted receipt (on submit when WMS Settings >
Create Putaway Tasks is "On Receipt Submit", else from the receipt's Putaway button), once.

The state is read by services/putaway_candidates.py (the bounded candidate set and why the bound
is safe). When a line would be reported "no space" while a (zone, bin type) came back cut off at
its bound, the bins are read again with four times the bound (a few more queries for that
receipt, never per line).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, now_datetime, nowdate

from wms_module.core.bin_ledger import key_of
from wms_module.core.putaway import (
	AppliesTo,
	ItemProfile,
	PutawayConfig,
	PutawayPlan,
	PutawayRequest,
	Step,
	held,
	ineligible,
	parse_rule_order,
	plan_putaway,
	rules_for,
)
from wms_module.core.tasks import TaskStatus, TaskType
from wms_module.erp import ITEM_UNIT_VOLUME_FIELD
from wms_module.exceptions import core_errors_as_validation
from wms_module.services import bin_ledger, cross_dock, qc
from wms_module.services.managed import touches_managed_warehouse
from wms_module.services.putaway_candidates import (
	ITEM_CLASS_FIELDS,
	batch_expiries,
	group_ancestors,
	item_profiles,
	load_candidates,
	load_rules,
	warehouse_layout,
)
from wms_module.services.stock_sync import receiving_bins
from wms_module.services.tasks import ACTIVE_STATUSES, NewTask, change_status, insert_tasks, tasks_of

ON_RECEIPT_SUBMIT = "On Receipt Submit"
ON_DEMAND = "On Demand"
NO_SPACE_PREFIX = "no space"
PER_ZONE = 25
"""Empty bins offered per (zone, bin type) at least; more for a receipt of many lines."""
MAX_PER_ZONE = 2000


@dataclass(frozen=True)
class PutawaySettings:
	task_creation: str = ON_RECEIPT_SUBMIT
	order: tuple[Step, ...] = tuple(Step)


def get_putaway_settings() -> PutawaySettings:
	"""WMS Settings > Putaway (defaults for fields a site never saved). One query."""
	values = frappe.db.get_singles_dict("WMS Settings") or {}
	with core_errors_as_validation():
		order = parse_rule_order(values.get("putaway_rule_order"))
	return PutawaySettings(
		task_creation=values.get("putaway_task_creation") or ON_RECEIPT_SUBMIT, order=order
	)


@dataclass(frozen=True)
class PutawayLine:
	"""A quantity in the receiving bin to put away (a Purchase Receipt Item, or what cross-dock left)."""

	item_code: str
	qty: float
	batch_no: str | None = None
	reference_detail: str | None = None
	sscc: str | None = None
	qc_hold: bool = False


def as_request(line: PutawayLine, item, ancestors: dict, expiries: dict) -> PutawayRequest:
	return PutawayRequest(
		item=ItemProfile(
			item=item.name,
			item_groups=ancestors.get(item.item_group, (item.item_group,) if item.item_group else ()),
			unit_volume=flt(item.get(ITEM_UNIT_VOLUME_FIELD)),
			unit_weight=flt(item.weight_per_unit),
			whole_units=bool(cint(item.whole_units)),
			**{attr: item.get(f) or None for f, attr in ITEM_CLASS_FIELDS.items()},
		),
		batch=line.batch_no or None,
		qty=flt(line.qty),
		qc_hold=bool(line.qc_hold),
		expiry=getdate(expiries[line.batch_no]) if expiries.get(line.batch_no) else None,
		reference=line.reference_detail,
	)


def putaway_tasks_for(
	warehouse: str,
	source_bin: str,
	lines: Sequence[PutawayLine],
	*,
	reference_doctype: str,
	reference_name: str,
	settings: PutawaySettings | None = None,
) -> list[NewTask]:
	"""Putaway tasks (not inserted) taking ``lines`` from ``source_bin`` to the bins the engine
	chooses; a quantity no bin can take is a task without destination, status Exception, its
	reason "no space: ...". A constant number of queries whatever the number of lines."""
	lines = [line for line in lines if flt(line.qty) > 0]
	if not lines:
		return []
	settings = settings or get_putaway_settings()
	items = item_profiles(line.item_code for line in lines)
	missing = sorted({line.item_code for line in lines} - set(items))
	if missing:
		frappe.throw(_("Item {0} does not exist").format(", ".join(missing)), frappe.DoesNotExistError)
	rules = load_rules(warehouse)
	ancestors = (
		group_ancestors(i.item_group for i in items.values())
		if any(r.applies_to == AppliesTo.ITEM_GROUP for r in rules)
		else {}
	)
	expiries = batch_expiries(line.batch_no for line in lines)
	requests = [as_request(line, items[line.item_code], ancestors, expiries) for line in lines]
	config = PutawayConfig(order=settings.order, as_of=getdate(nowdate()))
	plans, zones_of = _plan(warehouse, requests, rules, config)
	tasks: list[NewTask] = []
	for line, plan in zip(lines, plans, strict=True):
		tasks.extend(_tasks_of_plan(warehouse, source_bin, line, plan, items[line.item_code], zones_of))
	for t in tasks:
		t.reference_doctype, t.reference_name = reference_doctype, reference_name
	return tasks


def _plan(warehouse, requests, rules, config) -> tuple[list[PutawayPlan], dict[str, str]]:
	"""Plan on the bounded candidate set; read a larger one only if a line found no space while a
	(zone, bin type) was cut off at its bound."""
	layout = warehouse_layout(warehouse, for_update=True)
	zone_types = ["Pick", "Reserve"] + (["Quarantine"] if any(held(r, config) for r in requests) else [])
	items = sorted({r.item.item for r in requests})
	per_zone = max(PER_ZONE, 2 * len(requests))
	while True:
		candidates = load_candidates(warehouse, items, zone_types, layout, per_zone)
		with core_errors_as_validation():
			plans = plan_putaway(requests, candidates.bins, rules, config)
		if per_zone >= MAX_PER_ZONE or not _more_would_help(plans, candidates, rules, config):
			return plans, candidates.zones_of
		per_zone *= 4


def _more_would_help(plans, candidates, rules, config) -> bool:
	"""A line found no space while a (zone, bin type) it may go to was cut off at its bound. The
	bins with room read are not fixed faces, so whether a line may use one depends on its zone and bin
	type only: a cut-off partition the line may not use (another temperature class, say) would only
	bring more bins it refuses."""
	for plan in plans:
		if plan.unplaced <= 0:
			continue
		own_rules, quarantine = rules_for(plan.request.item, rules), held(plan.request, config)
		for c in candidates.cut_off:  # a bin of each cut-off partition
			if not ineligible(plan.request, c, own_rules, quarantine):
				return True
	return False


def _tasks_of_plan(
	warehouse, source_bin, line: PutawayLine, plan: PutawayPlan, item, zones_of
) -> list[NewTask]:
	common = dict(
		task_type=TaskType.PUTAWAY.value,
		warehouse=warehouse,
		item_code=line.item_code,
		batch_no=line.batch_no or None,
		uom=item.stock_uom,
		source_bin=source_bin,
		sscc=line.sscc or None,
		reference_detail=line.reference_detail,
	)
	tasks = [
		NewTask(
			qty=p.qty,
			destination_bin=p.bin,
			suggested_bin=p.bin,
			putaway_rule=p.rule,
			zone=zones_of.get(p.bin),
			**common,
		)
		for p in plan.placements
	]
	if plan.unplaced > 0:
		tasks.append(
			NewTask(
				qty=plan.unplaced, status=TaskStatus.EXCEPTION.value, exception_reason=plan.reason, **common
			)
		)
	return tasks


# ------------------------------------------------------------------------------------ receipts

RECEIPT = "Purchase Receipt"
NO_PUTAWAY_FLAG = "wms_no_putaway"
"""doc.flags key: the caller places this receipt's stock itself (the demo's opening stock): no tasks."""


def on_receipt_submit(doc) -> None:
	"""doc_event (after stock_sync put the receipt in the receiving bin): the tasks, if WMS Settings
	says "On Receipt Submit". A return (is_return) takes stock out: nothing to put away."""
	if doc.get("is_return") or doc.flags.get(NO_PUTAWAY_FLAG):
		return
	settings = get_putaway_settings()
	if settings.task_creation == ON_RECEIPT_SUBMIT:
		create_receipt_putaway(doc, settings=settings)


def create_receipt_putaway(purchase_receipt, *, settings: PutawaySettings | None = None) -> dict:
	"""Putaway tasks for what a submitted Purchase Receipt (a document or its name) landed in the
	receiving bins of managed warehouses. Idempotent: a line (receipt row, item, batch) already
	covered by its tasks gets none; its "no space" tasks (Exception, no destination) are cancelled
	and planned again, so running it after making room places what is left. Queries: a constant
	per receipt plus a constant per warehouse, whatever the number of lines."""
	# on demand the receipt's row is locked first, so a double click plans once (the second waits,
	# then finds the first's tasks)
	doc = (
		purchase_receipt
		if not isinstance(purchase_receipt, str)
		else frappe.get_doc(RECEIPT, purchase_receipt, for_update=True)
	)
	if doc.docstatus != 1:
		frappe.throw(
			_("Purchase Receipt {0} is not submitted; its stock is not in the receiving bin yet").format(
				frappe.bold(doc.name)
			)
		)
	landed = landed_lines(doc)
	result = {"purchase_receipt": doc.name, "tasks": [], "no_space": [], "cancelled": 0}
	if not landed:
		return result
	settings = settings or get_putaway_settings()
	existing = tasks_of(RECEIPT, doc.name)
	result["cancelled"] = _cancel_no_space(existing)
	existing += qc.tasks_of_checks(doc.name)  # a lot accepted on the dock left with its check's tasks
	new_tasks: list[NewTask] = []
	on_hold = qc.held_lines(doc.name)
	for (warehouse, source_bin), lines in landed.items():
		lines = cross_dock.not_cross_docked(doc.name, source_bin, _not_yet_planned(lines, existing))
		lines = still_on_the_dock(source_bin, lines)
		# a lot awaiting its QC decision goes to quarantine only, and is never cross-docked
		held = [replace(line, qc_hold=True) for line in lines if line.reference_detail in on_hold]
		lines = [line for line in lines if line.reference_detail not in on_hold]
		lines = lines_left_after_cross_dock(doc, warehouse, source_bin, lines)
		planned = putaway_tasks_for(
			warehouse,
			source_bin,
			lines + held,
			reference_doctype=RECEIPT,
			reference_name=doc.name,
			settings=settings,
		)
		new_tasks += qc.hold([t for t in planned if t.reference_detail in on_hold])
		new_tasks += [t for t in planned if t.reference_detail not in on_hold]
	insert_tasks(new_tasks)
	result["tasks"] = [t.name for t in new_tasks]
	result["no_space"] = [
		{"item_code": t.item_code, "batch_no": t.batch_no, "qty": t.qty, "reason": t.exception_reason}
		for t in new_tasks
		if t.status == TaskStatus.EXCEPTION.value
	]
	return result


def lines_left_after_cross_dock(
	doc, warehouse: str, source_bin: str, lines: list[PutawayLine]
) -> list[PutawayLine]:
	"""THE hand-over point to cross-docking: what a waiting Sales Order needs of ``lines`` goes to its
	staging bin as cross-dock Pick tasks (``services.cross_dock``, when the warehouse's layout has
	Cross-dock Receipts on), and what is left is returned to be put away. (What an earlier run
	cross-docked of the receipt was taken off before: ``cross_dock.not_cross_docked``.)"""
	_tasks, left = cross_dock.cross_dock(warehouse, source_bin, lines, receipt=doc.name)
	return left


def landed_lines(doc) -> dict[tuple[str, str], list[PutawayLine]]:
	"""(warehouse, receiving bin) -> the receipt's lines as its bin-ledger rows put them into the
	receiving bins of managed warehouses (what did not land there, e.g. a warehouse without a
	receiving bin, which receives into its unlocated bin, is not put away). Three queries."""
	warehouses = touches_managed_warehouse(doc)
	if not warehouses:
		return {}
	receiving = receiving_bins(warehouses)
	if not receiving:
		return {}
	rows = frappe.get_all(
		"Bin Ledger Entry",
		filters={
			"voucher_type": doc.doctype,
			"voucher_no": doc.name,
			"storage_bin": ["in", sorted(set(receiving.values()))],
		},
		fields=["warehouse", "storage_bin", "item_code", "batch_no", "qty", "voucher_detail_no"],
		order_by="creation asc, name asc",
	)
	sscc = {row.name: row.get("wms_sscc") for row in doc.get("items") or []}
	qty: dict[tuple, float] = defaultdict(float)
	for r in rows:
		if receiving.get(r.warehouse) == r.storage_bin:
			qty[(r.warehouse, r.storage_bin, r.voucher_detail_no, r.item_code, r.batch_no or None)] += flt(
				r.qty
			)
	out: dict[tuple[str, str], list[PutawayLine]] = defaultdict(list)
	for (warehouse, bin_name, detail, item, batch), q in qty.items():
		if q > 0:
			out[(warehouse, bin_name)].append(PutawayLine(item, q, batch, detail, sscc.get(detail)))
	return dict(out)


def still_on_the_dock(source_bin: str, lines: list[PutawayLine]) -> list[PutawayLine]:
	"""``lines`` cut to what the receiving bin still holds that no open Putaway task takes away
	already (of any receipt): stock moved on by hand since it landed gets no task. Two queries."""
	items = sorted({line.item_code for line in lines})
	if not items:
		return []
	balances = bin_ledger.load_balances([source_bin], items)
	free = {k: flt(b.on_hand_qty) - flt(b.allocated_qty) for k, b in balances.items()}
	for t in frappe.get_all(
		"Warehouse Task",
		filters={
			"source_bin": source_bin,
			"item_code": ["in", items],
			"task_type": TaskType.PUTAWAY.value,
			"status": ["in", list(ACTIVE_STATUSES)],
		},
		fields=["item_code", "batch_no", "qty", "picked_qty"],
	):
		key = key_of(source_bin, t.item_code, t.batch_no)
		free[key] = free.get(key, 0.0) - (flt(t.qty) - flt(t.picked_qty))
	out = []
	for line in lines:
		key = key_of(source_bin, line.item_code, line.batch_no)
		qty = min(flt(line.qty), max(0.0, free.get(key, 0.0)))
		if qty > 1e-9:
			free[key] -= qty
			out.append(replace(line, qty=qty))
	return out


def _line_key(detail, item, batch) -> tuple:
	return (detail or None, item, batch or None)


def _not_yet_planned(lines: list[PutawayLine], existing: list) -> list[PutawayLine]:
	"""What of each line its receipt's Putaway tasks (all but cancelled and "no space" ones) do not cover."""
	covered: dict[tuple, float] = defaultdict(float)
	for t in existing:
		if (
			t.task_type == TaskType.PUTAWAY.value
			and t.status != TaskStatus.CANCELLED.value
			and not is_no_space(t)
		):
			covered[_line_key(t.reference_detail, t.item_code, t.batch_no)] += flt(t.qty)
	out = []
	for line in lines:
		left = flt(line.qty) - covered.get(_line_key(line.reference_detail, line.item_code, line.batch_no), 0)
		if left > 1e-9:
			out.append(replace(line, qty=left))
	return out


def is_no_space(task) -> bool:
	return (
		task.status == TaskStatus.EXCEPTION.value
		and not task.destination_bin
		and (task.exception_reason or "").startswith(NO_SPACE_PREFIX)
	)


def _cancel_no_space(existing: list) -> int:
	stale = [t for t in existing if t.task_type == TaskType.PUTAWAY.value and is_no_space(t)]
	if stale:
		change_status(stale, TaskStatus.CANCELLED, {"completed_on": now_datetime()})
	return len(stale)
