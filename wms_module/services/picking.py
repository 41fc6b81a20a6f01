"""Confirm a pick: scan bin -> item -> qty -> tote; move the stock to the staging bin.

Locks, always in this order, so two confirmations of the same stock serialize:
the task row (``SELECT ... FOR UPDATE``), then the Bin Stock rows of the source
and staging bins (by name, in ``bin_ledger.load_balances``). A short pick, which
may put the bin under count, first locks the source bin's Storage Bin row
(``counts.lock_bin_of_task``; the global order is in ``services.counts``). The second of two
confirmations of a task's last unit therefore waits, then finds the task Done
(or the bin empty) and is refused; nothing it wrote survives.

A normal confirmation costs a constant number of queries whatever the size of
its wave (see tests/app/test_picking_queries.py): the task, its two bins, the
item barcode (only when the scan is not the item code), the balances, the
ledger rows, the task update, the wave's progress and the order's open-task count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import flt, now_datetime

from wms_module.core.bin_ledger import key_of
from wms_module.core.bins import EPSILON, LedgerRow
from wms_module.core.scan import ScanKind, classify_scan
from wms_module.core.tasks import ACTIVE, TaskStatus, check_pick_qty, status_after_pick
from wms_module.exceptions import ScanMismatchError, WMSValidationError, core_errors_as_validation
from wms_module.roles import WMS_SUPERVISOR
from wms_module.services import bin_ledger, counts
from wms_module.services import tasks as task_service


class TaskNotAvailableError(WMSValidationError):
	"""The task is finished, cancelled, or not a pick."""


class TaskAssignedToOtherError(frappe.PermissionError):
	"""The task is assigned to another operator."""


@dataclass
class PickResult:
	task: str
	status: str
	picked_qty: float
	remaining_qty: float
	short_qty: float = 0
	reallocated_tasks: list[str] = field(default_factory=list)
	short_reason: str | None = None
	delivery_note: str | None = None
	wave_progress: dict | None = None
	count_task: str | None = None
	"""The Count task a short pick put its bin under (see ``services.counts``)."""

	def as_dict(self) -> dict:
		return dict(self.__dict__)


def lock_task(name: str) -> frappe._dict:
	rows = frappe.db.sql(
		"""select name, task_type, status, warehouse, item_code, batch_no, uom, qty, picked_qty, short_qty,
			source_bin, destination_bin, reference_doctype, reference_name, reference_detail, pick_wave, tour,
			tote, assigned_to, started_on, zone, delivery_date, priority
		from `tabWarehouse Task` where name=%s for update""",
		(name,),
		as_dict=True,
	)
	if not rows:
		frappe.throw(_("Warehouse Task {0} does not exist").format(name), frappe.DoesNotExistError)
	return rows[0]


def check_task_open(task, user: str) -> None:
	if task.task_type != "Pick":
		frappe.throw(
			_("Warehouse Task {0} is a {1} task, not a pick").format(task.name, task.task_type),
			TaskNotAvailableError,
		)
	if task.status not in {s.value for s in ACTIVE}:
		frappe.throw(
			_("Warehouse Task {0} is {1}; there is nothing left to pick").format(task.name, task.status),
			TaskNotAvailableError,
		)
	if task.assigned_to and task.assigned_to != user:
		frappe.throw(
			_("Warehouse Task {0} is assigned to {1}; {2} cannot confirm it").format(
				task.name, task.assigned_to, user
			),
			TaskAssignedToOtherError,
		)


def check_bin_scan(task, bins: dict, scan: str) -> None:
	"""The scan must be the source bin's barcode, code or name (a Pick or a Count task)."""
	expected = bins.get(task.source_bin)
	value = (scan or "").strip().upper()
	if expected and value in {
		(expected.barcode or "").upper(),
		(expected.bin_code or "").upper(),
		expected.name.upper(),
	}:
		return
	message = (
		_("Wrong bin: scanned {0}, but task {1} counts bin {2} (barcode {3})")
		if task.task_type == counts.COUNT
		else _("Wrong bin: scanned {0}, but task {1} picks from bin {2} (barcode {3})")
	)
	frappe.throw(
		message.format(
			scan,
			task.name,
			expected.bin_code if expected else task.source_bin,
			expected.barcode if expected else "?",
		),
		ScanMismatchError,
		title=_("Wrong bin"),
	)


def item_of_scan(scan: str, task) -> tuple[str | None, str | None, float | None, str]:
	"""(item code, batch, qty carried, how it was read) for an item scan."""
	value = (scan or "").strip()
	if value.upper() == (task.item_code or "").upper():
		return task.item_code, None, None, "item code"
	result = classify_scan(value)
	if result.kind == ScanKind.BIN:
		return None, None, None, _("a bin barcode ({0})").format(result.bin_code)
	codes = list(result.lookup_codes) or [value]
	found = frappe.get_all("Item Barcode", filters={"barcode": ["in", codes]}, fields=["parent", "barcode"])
	if not found and result.kind == ScanKind.ITEM_CODE and frappe.db.exists("Item", value):
		return value, None, None, "item code"
	items = {r.parent for r in found}
	if task.item_code in items:
		item = task.item_code
	else:
		item = sorted(items)[0] if items else None
	how = {ScanKind.GS1: "GS1", ScanKind.GTIN: "GTIN"}.get(result.kind, "barcode")
	return item, result.batch, result.qty, how


def check_item_scan(task, scan: str) -> tuple[str | None, float | None]:
	"""Refuse a scan of another item or batch; returns (batch from the scan, qty carried by the scan)."""
	item, batch, scanned_qty, how = item_of_scan(scan, task)
	if item != task.item_code:
		found = _("item {0}").format(item) if item else _("no known item")
		message = (
			_("Wrong item: scanned {0} ({1}: {2}), but task {3} counts item {4}")
			if task.task_type == counts.COUNT
			else _("Wrong item: scanned {0} ({1}: {2}), but task {3} picks item {4}")
		)
		frappe.throw(
			message.format(scan, how, found, task.name, task.item_code),
			ScanMismatchError,
			title=_("Wrong item"),
		)
	if batch and task.batch_no and batch != task.batch_no:
		frappe.throw(
			(
				_("Wrong batch: scanned batch {0} of {1}, but task {2} counts batch {3}")
				if task.task_type == counts.COUNT
				else _("Wrong batch: scanned batch {0} of {1}, but task {2} picks batch {3}")
			).format(batch, task.item_code, task.name, task.batch_no),
			ScanMismatchError,
			title=_("Wrong batch"),
		)
	return batch, scanned_qty


def check_tote(task, tote: str | None) -> str | None:
	if task.tote and (tote or "").strip() != task.tote:
		frappe.throw(
			_("Wrong tote: scanned {0}, but task {1} goes into tote {2}").format(
				tote or _("nothing"), task.name, task.tote
			),
			ScanMismatchError,
			title=_("Wrong tote"),
		)
	return (tote or "").strip() or task.tote


def confirm_pick(
	*,
	task: str,
	bin_scan: str,
	item_scan: str,
	qty: float | None = None,
	tote: str | None = None,
	short: bool = False,
	batch_no: str | None = None,
) -> PickResult:
	"""Confirm ``qty`` of a Pick task after its scans; ``short``: the bin holds no more than that."""
	user = frappe.session.user
	if short:
		counts.lock_bin_of_task(task)  # Storage Bin -> task -> Bin Stock: see services.counts
	t = lock_task(task)
	check_task_open(t, user)
	bins = {
		r.name: r
		for r in frappe.get_all(
			"Storage Bin",
			filters={"name": ["in", [t.source_bin, t.destination_bin]]},
			fields=["name", "bin_code", "barcode", "warehouse"],
		)
	}
	check_bin_scan(t, bins, bin_scan)
	scanned_batch, scanned_qty = check_item_scan(t, item_scan)
	if batch_no and t.batch_no and batch_no != t.batch_no:
		frappe.throw(
			_("Wrong batch: {0} given, but task {1} picks batch {2}").format(batch_no, t.name, t.batch_no),
			ScanMismatchError,
		)
	if qty in (None, "") and scanned_qty is None and not short:
		frappe.throw(
			_("Task {0}: no quantity given and the scan carries no count (scanned {1}); send qty").format(
				t.name, item_scan
			),
			WMSValidationError,
			title=_("Quantity missing"),
		)
	qty = flt(qty) if qty not in (None, "") else flt(scanned_qty)
	with core_errors_as_validation():
		check_pick_qty(t.name, requested=flt(t.qty), already=flt(t.picked_qty), confirmed=qty, short=short)
	tote = check_tote(t, tote)

	left_after = flt(t.qty) - flt(t.picked_qty) - qty
	release = qty + (left_after if short else 0.0)
	balances = bin_ledger.load_balances([t.source_bin, t.destination_bin], [t.item_code], for_update=True)
	source = balances.get(key_of(t.source_bin, t.item_code, t.batch_no))
	if source is not None and release > EPSILON:
		frappe.db.sql(
			"update `tabBin Stock` set allocated_qty=%s where name=%s",
			(max(0.0, flt(source.allocated_qty) - release), source.name),
		)
	if qty > EPSILON:
		bin_ledger.post_rows(
			[
				LedgerRow(t.source_bin, t.warehouse, t.item_code, t.batch_no, -qty),
				LedgerRow(t.destination_bin, t.warehouse, t.item_code, t.batch_no, qty),
			],
			movement_type="Move",
			voucher_type=t.reference_doctype,
			voucher_no=t.reference_name,
			detail_nos=[t.reference_detail, t.reference_detail],
			warehouse_task=t.name,
			remarks=_("Pick confirmed by {0}").format(user),
		)

	picked = flt(t.picked_qty) + qty
	status = status_after_pick(requested=flt(t.qty), picked=picked, short=short)
	short_qty = flt(t.qty) - picked if status == TaskStatus.EXCEPTION else 0.0
	reason = (
		_("Short pick: bin {0} held {1} of {2} x {3} (reported by {4})").format(
			bins[t.source_bin].bin_code if t.source_bin in bins else t.source_bin,
			f"{picked:g}",
			f"{flt(t.qty):g}",
			t.item_code,
			user,
		)
		if short_qty
		else None
	)
	now = now_datetime()
	frappe.db.sql(
		"""update `tabWarehouse Task` set status=%s, picked_qty=%s, short_qty=%s, exception_reason=%s, tote=%s,
			confirmed_by=%s, assigned_to=%s, started_on=%s, completed_on=%s, modified=%s, modified_by=%s
		where name=%s""",
		(
			status.value,
			picked,
			short_qty,
			reason,
			tote,
			user,
			t.assigned_to or user,
			t.started_on or now,
			now if status != TaskStatus.IN_PROGRESS else None,
			now,
			user,
			t.name,
		),
	)
	result = PickResult(
		t.name, status.value, picked, max(0.0, flt(t.qty) - picked), short_qty=short_qty, short_reason=reason
	)
	if short_qty:
		result.count_task = counts.open_count_after_denial(
			t,
			book_qty=flt(source.on_hand_qty) - qty if source is not None else 0.0,
			bin_code=bins[t.source_bin].bin_code if t.source_bin in bins else t.source_bin,
			reason=reason,
		)
		result.reallocated_tasks, still_short = reallocate_remainder(t, short_qty)
		if still_short > EPSILON:
			notify_supervisors(t, short_qty=still_short, reason=reason)
	if t.pick_wave:
		from wms_module.services.waves import update_wave_progress

		result.wave_progress = update_wave_progress(t.pick_wave)
	if status != TaskStatus.IN_PROGRESS and t.reference_doctype == "Sales Order":
		from wms_module.services.delivery import complete_order_if_picked

		result.delivery_note = complete_order_if_picked(sales_order=t.reference_name)
	return result


def reallocate_remainder(t, short_qty: float) -> tuple[list[str], float]:
	"""Allocate what a short pick left from other bins, onto the same wave / tour / operator.

	Returns (the new Pick tasks, the qty no other bin could cover: the line is short by that).
	"""
	from wms_module.services.allocation import LineNeed, allocate_lines, item_rows
	from wms_module.services.outbound_settings import get_outbound_settings

	need = LineNeed(t.reference_detail, t.item_code, t.warehouse, short_qty, t.delivery_date)
	summary = allocate_lines(
		[need],
		reference_doctype=t.reference_doctype,
		reference_name=t.reference_name,
		items=item_rows([t.item_code]),
		settings=get_outbound_settings(),
		exclude_bins=[t.source_bin],
		extra={
			"pick_wave": t.pick_wave,
			"tour": t.tour or 0,
			"tote": t.tote,
			"assigned_to": t.assigned_to,
			"status": TaskStatus.ASSIGNED.value if t.assigned_to else TaskStatus.OPEN.value,
			"sequence": 999,
			"priority": t.priority or 0,
		},
	)
	return summary.tasks, summary.short_qty


SHORT_PICK_EVENT = "wms_short_pick"


def supervisors() -> list[str]:
	"""Enabled users with the WMS Supervisor role. One query."""
	return [
		r[0]
		for r in frappe.db.sql(
			"""select distinct hr.parent from `tabHas Role` hr inner join `tabUser` u on u.name = hr.parent
			where hr.role=%s and hr.parenttype='User' and u.enabled=1 order by hr.parent""",
			(WMS_SUPERVISOR,),
		)
	]


def notify_supervisors(t, *, short_qty: float, reason: str | None) -> list[str]:
	"""Tell every WMS Supervisor (realtime, once the confirmation commits) that an order line is short.

	The short line also stays visible as Exception tasks (``api.picking.shortages``).
	Returns the users told.
	"""
	users = supervisors()
	message = {
		"sales_order": t.reference_name,
		"so_detail": t.reference_detail,
		"item_code": t.item_code,
		"short_qty": short_qty,
		"task": t.name,
		"pick_wave": t.pick_wave,
		"reason": reason,
		"message": _("Sales Order {0}: {1} x {2} short, no other bin holds it ({3})").format(
			t.reference_name, short_qty, t.item_code, reason
		),
	}
	for user in users:
		frappe.publish_realtime(SHORT_PICK_EVENT, message, user=user, after_commit=True)
	return users


RELEASED_WAVE_STATUSES = ("Released", "In Progress")


def my_tasks(*, user: str | None = None, wave: str | None = None, task_type: str | None = None) -> list[dict]:
	"""The operator's task list: picks, then counts (``task_type`` "Pick" or "Count": only those).

	Picks: tasks of released waves assigned to the operator first, then tasks of released tours
	queued for anyone (zone queues); each in tour and route order. Tasks not yet in a released
	wave (an order waiting to be waved, a wave still being planned) are nobody's work yet, so
	they are not offered.

	Counts (``services.counts``): open Count tasks assigned to the operator or queued for anyone,
	after the picks so a tour is not broken up; the operator's own first, then by priority
	(highest first), then in walking order (the bin's pick_sequence). A ``wave`` lists only that
	wave's picks (counts belong to no wave). Counts are BLIND, as is the norm in cycle counting:
	an operator who sees the book qty tends to find it, so a Count row's ``qty`` (the books when
	the count was opened) and ``exception_reason`` (which names the books) are None here.

	Each row also carries ``source_bin_code`` / ``destination_bin_code`` (what the handheld
	shows: "go to A-01-01"). Two queries: the tasks (released waves as a subquery), and the
	codes of all their bins at once.
	"""
	user = user or frappe.session.user
	if task_type not in (None, "", "Pick", counts.COUNT):
		frappe.throw(
			_("task_type must be Pick or {0} (or empty for both), got {1!r}").format(counts.COUNT, task_type)
		)
	values = {
		"active": tuple(s.value for s in ACTIVE),
		"user": user,
		"released": RELEASED_WAVE_STATUSES,
		"wave": wave,
	}
	kinds = []
	if task_type != counts.COUNT:
		kinds.append(
			"""(t.task_type='Pick' and t.pick_wave in (select w.name from `tabPick Wave` w
			where w.status in %(released)s{wave}))""".format(wave=" and w.name=%(wave)s" if wave else "")
		)
	if task_type != "Pick" and not wave:
		kinds.append("t.task_type=%(count)s")
		values["count"] = counts.COUNT
	if not kinds:
		return []
	rows = frappe.db.sql(
		"""select {fields} from `tabWarehouse Task` t
		where t.status in %(active)s and (t.assigned_to=%(user)s or coalesce(t.assigned_to, '')='')
			and ({kinds})
		order by t.pick_wave asc, t.tour asc, t.sequence asc, t.creation asc
		limit 500""".format(
			fields=", ".join(f"t.`{f}`" for f in task_service.READ_FIELDS), kinds=" or ".join(kinds)
		),
		values,
		as_dict=True,
	)
	bins = {b for r in rows for b in (r.source_bin, r.destination_bin) if b}
	where = (
		{
			name: (code, sequence)
			for name, code, sequence in frappe.get_all(
				"Storage Bin",
				filters={"name": ["in", sorted(bins)]},
				fields=["name", "bin_code", "pick_sequence"],
				as_list=True,
			)
		}
		if bins
		else {}
	)
	picks = [r for r in rows if r.task_type != counts.COUNT]
	picks.sort(key=lambda r: r.assigned_to != user)  # stable: keeps tour order within each group
	to_count = [r for r in rows if r.task_type == counts.COUNT]
	to_count.sort(
		key=lambda r: (
			r.assigned_to != user,
			-int(r.priority or 0),
			int(where.get(r.source_bin, (None, 0))[1] or 0),
			where.get(r.source_bin, (r.source_bin or "",))[0] or "",
		)
	)
	blind = {"qty": None, "exception_reason": None}  # blind count: no book qty on the handheld
	return [
		dict(
			r,
			**(blind if r.task_type == counts.COUNT else {}),
			source_bin_code=where.get(r.source_bin, (None,))[0],
			destination_bin_code=where.get(r.destination_bin, (None,))[0],
		)
		for r in picks + to_count
	]
