"""Check a handheld's scans one at a time, before anything is confirmed (read only).

The handheld (``/wms``) asks after each scan, so a wrong bin or item is refused at once with
the same message ``api.picking.confirm`` / ``api.counts.submit`` would give at the end (the
checks are picking's own). Nothing is locked or written: the confirmation checks again.
"""

from __future__ import annotations

import frappe
from frappe import _

from wms_module.services import counts, picking
from wms_module.services import tasks as task_service

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
	if t.task_type == counts.COUNT:
		if t.status not in task_service.ACTIVE_STATUSES:
			frappe.throw(
				_("Count task {0} is {1}; there is nothing left to count").format(t.name, t.status),
				counts.CountNotAvailableError,
			)
		counts.check_counter(t, user)
	else:
		picking.check_task_open(t, user)
	bins = {
		r.name: r
		for r in frappe.get_all(
			"Storage Bin", filters={"name": t.source_bin}, fields=["name", "bin_code", "barcode"]
		)
	}
	picking.check_bin_scan(t, bins, bin_scan)
	answer = {
		"task": t.name,
		"bin_code": bins[t.source_bin].bin_code if t.source_bin in bins else t.source_bin,
		"item_code": None,
		"batch_no": None,
		"qty": None,
	}
	if item_scan:
		batch, qty = picking.check_item_scan(t, item_scan)
		answer.update(item_code=t.item_code, batch_no=batch or t.batch_no or None, qty=qty)
	return answer
