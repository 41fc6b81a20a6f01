"""Warehouse Tasks: create many at once, change their status by the lifecycle, release what they hold.

Tasks are written with ``frappe.db.bulk_insert`` (one statement for any number)
and read with plain queries; the Warehouse Task controller only guards edits
made from the desk. What a task holds (Bin Stock.allocated_qty of its source
bin) is released here when it is cancelled or reduced.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import frappe
from frappe.utils import flt, now_datetime

from wms_module.core.bin_ledger import key_of
from wms_module.core.bins import EPSILON
from wms_module.core.tasks import ACTIVE, TaskStatus, TaskType, check_transition
from wms_module.exceptions import core_errors_as_validation
from wms_module.services import bin_ledger
from wms_module.services.rows import with_standard_columns

TASK_COLUMNS = (
	"task_type",
	"status",
	"priority",
	"exception_reason",
	"warehouse",
	"zone",
	"delivery_date",
	"item_code",
	"batch_no",
	"uom",
	"qty",
	"picked_qty",
	"short_qty",
	"source_bin",
	"destination_bin",
	"suggested_bin",
	"putaway_rule",
	"sscc",
	"reference_doctype",
	"reference_name",
	"reference_detail",
	"pick_wave",
	"tour",
	"sequence",
	"tote",
	"delivery_note",
	"assigned_to",
	"confirmed_by",
)
"""Warehouse Task columns the services read and write (besides the standard ones)."""
READ_FIELDS = ("name", *TASK_COLUMNS)
TASK_FIELDS = with_standard_columns(*TASK_COLUMNS, "created_on", "started_on", "completed_on")
ACTIVE_STATUSES = tuple(s.value for s in ACTIVE)


@dataclass
class NewTask:
	"""A task to insert; fields as on the Warehouse Task doctype."""

	task_type: str
	warehouse: str
	item_code: str
	qty: float
	status: str = TaskStatus.OPEN.value
	batch_no: str | None = None
	uom: str | None = None
	source_bin: str | None = None
	destination_bin: str | None = None
	suggested_bin: str | None = None
	"""Putaway: the bin the engine chose (destination_bin starts equal to it)."""
	putaway_rule: str | None = None
	"""Putaway: the rule that chose ``suggested_bin``."""
	sscc: str | None = None
	"""The pallet (GS1 SSCC) the task moves, when it came on one."""
	zone: str | None = None
	reference_doctype: str | None = None
	reference_name: str | None = None
	reference_detail: str | None = None
	delivery_date: object = None
	priority: int = 0
	exception_reason: str | None = None
	short_qty: float = 0
	pick_wave: str | None = None
	tour: int = 0
	sequence: int = 0
	tote: str | None = None
	assigned_to: str | None = None
	name: str = field(default_factory=lambda: frappe.generate_hash(length=10))


def putaway_back(pick, *, reference_doctype: str, reference_name: str) -> NewTask:
	"""A Putaway task taking what ``pick`` picked from where it put it (staging) back to its source bin."""
	return NewTask(
		task_type=TaskType.PUTAWAY.value,
		warehouse=pick.warehouse,
		item_code=pick.item_code,
		qty=flt(pick.picked_qty),
		batch_no=pick.batch_no,
		uom=pick.uom,
		source_bin=pick.destination_bin,
		destination_bin=pick.source_bin,
		suggested_bin=pick.source_bin,  # confirmed like a receipt's putaway (services.putaway)
		zone=pick.zone,
		reference_doctype=reference_doctype,
		reference_name=reference_name,
		reference_detail=pick.reference_detail,
	)


def why_first(tasks: Sequence[NewTask], why: str) -> Sequence[NewTask]:
	"""Put ``why`` (e.g. "QC hold", "Return: restock") before each Putaway task's rule, so the task
	says why it goes where the engine's rule sent it (``putaway_rule`` holds 140 characters)."""
	for t in tasks:
		t.putaway_rule = f"{why}; {t.putaway_rule or ''}"[:140]
	return tasks


def insert_tasks(tasks: Sequence[NewTask]) -> list[str]:
	"""Insert ``tasks`` in one statement; returns their names. Creation times keep the given order."""
	if not tasks:
		return []
	now, user = now_datetime(), frappe.session.user
	frappe.db.bulk_insert(
		"Warehouse Task",
		TASK_FIELDS,
		[
			(
				t.name,
				now + timedelta(microseconds=i),
				now,
				user,
				user,
				0,
				t.task_type,
				t.status,
				t.priority,
				t.exception_reason,
				t.warehouse,
				t.zone,
				t.delivery_date,
				t.item_code,
				t.batch_no,
				t.uom,
				t.qty,
				0,
				t.short_qty,
				t.source_bin,
				t.destination_bin,
				t.suggested_bin,
				t.putaway_rule,
				t.sscc,
				t.reference_doctype,
				t.reference_name,
				t.reference_detail,
				t.pick_wave,
				t.tour,
				t.sequence,
				t.tote,
				None,
				t.assigned_to,
				None,
				now,
				None,
				None,
			)
			for i, t in enumerate(tasks)
		],
	)
	return [t.name for t in tasks]


UPDATE_CHUNK = 500


def change_status(
	tasks: Sequence, status: TaskStatus | str, columns: dict | None = None, *, per_task=None
) -> None:
	"""The one door to a Warehouse Task's status: each of ``tasks`` (rows with name and status)
	becomes ``status`` through the lifecycle of core/tasks.py, with ``columns`` (the same for all)
	and ``per_task`` ({name: {column: value}}) in one UPDATE per 500 tasks. A move the lifecycle
	forbids for any of them is refused before anything is written."""
	new = TaskStatus(status)
	with core_errors_as_validation():
		for t in tasks:
			if t.status != new.value:
				check_transition(t.name, t.status, new)
	common = {"status": new.value, **(columns or {})}
	update_rows("Warehouse Task", {t.name: {**common, **(per_task or {}).get(t.name, {})} for t in tasks})
	for t in tasks:
		t.status = new.value  # the caller's rows say what the table now says


def update_rows(table: str, values: dict[str, dict[str, object]], *, touch: bool = True) -> None:
	"""Set per-row column values ``{name: {column: value}}`` in ``tab<table>``: one UPDATE per 500 rows.

	Every row must set the same columns. ``touch`` also sets modified / modified_by. The
	statement is ``update ... set col = case name when %s then %s ... end where name in %s``,
	plain SQL that MariaDB and SQLite both run.
	"""
	if not values:
		return
	names = sorted(values)
	columns = sorted(values[names[0]])
	now, user = now_datetime(), frappe.session.user
	for start in range(0, len(names), UPDATE_CHUNK):
		chunk = names[start : start + UPDATE_CHUNK]
		sets, params = [], []
		for column in columns:
			sets.append(f"`{column}` = case `name` " + " ".join(["when %s then %s"] * len(chunk)) + " end")
			for name in chunk:
				params += [name, values[name][column]]
		if touch:
			sets.append("`modified` = %s, `modified_by` = %s")
			params += [now, user]
		frappe.db.sql(
			f"update `tab{table}` set {', '.join(sets)} where `name` in %s",
			(*params, tuple(chunk)),
		)


def tasks_of(reference_doctype: str, reference_name: str, *, statuses: Iterable[str] | None = None) -> list:
	"""Every task of one voucher (optionally only some statuses), oldest first. One query."""
	filters = {"reference_doctype": reference_doctype, "reference_name": reference_name}
	if statuses is not None:
		filters["status"] = ["in", list(statuses)]
	return frappe.get_all(
		"Warehouse Task", filters=filters, fields=list(READ_FIELDS), order_by="creation asc, name asc"
	)


def release_allocations(holds: Iterable[tuple[str, str, str | None, float]]) -> None:
	"""Lower Bin Stock.allocated_qty by each (bin, item, batch, qty); rows locked, never below 0."""
	total: dict[tuple, float] = defaultdict(float)
	for bin_name, item, batch, qty in holds:
		if bin_name and qty > EPSILON:
			total[(bin_name, item, batch or None)] += qty
	if not total:
		return
	balances = bin_ledger.load_balances([k[0] for k in total], [k[1] for k in total], for_update=True)
	lowered = {}
	for (bin_name, item, batch), qty in total.items():
		row = balances.get(key_of(bin_name, item, batch))
		if row is not None:
			lowered[row.name] = {"allocated_qty": max(0.0, (row.allocated_qty or 0) - qty)}
	update_rows("Bin Stock", lowered)


def cancel_tasks(tasks: Sequence, *, reason: str) -> int:
	"""Cancel active tasks and release what they still hold. Returns how many were cancelled."""
	active = [t for t in tasks if t.status in ACTIVE_STATUSES]
	if not active:
		return 0
	release_allocations(
		(t.source_bin, t.item_code, t.batch_no, (t.qty or 0) - (t.picked_qty or 0))
		for t in active
		if t.task_type == TaskType.PICK.value
	)
	change_status(active, TaskStatus.CANCELLED, {"exception_reason": reason, "completed_on": now_datetime()})
	return len(active)
