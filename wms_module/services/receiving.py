"""Receiving on the handheld: a draft Purchase Receipt is opened, its goods scanned in, then finished.

Receipts waiting are the draft Purchase Receipts with a line for a warehouse the WMS manages
(services.managed). Each scan adds units to one line's ``wms_scanned_qty`` (a Custom Field of
Purchase Receipt Item, install.receiving_fields):

- an item: its code, barcode, GTIN or a GS1 label (the batch (10) and expiry (17) it carries, the
  count (30/37) as the units when no quantity is typed; else 1 unit). The units go to the first
  line of that item (and batch) that still expects some, else to its last line.
- a pallet's GS1 SSCC (AI 00, or the 18 bare digits): every line whose ``wms_sscc`` is that SSCC is
  received in full in one scan. An SSCC the receipt does not list is refused, naming its pallets.

Units are counted in the line's unit (its ``uom``, the unit of ``qty``): a scan of a box line is one
box.

Refused, naming the scan and what was expected: an item the receipt does not list; a batch other
than the line's; a batch-tracked item scanned without a batch (its label's GS1 code carries it);
more than the line's quantity plus ERPNext's over-receipt allowance. The allowance is read as
ERPNext reads it (erpnext/controllers/status_updater.py ``get_allowance_for``): the Item's
``over_delivery_receipt_allowance`` when set, else Stock Settings'; a line may be scanned up to
``qty * (100 + allowance) / 100``. (ERPNext's bypass role, ``role_allowed_to_over_deliver_receive``,
is not applied here: the handheld refuses, the desk can still edit the receipt.)

A scan costs a constant number of queries whatever the receipt's size: the receipt row locked, its
lines, the managed check, the barcode (only when the scan is not a listed item code), the item's
batch flag and allowance, the global allowance, the batch (a GS1 batch only), one UPDATE.

Finishing sets each scanned line's ``qty`` (accepted) to the units scanned and ``received_qty`` to
``qty + rejected_qty`` (ERPNext v15 BuyingController.validate_accepted_rejected_qty refuses
anything else), **removes the lines nothing was scanned for** (the goods did not come; a Purchase
Order keeps expecting them), and submits the receipt through ``erp.submit_purchase_receipt``.
ERPNext posts the stock; the app's Purchase Receipt hook puts it in the receiving bin.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from wms_module import erp
from wms_module.core.bins import EPSILON
from wms_module.exceptions import WMSValidationError
from wms_module.services.managed import ACTIVE_FIELD, managed_warehouses

RECEIPT = "Purchase Receipt"
LINE = "Purchase Receipt Item"
SCANNED = "wms_scanned_qty"
SSCC = "wms_sscc"
LINE_FIELDS = (
	"name",
	"idx",
	"item_code",
	"item_name",
	"qty",
	"rejected_qty",
	"uom",
	"stock_uom",
	"conversion_factor",
	"warehouse",
	"batch_no",
	SSCC,
	SCANNED,
)
WAITING_LIMIT = 200


def receipts_waiting(limit: int = WAITING_LIMIT) -> list[dict]:
	"""Draft Purchase Receipts with a line for a managed warehouse, oldest first, with their progress
	(units scanned of units expected). Three queries."""
	managed = sorted(set(frappe.get_all("Warehouse Layout", filters={ACTIVE_FIELD: 1}, pluck="warehouse")))
	if not managed:
		return []
	lines = frappe.get_all(
		LINE,
		filters={"parenttype": RECEIPT, "docstatus": 0, "warehouse": ["in", managed]},
		fields=["parent", "qty", SCANNED],
	)
	progress: dict[str, list[float]] = {}
	for line in lines:
		p = progress.setdefault(line.parent, [0.0, 0.0, 0])
		p[0] += flt(line.get(SCANNED))
		p[1] += flt(line.qty)
		p[2] += 1
	if not progress:
		return []
	headers = frappe.get_all(
		RECEIPT,
		filters={"name": ["in", sorted(progress)], "docstatus": 0, "is_return": 0},
		fields=["name", "supplier", "supplier_name", "posting_date", "company"],
		order_by="posting_date asc, name asc",
		limit=limit,
	)
	return [
		{
			**h,
			"lines": progress[h.name][2],
			"scanned_qty": progress[h.name][0],
			"expected_qty": progress[h.name][1],
		}
		for h in headers
	]


def receipt_lines(receipt: str) -> dict:
	"""A draft receipt as the handheld shows it: header and lines (expected, scanned, SSCC, batch)."""
	header = load_receipt(receipt, for_update=False)
	lines = receipt_line_rows(receipt)
	check_managed(header, lines)
	return answer_of(header, lines)


def finish_receiving(receipt: str) -> dict:
	"""Set each line's accepted qty to what was scanned, drop the lines nothing was scanned for, and
	submit the receipt (ERPNext posts the stock; the app puts it in the receiving bin)."""
	header = load_receipt(receipt, for_update=True)
	lines = receipt_line_rows(receipt)
	check_managed(header, lines)
	scanned = {line.name: flt(line.get(SCANNED)) for line in lines}
	if not any(q > EPSILON for q in scanned.values()):
		frappe.throw(
			_("Purchase Receipt {0}: nothing has been scanned; scan the goods before finishing").format(
				receipt
			),
			WMSValidationError,
			title=_("Nothing received"),
		)
	meta = erp.get_item_receiving_rules([line.item_code for line in lines])
	for line in lines:
		if scanned[line.name] > EPSILON and meta[line.item_code].has_batch_no and not line.batch_no:
			frappe.throw(
				_(
					"Purchase Receipt {0} line {1}: item {2} is batch-tracked and no batch was scanned; "
					"scan its GS1 label (with the batch, AI 10) before finishing"
				).format(receipt, line.idx, line.item_code),
				WMSValidationError,
				title=_("Batch missing"),
			)
	doc = erp.submit_purchase_receipt(receipt, scanned)
	removed = [
		{"line": line.name, "item_code": line.item_code, "qty": flt(line.qty)}
		for line in lines
		if scanned[line.name] <= EPSILON
	]
	return {
		"receipt": doc.name,
		"docstatus": doc.docstatus,
		"status": doc.status,
		"received": [
			{"line": d.name, "item_code": d.item_code, "qty": flt(d.qty), "batch_no": d.batch_no}
			for d in doc.items
		],
		"removed": removed,
	}


# ------------------------------------------------------------------------------- loading


def load_receipt(receipt: str, *, for_update: bool) -> frappe._dict:
	header = frappe.db.get_value(
		RECEIPT,
		receipt,
		["name", "docstatus", "company", "supplier", "supplier_name", "posting_date", "is_return"],
		as_dict=True,
		for_update=for_update,
	)
	if not header:
		frappe.throw(
			_("Purchase Receipt {0} not found; expected a draft receipt waiting to be received").format(
				frappe.bold(receipt)
			),
			frappe.DoesNotExistError,
		)
	if header.docstatus != 0 or header.is_return:
		state = (
			_("a return") if header.is_return else _("submitted") if header.docstatus == 1 else _("cancelled")
		)
		frappe.throw(
			_("Purchase Receipt {0} is {1}; only a draft receipt is received on the handheld").format(
				receipt, state
			),
			WMSValidationError,
			title=_("Not a draft"),
		)
	return header


def receipt_line_rows(receipt: str) -> list[frappe._dict]:
	return frappe.get_all(
		LINE,
		filters={"parent": receipt, "parenttype": RECEIPT},
		fields=list(LINE_FIELDS),
		order_by="idx asc",
	)


def check_managed(header, lines) -> None:
	if not managed_warehouses(line.warehouse for line in lines):
		warehouses = ", ".join(sorted({line.warehouse or "?" for line in lines})) or _("none")
		frappe.throw(
			_(
				"Purchase Receipt {0} receives into {1}, which the WMS does not manage; expected a "
				"warehouse with an active Warehouse Layout"
			).format(header.name, warehouses),
			WMSValidationError,
		)


def answer_of(header, lines) -> dict:
	return {
		"receipt": header.name,
		"supplier": header.supplier_name or header.supplier,
		"posting_date": str(header.posting_date or ""),
		"lines": [
			{
				"line": line.name,
				"idx": line.idx,
				"item_code": line.item_code,
				"item_name": line.item_name,
				"uom": line.uom,
				"expected_qty": flt(line.qty),
				"scanned_qty": flt(line.get(SCANNED)),
				"batch_no": line.batch_no,
				"sscc": line.get(SSCC),
			}
			for line in lines
		],
	}
