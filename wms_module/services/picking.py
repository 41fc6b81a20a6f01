"""Confirm a pick: scan bin -> item -> qty -> tote; move the stock to the staging bin.

Locks, always in this order, so two confirmations of the same stock serialize:
the task row (``SELECT ... FOR UPDATE``), then the Bin Stock rows of the source
and staging bins (by name, in ``bin_ledger.load_balances``). A short pick, which
may put the bin under count, first locks the source bin's Storage Bin row
(``bin_denial.lock_bin_of_task``; the global order is in ``services.counts``). The second of two
confirmations of a task's last unit therefore waits, then finds the task Done
(or the bin empty) and is refused; nothing it wrote survives.

A normal confirmation costs a constant number of queries whatever the size of
its wave (see tests/app/test_picking_queries.py): the task, its two bins, the
item barcode (only when the scan is not the item code), the balances, the
ledger rows, the task update, the wave's progress and the order's open-task count; then the labour
log: two reads and one INSERT (``services.labor.record_pick``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import flt, now_datetime

from wms_module.core.bin_ledger import key_of
from wms_module.core.bins import EPSILON, LedgerRow
from wms_module.core.tasks import TaskStatus, check_pick_qty, status_after_pick
from wms_module.erp import SALES_ORDER
from wms_module.exceptions import (
	WMSValidationError,
	core_errors_as_validation,
)
from wms_module.services import bin_denial, bin_ledger, labor, scans, short_picks, task_access
from wms_module.services import tasks as task_service
from wms_module.services.delivery import queue_delivery_note
from wms_module.services.wave_progress import update_wave_progress


@dataclass
class PickResult:
	task: str
	status: str
	picked_qty: float
	remaining_qty: float
	short_qty: float = 0
	reallocated_tasks: list[str] = field(default_factory=list)
	reallocated: list[dict] = field(default_factory=list)
	"""The re-allocated tasks as the handheld names them: [{task, bin_code, qty, sequence}], in walking order."""
	unallocated_qty: float = 0
	"""What a short pick left that no other bin holds: the order line is short by that."""
	short_reason: str | None = None
	delivery_note_queued: bool = False
	"""This confirmation finished the order's picks: its Delivery Note is made in the background."""
	wave_progress: dict | None = None
	count_task: str | None = None
	"""The Count task a short pick put its bin under (see ``services.counts``)."""

	def as_dict(self) -> dict:
		return dict(self.__dict__)


@dataclass(frozen=True)
class Confirmation:
	"""What the operator's scans confirm of a task, checked: the qty, the tote, whether the bin is out."""

	qty: float
	tote: str | None
	short: bool


@dataclass(frozen=True)
class PickOutcome:
	"""What a confirmation does to the task: picked so far, its new status, what is short and why."""

	picked: float
	status: TaskStatus
	short_qty: float
	reason: str | None
	release: float
	"""Allocation the source bin gives back: the qty picked, plus the rest of a short task."""


@dataclass(frozen=True)
class ConfirmPick:
	"""The handheld's confirmation of a Pick task: what it scanned and chose (api.picking.confirm)."""

	task: str
	bin_scan: str
	item_scan: str
	qty: float | None = None
	"""Units picked; None: the count a GS1 scan carries."""
	tote: str | None = None
	short: bool = False
	"""The bin holds no more than ``qty``: the rest is re-allocated or short."""
	batch_no: str | None = None
	started_at: str | None = None
	"""When the handheld scanned the task first (ISO datetime): the labour log's start (services.labor)."""
	confirmed_at: str | None = None
	"""When the operator confirmed on the handheld (ISO datetime; a queued confirmation arrives later)."""


def confirm_pick(command: ConfirmPick) -> PickResult:
	"""Confirm ``command.qty`` of a Pick task after its scans.

	Load (locks, in the global order) -> check the scans -> decide -> apply (Bin Stock, bin ledger,
	task) -> after-effects (bin count, re-allocation, wave progress, the order's Delivery Note) ->
	the labour log row.
	"""
	user = frappe.session.user
	t, bins = load_pick(command.task, short=command.short)
	confirmation = check_confirmation(t, bins, command)
	outcome = decide(t, bins, confirmation, user)
	source = apply_pick(t, confirmation, outcome, user)
	result = after_pick(t, bins, confirmation, outcome, source)
	labor.record_pick(
		t,
		qty=confirmation.qty,
		first=flt(t.picked_qty) <= EPSILON,
		final=outcome.status != TaskStatus.IN_PROGRESS,
		times=labor.HandheldTimes(command.started_at, command.confirmed_at),
	)
	return result


def load_pick(task: str, *, short: bool) -> tuple[frappe._dict, dict]:
	"""The task row locked (after its Storage Bin row for a short pick) and checked open for the
	caller, with its source and staging bins."""
	if short:
		bin_denial.lock_bin_of_task(task)  # Storage Bin -> task -> Bin Stock: see services.counts
	t = task_access.lock_task(task)
	task_access.check_task_open(t, frappe.session.user)
	bins = {
		r.name: r
		for r in frappe.get_all(
			"Storage Bin",
			filters={"name": ["in", [t.source_bin, t.destination_bin]]},
			fields=["name", "bin_code", "barcode", "warehouse"],
		)
	}
	return t, bins


def check_confirmation(t, bins: dict, c: ConfirmPick) -> Confirmation:
	"""The scans and the qty, checked against the task before anything is written."""
	scans.check_bin_scan(t, bins, c.bin_scan)
	_batch, scanned_qty = scans.check_item_scan(t, c.item_scan)
	scans.check_batch_given(t, c.batch_no)
	if c.qty in (None, "") and scanned_qty is None and not c.short:
		frappe.throw(
			_("Task {0}: no quantity given and the scan carries no count (scanned {1}); send qty").format(
				t.name, c.item_scan
			),
			WMSValidationError,
			title=_("Quantity missing"),
		)
	qty = flt(c.qty) if c.qty not in (None, "") else flt(scanned_qty)
	with core_errors_as_validation():
		check_pick_qty(t.name, requested=flt(t.qty), already=flt(t.picked_qty), confirmed=qty, short=c.short)
	return Confirmation(qty=qty, tote=scans.check_tote(t, c.tote), short=bool(c.short))


def bin_code(t, bins: dict) -> str:
	return bins[t.source_bin].bin_code if t.source_bin in bins else t.source_bin


def decide(t, bins: dict, c: Confirmation, user: str) -> PickOutcome:
	"""The task's new state (core.tasks.status_after_pick) and, for a short pick, the reason."""
	picked = flt(t.picked_qty) + c.qty
	status = status_after_pick(requested=flt(t.qty), picked=picked, short=c.short)
	short_qty = flt(t.qty) - picked if status == TaskStatus.EXCEPTION else 0.0
	reason = (
		_("Short pick: bin {0} held {1} of {2} x {3} (reported by {4})").format(
			bin_code(t, bins), f"{picked:g}", f"{flt(t.qty):g}", t.item_code, user
		)
		if short_qty
		else None
	)
	left_after = flt(t.qty) - flt(t.picked_qty) - c.qty
	release = c.qty + (left_after if c.short else 0.0)
	return PickOutcome(picked=picked, status=status, short_qty=short_qty, reason=reason, release=release)


def apply_pick(t, c: Confirmation, o: PickOutcome, user: str):
	"""Give back the allocation, move the stock to staging through the bin ledger, update the task.
	Returns the source bin's Bin Stock row as it was before (locked)."""
	balances = bin_ledger.load_balances([t.source_bin, t.destination_bin], [t.item_code], for_update=True)
	source = balances.get(key_of(t.source_bin, t.item_code, t.batch_no))
	if source is not None and o.release > EPSILON:
		frappe.db.sql(
			"update `tabBin Stock` set allocated_qty=%s where name=%s",
			(max(0.0, flt(source.allocated_qty) - o.release), source.name),
		)
	if c.qty > EPSILON:
		bin_ledger.post_rows(
			[
				LedgerRow(t.source_bin, t.warehouse, t.item_code, t.batch_no, -c.qty),
				LedgerRow(t.destination_bin, t.warehouse, t.item_code, t.batch_no, c.qty),
			],
			movement_type="Move",
			voucher_type=t.reference_doctype,
			voucher_no=t.reference_name,
			detail_nos=[t.reference_detail, t.reference_detail],
			warehouse_task=t.name,
			remarks=_("Pick confirmed by {0}").format(user),
		)
	now = now_datetime()
	columns = {
		"picked_qty": o.picked,
		"short_qty": o.short_qty,
		"exception_reason": o.reason,
		"tote": c.tote,
		"confirmed_by": user,
		"assigned_to": t.assigned_to or user,
		"started_on": t.started_on or now,
		"completed_on": now if o.status != TaskStatus.IN_PROGRESS else None,
	}
	task_service.change_status([t], o.status, columns)
	return source


def after_pick(t, bins: dict, c: Confirmation, o: PickOutcome, source) -> PickResult:
	"""What follows from the new state: a short pick's bin count, re-allocation and notice; the
	wave's progress; the order's Delivery Note once its last pick is final."""
	result = PickResult(
		t.name,
		o.status.value,
		o.picked,
		max(0.0, flt(t.qty) - o.picked),
		short_qty=o.short_qty,
		short_reason=o.reason,
	)
	if o.short_qty:
		result.count_task = bin_denial.open_count_after_denial(
			t,
			book_qty=flt(source.on_hand_qty) - c.qty if source is not None else 0.0,
			bin_code=bin_code(t, bins),
			reason=o.reason,
		)
		result.reallocated_tasks, still_short = short_picks.reallocate_remainder(t, o.short_qty)
		result.reallocated = short_picks.stops_of(result.reallocated_tasks)
		if still_short > EPSILON:
			result.unallocated_qty = still_short
			short_picks.notify_supervisors(t, short_qty=still_short, reason=o.reason)
	if t.pick_wave:
		result.wave_progress = update_wave_progress(t.pick_wave)
	if o.status != TaskStatus.IN_PROGRESS and t.reference_doctype == SALES_ORDER:
		result.delivery_note_queued = queue_delivery_note(sales_order=t.reference_name)
	return result
