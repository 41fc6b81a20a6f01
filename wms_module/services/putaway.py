"""Confirm a Putaway task: the one door through which stock leaves the dock (or staging) for a bin.

The operator scans the task's source bin, the item (code, GTIN, GS1 with batch and expiry, or the
pallet's SSCC when the task carries one), the quantity and the destination bin.
``confirm_putaway`` checks, in this order: the task exists, is a Putaway task, is open and not
someone else's; the source bin; the item and its batch; the quantity (> 0, at most what is left);
the destination: the task's suggested bin, or another bin of the same warehouse *with a reason*
(an override). Either way the destination must take the units now (``core.bins.check_put``:
status, mix policy, quantity / volume / weight limits), counting what other open Putaway tasks are
already bringing to it, so two pallets suggested for one bin never both overfill it. An override
records ``override_reason`` and the new ``destination_bin``; ``suggested_bin`` keeps what the
engine chose. Then the bin ledger moves source -> destination (voucher: the Warehouse Task, so
the ledger shows which task moved the units), the task is Done, and a labour log row is written.

**A partial confirmation splits the task.** The task confirmed keeps its name and becomes Done
with ``qty`` = ``picked_qty`` = the units put away (to the destination actually used); the rest
becomes a NEW Open task (same source, item, batch, SSCC, reference, assignee and suggested bin,
destination = the suggested bin), named in the answer as ``remaining_task``. So a Putaway task
is never half done: it is open (nothing moved) or Done (all of its ``qty`` moved), the sum of
``qty`` over a receipt's tasks that are not Cancelled stays what was received, and the ledger rows
of a task are exactly its qty. The same holds for the staged-pick returns
(``services.tasks.putaway_back``): they are confirmed through this door too, their suggested bin
being the bin the pick came from.

Locks, in the global order of ``services.counts`` (Storage Bin -> Warehouse Task -> Bin Stock):
the destination's Storage Bin row (so two confirmations into one bin serialize and the second
sees what the first put there), then the task row (so a task is confirmed once), then the Bin
Stock rows of the destination (a locking read: the latest committed contents, not the request's
snapshot) and, in ``bin_ledger.post_rows``, of the source (so two operators cannot both move the
same units off the dock). The task and the bins are first read unlocked to find the destination:
a task's warehouse, source and suggested bin never change.

Cost: a constant number of queries whatever the number of bins or tasks (held by
tests/app/test_putaway_confirm.py): the task (read, then locked), its bins, the destination (none
when it is the suggested bin), the destination's lock, its contents, what open tasks bring to it,
the items' units, the item barcode (only for a barcode scan), the ledger posting, the task update,
the remaining task's INSERT (a partial one only) and the labour log's two reads and INSERT.

A Purchase Receipt cancelled with its putaway half done is *reversed cleanly*: see
``services.putaway_cancel``.
"""

from __future__ import annotations

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import flt, now_datetime

from wms_module.core.bins import EPSILON, LedgerRow
from wms_module.core.scan import ScanKind, classify_scan
from wms_module.core.tasks import ACTIVE, TaskStatus, TaskType
from wms_module.exceptions import (
	ScanMismatchError,
	TaskAssignedToOtherError,
	TaskNotAvailableError,
	WMSValidationError,
	core_errors_as_validation,
)
from wms_module.services import bin_ledger, labor, scans, task_access
from wms_module.services import tasks as task_service
from wms_module.services.putaway_destination import (
	bins_of,
	check_override,
	find_destination,
	lock_bin_row,
	match_destination,
	override_problem,
	planned_bin,
	room_refusal,
)

PUTAWAY = TaskType.PUTAWAY.value
WAREHOUSE_TASK = "Warehouse Task"
PUTAWAY_FIELDS = (
	"name task_type status warehouse zone item_code batch_no uom qty picked_qty source_bin "
	"destination_bin suggested_bin putaway_rule sscc reference_doctype reference_name reference_detail "
	"assigned_to started_on priority"
).split()


@dataclass(frozen=True)
class ConfirmPutaway:
	"""The handheld's confirmation of a Putaway task: what it scanned (api.putaway.confirm)."""

	task: str
	source_scan: str
	item_scan: str
	qty: float
	destination_scan: str
	reason: str | None = None
	"""Why the operator put the units elsewhere than the suggested bin (required for an override)."""
	started_at: str | None = None
	"""When the handheld scanned the task first (ISO datetime): the labour log's start."""
	confirmed_at: str | None = None
	"""When the operator confirmed on the handheld (ISO datetime; a queued confirmation arrives later)."""


@dataclass
class PutawayResult:
	task: str
	status: str
	put_qty: float
	destination_bin: str
	destination_bin_code: str
	suggested_bin: str | None
	override: bool
	remaining_task: str | None
	remaining_qty: float

	def as_dict(self) -> dict:
		return dict(self.__dict__)


def confirm_putaway(command: ConfirmPutaway) -> PutawayResult:
	"""Put ``command.qty`` of a Putaway task away after its scans (module doc: checks, locks, split).

	Check the scans (source, item, qty) -> find the destination -> lock it, then the task -> check
	the qty again and the destination -> move the stock (bin ledger), finish the task (and split off
	the rest) -> labour log row.
	"""
	user = frappe.session.user
	peek = putaway_task(command.task, user)  # unlocked: a clear answer before any lock
	bins = bins_of([peek.source_bin, planned_bin(peek)])
	check_scans(peek, bins, command)  # its source, item and batch never change
	target = lock_bin_row(find_destination(peek, bins, command.destination_scan).name)
	t = putaway_task(command.task, user, lock=True)
	qty = check_qty(t, command)  # what is left, as it is now
	override = check_override(t, bins, target, command.reason)
	refusal = room_refusal(t, target, qty, lock=True)
	if refusal is not None:
		with core_errors_as_validation():
			raise refusal
	remaining = apply_putaway(t, target, qty, reason=(command.reason or "").strip() if override else None)
	labor.record_putaway(
		t,
		qty=qty,
		destination=target.name,
		times=labor.HandheldTimes(command.started_at, command.confirmed_at),
	)
	left = flt(t.qty) - flt(t.picked_qty) - qty
	return PutawayResult(
		task=t.name,
		status=TaskStatus.DONE.value,
		put_qty=qty,
		destination_bin=target.name,
		destination_bin_code=target.bin_code,
		suggested_bin=planned_bin(t),
		override=override,
		remaining_task=remaining,
		remaining_qty=max(0.0, left) if remaining else 0.0,
	)


# ------------------------------------------------------------------------------ the task


def putaway_task(name: str, user: str, *, lock: bool = False) -> frappe._dict:
	"""Warehouse Task ``name`` (its row locked with ``lock``), refused unless it is a Putaway task
	that is open and not someone else's. One query."""
	if lock:
		t = task_access.locked_row(name, PUTAWAY_FIELDS)
	else:
		t = frappe.db.get_value(WAREHOUSE_TASK, name, PUTAWAY_FIELDS, as_dict=True)
		if not t:
			frappe.throw(_("Warehouse Task {0} does not exist").format(name), frappe.DoesNotExistError)
	task_access.check_open(t, TaskType.PUTAWAY, user)
	return t


# ------------------------------------------------------------------------------ the scans


def check_scans(t, bins: dict, c: ConfirmPutaway) -> float:
	"""The source bin, item (batch) and qty scans checked against the task, in the order they were
	made; returns the qty."""
	check_source_scan(t, bins, c.source_scan)
	check_item(t, c.item_scan)
	return check_qty(t, c)


def check_qty(t, c: ConfirmPutaway) -> float:
	"""The qty: a number above 0 and at most what is left on the task. No query."""
	try:
		qty = flt(c.qty) if c.qty not in (None, "") else None
	except (TypeError, ValueError):
		qty = None
	left = flt(t.qty) - flt(t.picked_qty)
	if qty is None or qty <= EPSILON:
		frappe.throw(
			_("Task {0}: qty must be a number above 0 (at most {1}), got {2}").format(
				t.name, f"{left:g}", repr(c.qty)
			),
			WMSValidationError,
			title=_("Invalid quantity"),
		)
	if qty > left + EPSILON:
		frappe.throw(
			_("Task {0} has {1} x {2} left to put away; {3} is more than that").format(
				t.name, f"{left:g}", t.item_code, f"{qty:g}"
			),
			WMSValidationError,
			title=_("Quantity above the task"),
		)
	return qty


def check_source_scan(t, bins: dict, scan: str) -> None:
	"""The scan must be the source bin's barcode (code + check character), code or name."""
	expected = bins.get(t.source_bin)
	value = (scan or "").strip().upper()
	if expected and value in {
		(expected.barcode or "").upper(),
		expected.bin_code.upper(),
		expected.name.upper(),
	}:
		return
	message = _("Wrong bin: scanned {0}, but task {1} takes the stock from bin {2} (barcode {3})").format(
		scan,
		t.name,
		expected.bin_code if expected else t.source_bin,
		(expected.barcode if expected else None) or "?",
	)
	unread = classify_scan(scan or "").error_for(ScanKind.BIN)
	frappe.throw(f"{message}. {unread}" if unread else message, ScanMismatchError, title=_("Wrong bin"))


def check_item(t, scan: str) -> None:
	"""The scan must be the task's item (code, Item Barcode, GTIN, GS1) or the task's pallet (its
	SSCC); a GS1 batch must be the task's batch."""
	pallet = classify_scan((scan or "").strip()).sscc
	if pallet and t.sscc:
		if pallet == t.sscc:
			return  # the pallet label: the whole pallet is the task's item and batch
		frappe.throw(
			_("Wrong pallet: scanned SSCC {0}, but task {1} puts away pallet {2}").format(
				pallet, t.name, t.sscc
			),
			ScanMismatchError,
			title=_("Wrong pallet"),
		)
	item, batch, _qty, how = scans.item_of_scan(scan, t)
	if item != t.item_code:
		found = _("item {0}").format(item) if item else _("no known item")
		message = _("Wrong item: scanned {0} ({1}: {2}), but task {3} puts away item {4}").format(
			scan, how, found, t.name, t.item_code
		)
		unread = None if item else scans.unreadable_because(scan)
		frappe.throw(f"{message}. {unread}" if unread else message, ScanMismatchError, title=_("Wrong item"))
	if batch and t.batch_no and batch != t.batch_no:
		frappe.throw(
			_("Wrong batch: scanned batch {0} of {1}, but task {2} puts away batch {3}").format(
				batch, t.item_code, t.name, t.batch_no
			),
			ScanMismatchError,
			title=_("Wrong batch"),
		)


# ------------------------------------------------------------------------------ apply


def apply_putaway(t, target, qty: float, *, reason: str | None) -> str | None:
	"""Move ``qty`` source -> ``target`` through the bin ledger, finish the task (Done, its qty the
	units moved), and make the rest a new Open task. Returns the new task's name (None: nothing left)."""
	user = frappe.session.user
	bin_ledger.post_rows(
		[
			LedgerRow(t.source_bin, t.warehouse, t.item_code, t.batch_no or None, -qty),
			LedgerRow(target.name, t.warehouse, t.item_code, t.batch_no or None, qty),
		],
		movement_type="Move",
		voucher_type=WAREHOUSE_TASK,
		voucher_no=t.name,
		warehouse_task=t.name,
		remarks=_("Putaway confirmed by {0}{1}").format(
			user, _(" (override: {0})").format(reason) if reason else ""
		),
	)
	rest = flt(t.qty) - flt(t.picked_qty) - qty
	remaining = task_service.insert_tasks([remainder_of(t, rest)])[0] if rest > EPSILON else None
	now = now_datetime()
	columns = {
		"qty": flt(t.picked_qty) + qty,
		"picked_qty": flt(t.picked_qty) + qty,
		"destination_bin": target.name,
		"override_reason": reason,
		"confirmed_by": user,
		"assigned_to": t.assigned_to or user,
		"started_on": t.started_on or now,
		"completed_on": now,
	}
	task_service.change_status([t], TaskStatus.DONE, columns)
	return remaining


def remainder_of(t, qty: float) -> task_service.NewTask:
	"""The Open task for what a partial confirmation left: the same move, to the planned bin."""
	return task_service.NewTask(
		task_type=PUTAWAY,
		warehouse=t.warehouse,
		item_code=t.item_code,
		qty=qty,
		batch_no=t.batch_no,
		uom=t.uom,
		source_bin=t.source_bin,
		destination_bin=planned_bin(t),
		suggested_bin=t.suggested_bin,
		putaway_rule=t.putaway_rule,
		sscc=t.sscc,
		zone=t.zone,
		reference_doctype=t.reference_doctype,
		reference_name=t.reference_name,
		reference_detail=t.reference_detail,
		priority=t.priority or 0,
		assigned_to=t.assigned_to,
	)


# ------------------------------------------------------------------------------ ask first


def check_destination(*, task: str, destination_scan: str) -> dict:
	"""Tell the handheld, before it confirms, what a destination scan would be for Putaway task
	``task``: the suggested bin, an acceptable override (it needs a reason), or refused, and why.
	Nothing is locked or written; the confirmation checks again. A wrong task (unknown, not a
	putaway, not open, someone else's) is refused as by ``confirm_putaway``."""
	t = putaway_task(task, frappe.session.user)
	bins = bins_of([t.source_bin, planned_bin(t)])
	planned = bins.get(planned_bin(t))
	answer = {
		"task": t.name,
		"suggested_bin": planned_bin(t),
		"suggested_bin_code": planned.bin_code if planned else None,
		"qty": max(0.0, flt(t.qty) - flt(t.picked_qty)),
		"destination_bin": None,
		"destination_bin_code": None,
		"is_suggested": False,
		"needs_reason": False,
		"acceptable": False,
		"reason": None,
	}
	target, problem = match_destination(t, bins, destination_scan)
	if target is None:
		return {**answer, "reason": problem}
	override, problem, _exc = override_problem(t, bins, target, reason="(asked before confirming)")
	answer.update(
		destination_bin=target.name,
		destination_bin_code=target.bin_code,
		is_suggested=not override,
		needs_reason=override,
	)
	if problem:
		return {**answer, "reason": problem}
	refusal = room_refusal(t, target, answer["qty"], lock=False)
	return {**answer, "acceptable": refusal is None, "reason": str(refusal) if refusal else None}
