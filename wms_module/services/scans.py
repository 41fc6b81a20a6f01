"""The scan checks that picking, counts and the handheld share.

Each check compares one scan with what the task expects (its bin, item, batch, tote) and refuses
a mismatch with ScanMismatchError naming what was scanned and what was expected. When the scan
could not even be read as what was asked for (a bin barcode whose check character is wrong, a GS1
string that does not parse, a GTIN with a bad check digit), the core's reason for that reading
(``core.scan.ScanResult.errors``) is passed on to the operator, so "scan it again" is said when a
rescan can help.
"""

from __future__ import annotations

import frappe
from frappe import _

from wms_module.core.scan import ScanKind, classify_scan
from wms_module.core.tasks import TaskType
from wms_module.exceptions import CountNotAvailableError, ScanMismatchError
from wms_module.services import task_access
from wms_module.services import tasks as task_service


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
		if task.task_type == TaskType.COUNT.value
		else _("Wrong bin: scanned {0}, but task {1} picks from bin {2} (barcode {3})")
	)
	message = message.format(
		scan,
		task.name,
		expected.bin_code if expected else task.source_bin,
		expected.barcode if expected else "?",
	)
	unread = classify_scan(scan or "").error_for(ScanKind.BIN)
	frappe.throw(f"{message}. {unread}" if unread else message, ScanMismatchError, title=_("Wrong bin"))


def reading_of_shape(value: str) -> ScanKind | None:
	"""The reading a scan of this shape was meant as: a GS1 string (symbology identifier or
	bracketed AIs), a GTIN (8, 12, 13 or 14 digits), an SSCC (18 digits); None for anything else."""
	if value.startswith(("]", "(")):
		return ScanKind.GS1
	if value.isdigit():
		return {18: ScanKind.SSCC}.get(len(value), ScanKind.GTIN if len(value) in (8, 12, 13, 14) else None)
	return None


def unreadable_because(scan: str) -> str | None:
	"""Why a scan shaped like a GS1 string, GTIN or SSCC could not be read as one (the core's words:
	a bad check digit, a malformed element string), so the operator knows a rescan may help."""
	value = (scan or "").strip()
	reading = reading_of_shape(value)
	return classify_scan(value).error_for(reading) if reading else None


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
			if task.task_type == TaskType.COUNT.value
			else _("Wrong item: scanned {0} ({1}: {2}), but task {3} picks item {4}")
		)
		message = message.format(scan, how, found, task.name, task.item_code)
		unread = None if item else unreadable_because(scan)
		frappe.throw(f"{message}. {unread}" if unread else message, ScanMismatchError, title=_("Wrong item"))
	if batch and task.batch_no and batch != task.batch_no:
		frappe.throw(
			(
				_("Wrong batch: scanned batch {0} of {1}, but task {2} counts batch {3}")
				if task.task_type == TaskType.COUNT.value
				else _("Wrong batch: scanned batch {0} of {1}, but task {2} picks batch {3}")
			).format(batch, task.item_code, task.name, task.batch_no),
			ScanMismatchError,
			title=_("Wrong batch"),
		)
	return batch, scanned_qty


def any_item_of_scan(task, scan: str) -> tuple[str, str | None, float | None]:
	"""(item, batch, qty carried) for a scan that may be any item (a go-live count's sweep of a bin);
	a scan that is no item's code or barcode is refused, naming it."""
	item, batch, scanned_qty, _how = item_of_scan(scan, task)
	if not item:
		unread = unreadable_because(scan)
		message = _("Unknown item: scanned {0}, which is no item's code or barcode (task {1})").format(
			scan, task.name
		)
		frappe.throw(
			f"{message}. {unread}" if unread else message, ScanMismatchError, title=_("Unknown item")
		)
	return item, batch, scanned_qty


def check_batch_given(task, batch_no: str | None) -> None:
	"""A batch sent with the confirmation (not scanned) must be the task's batch."""
	if batch_no and task.batch_no and batch_no != task.batch_no:
		verb = _("counts") if task.task_type == TaskType.COUNT.value else _("picks")
		frappe.throw(
			_("Wrong batch: {0} given, but task {1} {2} batch {3}").format(
				batch_no, task.name, verb, task.batch_no
			),
			ScanMismatchError,
		)


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


TASK_FIELDS = (
	"name",
	"task_type",
	"status",
	"item_code",
	"batch_no",
	"qty",
	"picked_qty",
	"source_bin",
	"destination_bin",
	"tote",
	"assigned_to",
	"pick_wave",
	"counted_by",
	"counted_qty",
)


def check_scans(*, task: str, bin_scan: str, item_scan: str | None = None) -> dict:
	"""Refuse a wrong bin (and, when given, a wrong item or batch) for Pick or Count task ``task``.

	Answers what the scans told: the bin code, the item, the batch and the qty a GS1 scan carries
	(None when it carries none), so the handheld can prefill the quantity.
	"""
	user = frappe.session.user
	t = frappe.db.get_value("Warehouse Task", task, list(TASK_FIELDS), as_dict=True)
	if not t:
		frappe.throw(_("Warehouse Task {0} does not exist").format(task), frappe.DoesNotExistError)
	if t.task_type == TaskType.COUNT.value:
		task_access.check_count_status(t)
		task_access.check_counter(t, user)
	else:
		task_access.check_task_open(t, user)
	bins = {
		r.name: r
		for r in frappe.get_all(
			"Storage Bin", filters={"name": t.source_bin}, fields=["name", "bin_code", "barcode"]
		)
	}
	check_bin_scan(t, bins, bin_scan)
	answer = {
		"task": t.name,
		"bin_code": bins[t.source_bin].bin_code if t.source_bin in bins else t.source_bin,
		"item_code": None,
		"batch_no": None,
		"qty": None,
	}
	if item_scan and t.task_type == TaskType.COUNT.value and not t.item_code:
		item, batch, qty = any_item_of_scan(t, item_scan)  # a go-live sweep counts whatever is there
		answer.update(item_code=item, batch_no=batch, qty=qty)
	elif item_scan:
		batch, qty = check_item_scan(t, item_scan)
		answer.update(item_code=t.item_code, batch_no=batch or t.batch_no or None, qty=qty)
	return answer
