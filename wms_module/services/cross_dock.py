"""Cross-docking: received stock that an open Sales Order is short of goes straight to staging.

When a receipt lands in a warehouse whose Warehouse Layout has Cross-dock Receipts on, the
received quantity is first offered to the warehouse's shortage records (``services.shortages``:
Pick tasks in Exception without a bin, the units no bin could cover) of open, submitted Sales
Orders, highest Pick Priority first, then the earliest delivery date, then the oldest record
(``core.cross_dock.match``). Each match re-allocates the short line to the receiving bin: a
**Pick task from the receiving bin to the layout's staging bin**, marked ``putaway_rule =
"Cross-dock"``, holding its units in Bin Stock like any allocation. So the operator picks it
like any pick (``services.picking.confirm_pick``), the order's status, waves and Delivery Note
follow as for any pick, and a later re-allocation of the order counts it as covering the line.
The shortage record goes: cancelled (with the receipt and the new task in its reason) when
covered in full, lowered to what is still missing otherwise. A short pick's record is on its wave:
the task joins that wave while it is being picked (Released / In Progress), else it waits for the
next wave like any new pick of the order. What is left of the receipt goes to putaway.

Read -> decide -> apply, a constant number of queries per receipt plus one per Sales Order that
waits (its customer's minimum shelf life) and one per Pick Wave touched; never per line.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from wms_module.core.bin_ledger import key_of
from wms_module.core.bins import EPSILON
from wms_module.core.cross_dock import Match, Received, Waiting, match
from wms_module.core.tasks import TaskStatus, TaskType
from wms_module.core.waves import RELEASED
from wms_module.erp import SALES_ORDER
from wms_module.exceptions import WMSValidationError, core_errors_as_validation
from wms_module.services import bin_ledger
from wms_module.services import tasks as task_service
from wms_module.services.allocation import STOPPED_ORDER_STATUSES
from wms_module.services.order_lines import item_rows
from wms_module.services.outbound_settings import customer_shelf_life
from wms_module.services.wave_progress import update_wave_progress

CROSS_DOCK_RULE = "Cross-dock"
"""Warehouse Task.putaway_rule of a cross-dock Pick task (receiving bin -> staging bin): "Cross-dock
from <receipt>" when the receipt is known (``is_cross_dock``)."""


def is_cross_dock(task) -> bool:
	return (task.get("putaway_rule") or "").startswith(CROSS_DOCK_RULE)


def not_cross_docked(receipt: str, receiving_bin: str, lines: Sequence) -> list:
	"""``lines`` of ``receipt`` less what earlier runs cross-docked of it (planning its putaway again):
	those units are held by their Pick tasks, neither to be cross-docked again nor put away. One query."""
	lines = [line for line in lines if flt(_get(line, "qty")) > EPSILON]
	return lines_left(lines, cross_docked_from(receipt, receiving_bin)) if lines else []


def cross_docked_from(receipt: str, receiving_bin: str) -> list[Match]:
	"""What earlier runs cross-docked of ``receipt`` from ``receiving_bin`` (its tasks not cancelled),
	per item and batch. One query, on the source bin's index."""
	rows = frappe.db.sql(
		"""select item_code, batch_no, sum(qty) as qty from `tabWarehouse Task`
		where source_bin = %s and task_type = %s and putaway_rule = %s and status != %s
		group by item_code, batch_no""",
		(receiving_bin, TaskType.PICK.value, f"{CROSS_DOCK_RULE} from {receipt}", TaskStatus.CANCELLED.value),
		as_dict=True,
	)
	return [Match("", r.item_code, r.batch_no or None, flt(r.qty)) for r in rows]


NOT_WAITING_STATUSES = (*STOPPED_ORDER_STATUSES, "Completed", "Cancelled")
"""Sales Order statuses whose shortages are not served (On Hold / Closed are picked again on resume)."""


@dataclass(frozen=True)
class ReceivedLine:
	"""What a receipt put into the receiving bin: ``qty`` (stock UOM) of an item (batch)."""

	item_code: str
	qty: float
	batch_no: str | None = None
	detail: str | None = None
	"""The receipt row (Purchase Receipt Item name), when known."""


def cross_dock(
	warehouse: str, receiving_bin: str, lines: Sequence, *, receipt: str | None = None
) -> tuple[list[task_service.NewTask], list]:
	"""Serve the warehouse's waiting shortages from ``lines`` (objects or dicts with item_code, qty,
	batch_no), already in ``receiving_bin``. Returns (the cross-dock Pick tasks made, the lines
	left for putaway: same type, qty lowered, lines fully taken dropped). Does nothing unless the
	warehouse's layout has Cross-dock Receipts on and a staging bin."""
	lines = [line for line in lines if flt(_get(line, "qty")) > EPSILON]
	layout = frappe.db.get_value(
		"Warehouse Layout", warehouse, ["cross_dock", "staging_bin", "is_active"], as_dict=True
	)
	if not lines or not layout or not layout.cross_dock or not layout.is_active or not layout.staging_bin:
		return [], lines
	source = _receiving_bin(warehouse, receiving_bin)
	if not lines:
		return [], lines
	waiting_rows = waiting_shortages(warehouse, {_get(line, "item_code") for line in lines})
	if not waiting_rows:
		return [], lines
	received = received_of(lines)
	waiting = waiting_of(waiting_rows, received)
	with core_errors_as_validation():
		matches = match(received, waiting, as_of=getdate(nowdate()))
	if not matches:
		return [], lines
	tasks = apply_matches(matches, waiting_rows, source, layout.staging_bin, receipt=receipt)
	return tasks, lines_left(lines, matches)


def _get(line, field: str):
	return line.get(field) if isinstance(line, dict) else getattr(line, field, None)


def _receiving_bin(warehouse: str, receiving_bin: str) -> frappe._dict:
	row = frappe.db.get_value("Storage Bin", receiving_bin, ["name", "warehouse", "zone"], as_dict=True)
	if not row or row.warehouse != warehouse:
		frappe.throw(
			_("Receiving bin {0} is not a Storage Bin of {1}").format(receiving_bin, warehouse),
			WMSValidationError,
		)
	return row


def waiting_shortages(warehouse: str, items) -> list[frappe._dict]:
	"""The shortage records of open, submitted Sales Orders for ``items`` in ``warehouse``, locked,
	in serving order: highest priority, earliest delivery date, oldest record first. One query."""
	return frappe.db.sql(
		"""select t.name, t.status, t.item_code, t.uom, t.qty, t.short_qty, t.picked_qty, t.source_bin,
			t.priority, t.delivery_date, t.pick_wave, t.tour, t.reference_name, t.reference_detail,
			so.customer
		from `tabWarehouse Task` t
		inner join `tabSales Order` so on so.name = t.reference_name
		where t.reference_doctype = %(so)s and t.warehouse = %(warehouse)s and t.item_code in %(items)s
			and t.task_type = %(pick)s and t.status = %(exception)s
			and coalesce(t.source_bin, '') = '' and coalesce(t.picked_qty, 0) = 0
			and so.docstatus = 1 and so.status not in %(not_waiting)s
		order by t.priority desc, coalesce(t.delivery_date, so.delivery_date) asc, t.creation asc, t.name asc
		for update""",
		{
			"so": SALES_ORDER,
			"warehouse": warehouse,
			"items": tuple(sorted(items)),
			"pick": TaskType.PICK.value,
			"exception": TaskStatus.EXCEPTION.value,
			"not_waiting": NOT_WAITING_STATUSES,
		},
		as_dict=True,
	)


def received_of(lines) -> list[Received]:
	"""The lines as the core sees them, with their batches' expiry (one query, none without batches)."""
	batches = sorted({_get(line, "batch_no") for line in lines if _get(line, "batch_no")})
	expiry = (
		dict(
			frappe.get_all(
				"Batch", filters={"name": ["in", batches]}, fields=["name", "expiry_date"], as_list=True
			)
		)
		if batches
		else {}
	)
	return [
		Received(
			_get(line, "item_code"),
			_get(line, "batch_no") or None,
			flt(_get(line, "qty")),
			expiry=getdate(expiry[_get(line, "batch_no")]) if expiry.get(_get(line, "batch_no")) else None,
		)
		for line in lines
	]


def waiting_of(rows, received: list[Received]) -> list[Waiting]:
	"""The shortage records as the core sees them: whole units per the item's UOM (one query) and the
	earliest expiry each order's customer accepts (one query per order, only when a batch expires)."""
	items = item_rows({r.item_code for r in rows})
	as_of = getdate(nowdate())
	min_days: dict[str, int] = {}
	if any(r.expiry for r in received):
		for order in sorted({r.reference_name for r in rows}):
			min_days[order] = customer_shelf_life(order)[1]
	return [
		Waiting(
			r.name,
			r.item_code,
			flt(r.short_qty) or flt(r.qty),
			whole_number=bool((items.get(r.item_code) or frappe._dict()).must_be_whole_number),
			min_expiry=as_of + timedelta(days=min_days[r.reference_name])
			if min_days.get(r.reference_name)
			else None,
		)
		for r in rows
	]


def apply_matches(matches: list[Match], rows, source, staging_bin: str, *, receipt: str | None) -> list:
	"""Hold the matched units in the receiving bin, insert the cross-dock Pick tasks, settle the
	shortage records and refresh the waves they were on."""
	by_name = {r.name: r for r in rows}
	rule = f"{CROSS_DOCK_RULE} from {receipt}" if receipt else CROSS_DOCK_RULE
	tasks = [cross_dock_task(m, by_name[m.shortage], source, staging_bin, rule) for m in matches]
	keep_on_open_waves(tasks)
	hold_in_receiving_bin(source.name, matches)
	task_service.insert_tasks(tasks)
	settle_shortages(rows, [(m.shortage, t) for m, t in zip(matches, tasks, strict=True)], receipt=receipt)
	for wave in sorted({by_name[m.shortage].pick_wave for m in matches if by_name[m.shortage].pick_wave}):
		update_wave_progress(wave)  # the short units are on a task now, or the record left the wave
	return tasks


def keep_on_open_waves(tasks) -> None:
	"""Keep a task on its shortage record's wave only while that wave is being picked (Released or In
	Progress: its progress counts it); a Completed wave takes no new work, so the task is left for the
	next wave to gather, like any new pick of the order. One query, none without waves."""
	names = sorted({t.pick_wave for t in tasks if t.pick_wave})
	if not names:
		return
	open_waves = set(
		frappe.get_all(
			"Pick Wave", filters={"name": ["in", names], "status": ["in", list(RELEASED)]}, pluck="name"
		)
	)
	for t in tasks:
		if t.pick_wave and t.pick_wave not in open_waves:
			t.pick_wave, t.tour = None, 0


def cross_dock_task(m: Match, shortage, source, staging_bin: str, rule: str) -> task_service.NewTask:
	return task_service.NewTask(
		task_type=TaskType.PICK.value,
		warehouse=source.warehouse,
		item_code=m.item,
		qty=m.qty,
		batch_no=m.batch,
		uom=shortage.uom,
		source_bin=source.name,
		destination_bin=staging_bin,
		putaway_rule=rule,
		zone=source.zone,
		reference_doctype=SALES_ORDER,
		reference_name=shortage.reference_name,
		reference_detail=shortage.reference_detail,
		delivery_date=shortage.delivery_date,
		priority=int(shortage.priority or 0),
		pick_wave=shortage.pick_wave,
		tour=int(shortage.tour or 0),
	)


def hold_in_receiving_bin(bin_name: str, matches: list[Match]) -> None:
	"""Raise the receiving bin's allocated qty by what the matches take (rows locked); refuse when the
	bin does not hold it unallocated (the receipt's stock is not there)."""
	taken: dict[tuple, float] = defaultdict(float)
	for m in matches:
		taken[(m.item, m.batch)] += m.qty
	balances = bin_ledger.load_balances([bin_name], [k[0] for k in taken], for_update=True)
	raised = {}
	for (item, batch), qty in taken.items():
		row = balances.get(key_of(bin_name, item, batch))
		free = flt(row.on_hand_qty) - flt(row.allocated_qty) if row else 0.0
		if free < qty - EPSILON:
			frappe.throw(
				_(
					"Receiving bin {0} holds {1} unallocated of {2} (batch {3}); cross-docking needs {4}"
				).format(bin_name, free, item, batch or "-", qty),
				WMSValidationError,
			)
		raised[row.name] = {"allocated_qty": flt(row.allocated_qty) + qty}
	task_service.update_rows("Bin Stock", raised)


def settle_shortages(rows, made: list[tuple[str, task_service.NewTask]], *, receipt: str | None) -> None:
	"""Cancel the shortage records the new tasks cover in full (naming the receipt and the tasks);
	lower the others to what is still missing. ``made``: (shortage record, the task serving it).
	One UPDATE each, none when there is nothing to do."""
	covered: dict[str, float] = defaultdict(float)
	names: dict[str, list[str]] = defaultdict(list)
	for shortage, t in made:
		covered[shortage] += flt(t.qty)
		names[shortage].append(t.name)
	done, lowered, reasons = [], {}, {}
	for r in rows:
		if r.name not in covered:
			continue
		still = (flt(r.short_qty) or flt(r.qty)) - covered[r.name]
		if still <= EPSILON:
			done.append(r)
			reasons[r.name] = {
				"exception_reason": _("Cross-docked from {0}: Pick task {1}").format(
					receipt or _("a receipt"), ", ".join(names[r.name])
				)
			}
		else:
			lowered[r.name] = {"qty": still, "short_qty": still}
	task_service.change_status(done, TaskStatus.CANCELLED, per_task=reasons)
	task_service.update_rows("Warehouse Task", lowered)


def lines_left(lines: list, matches: list[Match]) -> list:
	"""``lines`` less what the matches took (in order), lines with nothing left dropped."""
	taken: dict[tuple, float] = defaultdict(float)
	for m in matches:
		taken[(m.item, m.batch)] += m.qty
	out = []
	for line in lines:
		key = (_get(line, "item_code"), _get(line, "batch_no") or None)
		take = min(flt(_get(line, "qty")), taken[key])
		taken[key] -= take
		rest = flt(_get(line, "qty")) - take
		if rest > EPSILON:
			out.append(_with_qty(line, rest))
	return out


def _with_qty(line, qty: float):
	if isinstance(line, dict):
		return {**line, "qty": qty}
	if dataclasses.is_dataclass(line):
		return dataclasses.replace(line, qty=qty)
	copy = frappe._dict(vars(line))
	copy.qty = qty
	return copy
