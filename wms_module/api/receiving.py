"""Receiving endpoints for the handheld: draft Purchase Receipts waiting, scan goods in, finish."""

import frappe

from wms_module.roles import WMS_ROLES, require_roles
from wms_module.services import idempotency, receipt_scans, receiving
from wms_module.services.deadlocks import retry_on_deadlock


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES)
def waiting() -> list[dict]:
	"""Draft Purchase Receipts for warehouses the WMS manages, oldest first: name, supplier,
	posting_date, lines, scanned_qty and expected_qty (units)."""
	return receiving.receipts_waiting()


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES)
def receipt(receipt: str) -> dict:
	"""A draft receipt's lines as the handheld shows them: item, expected_qty, scanned_qty, batch_no,
	sscc. A submitted, cancelled or unknown receipt is refused (417 / 404)."""
	return receiving.receipt_lines(receipt)


@frappe.whitelist(methods=["POST"])
@require_roles(*WMS_ROLES)
@retry_on_deadlock
def scan(receipt: str, scan: str, qty: float | None = None, idempotency_key: str | None = None) -> dict:
	"""Scan goods into draft Purchase Receipt ``receipt``: an item (code, barcode, GTIN, GS1 with batch
	and expiry) adds ``qty`` units (default: the count the GS1 label carries, else 1) to its line; a
	pallet's GS1 SSCC receives every line carrying that SSCC in full.

	Refused (HTTP 417, ScanMismatchError) naming the scan and what the receipt expects: an item or
	SSCC the receipt does not list, another batch than the line's, a batch-tracked item without a
	batch, more than the line's qty plus the over-receipt allowance (Item, else Stock Settings).
	Answers the receipt's lines and ``received`` (the lines this scan changed).

	``idempotency_key`` (a client UUID): the scan sent again with the key answers the first answer
	with ``replayed`` true and counts nothing twice (HTTP 409 for the key with other arguments)."""
	command = receipt_scans.ReceiveScan(receipt, scan, qty)
	args = {"receipt": receipt, "scan": scan, "qty": qty}
	return idempotency.once(
		idempotency_key, f"{__name__}.scan", args, lambda: receipt_scans.scan_receipt(command)
	)


@frappe.whitelist(methods=["POST"])
@require_roles(*WMS_ROLES)
@retry_on_deadlock
def finish(receipt: str, idempotency_key: str | None = None) -> dict:
	"""Finish receiving: each scanned line's accepted qty becomes the units scanned (received_qty =
	qty + rejected_qty), lines nothing was scanned for are removed from the receipt, and the receipt
	is submitted (ERPNext posts the stock; it lands in the warehouse's receiving bin). Refused when
	nothing was scanned or a batch-tracked line has no batch. ``idempotency_key`` as for ``scan``."""
	return idempotency.once(
		idempotency_key,
		f"{__name__}.finish",
		{"receipt": receipt},
		lambda: receiving.finish_receiving(receipt),
	)
