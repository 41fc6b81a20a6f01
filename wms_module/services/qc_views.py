"""What the handheld's QC flow shows: the lots waiting for inspection, and one lot's plan.

``find_checks``: scan the lot (the QC Check's name, its Purchase Receipt, the item's code, barcode,
GTIN or GS1 with batch, a batch id, or the pallet's SSCC) -> the checks it names that wait: Open or
Discontinued (to inspect) and Awaiting Disposition (any operator may rework; returning and scrapping
are a supervisor's, refused by ``api.qc.dispose``). Each answer is a few indexed queries (QC Check on name,
purchase_receipt, item_code, status) and at most ``MAX_CHECKS`` checks.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, flt

from wms_module.core.scan import classify_scan
from wms_module.services import lookup
from wms_module.services.qc import AWAITING, DISCONTINUED, OPEN, QC_CHECK

MAX_CHECKS = 50
LIST_FIELDS = (
	"name status item_code item_name batch_no lot_size supplier purchase_receipt warehouse "
	"inspection_severity code_letter sample_size acceptance_number rejection_number full_inspection "
	"method aql inspection_level resubmitted_from decision accepted_qty rejected_qty disposed_qty creation"
).split()


def open_checks(warehouse: str | None = None, statuses=(OPEN, DISCONTINUED)) -> list[dict]:
	"""The checks waiting (oldest first), optionally of one warehouse. Two queries."""
	filters = {"status": ["in", list(statuses)]}
	if warehouse:
		filters["warehouse"] = warehouse
	rows = frappe.get_all(
		QC_CHECK, filters=filters, fields=LIST_FIELDS, order_by="creation asc", limit=MAX_CHECKS
	)
	return [as_answer(r, chars) for r, chars in with_characteristics(rows)]


def find_checks(scan: str, warehouse: str | None = None) -> dict:
	"""The checks a scan names (see the module docstring)."""
	value = (scan or "").strip()
	if not value:
		frappe.throw(_("scan is empty; expected a QC Check, Purchase Receipt, item, batch or pallet SSCC"))
	statuses = [OPEN, DISCONTINUED, AWAITING]
	filters = _filters_of(value)
	if filters is None:
		return {
			"scan": value,
			"checks": [],
			"message": _("{0} names no QC Check, receipt, item, batch or pallet here").format(value),
		}
	filters["status"] = ["in", statuses]
	if warehouse and "name" not in filters:
		filters["warehouse"] = warehouse
	rows = frappe.get_all(
		QC_CHECK, filters=filters, fields=LIST_FIELDS, order_by="creation asc", limit=MAX_CHECKS
	)
	checks = [as_answer(r, chars) for r, chars in with_characteristics(rows)]
	message = None if checks else _("No lot of {0} waits for inspection or disposition").format(value)
	return {"scan": value, "checks": checks, "message": message}


def check_answer(name: str) -> dict:
	"""One check as the handheld shows it (any status)."""
	rows = frappe.get_all(QC_CHECK, filters={"name": name}, fields=LIST_FIELDS)
	if not rows:
		frappe.throw(_("QC Check {0} does not exist").format(name), frappe.DoesNotExistError)
	[(row, chars)] = with_characteristics(rows)
	return as_answer(row, chars)


def _filters_of(value: str) -> dict | None:
	"""The QC Check filter a scan stands for; None when it names nothing known."""
	if frappe.db.exists(QC_CHECK, value):
		return {"name": value}
	if frappe.db.exists("Purchase Receipt", value):
		return {"purchase_receipt": value}
	result = classify_scan(value)
	if result.sscc and not result.gtin:
		details = frappe.get_all("Purchase Receipt Item", filters={"wms_sscc": result.sscc}, pluck="name")
		return {"purchase_receipt_item": ["in", details]} if details else None
	item = lookup.item_of(value, result)
	if item:
		return {"item_code": item, **({"batch_no": result.batch} if result.batch else {})}
	batch = frappe.db.get_value("Batch", value, ["name", "item"], as_dict=True)
	return {"item_code": batch.item, "batch_no": batch.name} if batch else None


def with_characteristics(rows):
	chars: dict[str, list] = {}
	if rows:
		for c in frappe.get_all(
			"QC Check Characteristic",
			filters={"parent": ["in", [r.name for r in rows]], "parenttype": QC_CHECK},
			fields=["parent", "characteristic"],
			order_by="idx asc",
		):
			chars.setdefault(c.parent, []).append(c.characteristic)
	return [(r, chars.get(r.name, [])) for r in rows]


def as_answer(r, characteristics: list[str]) -> dict:
	return {
		"name": r.name,
		"status": r.status,
		"item_code": r.item_code,
		"item_name": r.item_name,
		"batch_no": r.batch_no,
		"lot_size": flt(r.lot_size),
		"supplier": r.supplier,
		"purchase_receipt": r.purchase_receipt,
		"warehouse": r.warehouse,
		"method": r.method,
		"inspection_level": r.inspection_level,
		"aql": r.aql,
		"inspection_severity": r.inspection_severity,
		"code_letter": r.code_letter,
		"sample_size": cint(r.sample_size),
		"acceptance_number": cint(r.acceptance_number),
		"rejection_number": cint(r.rejection_number),
		"full_inspection": bool(cint(r.full_inspection)),
		"resubmitted_from": r.resubmitted_from,
		"decision": r.decision or None,
		"rejected_qty": flt(r.rejected_qty),
		"left_to_dispose": flt(r.rejected_qty) - flt(r.disposed_qty),
		"characteristics": characteristics,
	}
