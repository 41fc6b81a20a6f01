"""One scan on a draft Purchase Receipt (the handheld's receiving; see services.receiving).

An item scan adds units to its line (the first of the item and batch still expecting some, else its
last), within ERPNext's over-receipt allowance; a pallet's SSCC receives every line carrying it, in
full, with one UPDATE. A constant number of queries per scan, whatever the receipt's size.
"""

from __future__ import annotations

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import flt

from wms_module import erp
from wms_module.core.bins import EPSILON
from wms_module.core.scan import ScanKind, ScanResult, classify_scan
from wms_module.exceptions import ScanMismatchError, WMSValidationError
from wms_module.services.receiving import (
	LINE,
	RECEIPT,
	SCANNED,
	SSCC,
	answer_of,
	check_managed,
	load_receipt,
	receipt_line_rows,
)


@dataclass(frozen=True)
class ReceiveScan:
	"""One scan on an open receipt (api.receiving.scan)."""

	receipt: str
	scan: str
	qty: float | None = None
	"""Units the operator typed; None: the count a GS1 label carries, else 1."""


def scan_receipt(command: ReceiveScan) -> dict:
	"""Add a scan to a draft receipt (see the module docstring); answers the changed lines and the
	receipt's lines after the scan."""
	header = load_receipt(command.receipt, for_update=True)
	lines = receipt_line_rows(command.receipt)
	check_managed(header, lines)
	if command.qty not in (None, "") and flt(command.qty) <= 0:
		frappe.throw(
			_("qty must be more than 0, got {0} (scan {1} on {2})").format(
				command.qty, command.scan, command.receipt
			),
			WMSValidationError,
		)
	result = classify_scan(command.scan or "")
	if result.kind == ScanKind.EMPTY:
		frappe.throw(
			_("The scan is empty; expected an item, GS1 label or pallet SSCC of {0}").format(command.receipt),
			ScanMismatchError,
		)
	if result.sscc and not result.gtin:
		changed = _receive_pallet(header, lines, result)
	else:
		changed = [_receive_item(header, lines, result, command.qty)]
	answer = answer_of(header, lines)
	answer["received"] = changed
	return answer


# ------------------------------------------------------------------------------- one scan


def _receive_pallet(header, lines, result: ScanResult) -> list[dict]:
	"""Every line on the pallet, in full: one UPDATE."""
	on_pallet = [line for line in lines if (line.get(SSCC) or "").strip() == result.sscc]
	if not on_pallet:
		listed = sorted({line.get(SSCC) for line in lines if line.get(SSCC)})
		frappe.throw(
			_("Scanned pallet SSCC {0}, but Purchase Receipt {1} lists {2}").format(
				result.sscc,
				header.name,
				_("the pallets {0}").format(", ".join(listed))
				if listed
				else _("no pallet (no line has an SSCC)"),
			),
			ScanMismatchError,
			title=_("Pallet not on this receipt"),
		)
	if all(flt(line.get(SCANNED)) >= flt(line.qty) - EPSILON for line in on_pallet):
		frappe.throw(
			_("Pallet {0} is received already on Purchase Receipt {1} (lines {2})").format(
				result.sscc, header.name, ", ".join(str(line.idx) for line in on_pallet)
			),
			ScanMismatchError,
			title=_("Pallet received already"),
		)
	frappe.db.sql(
		f"""update `tab{LINE}` set `{SCANNED}`=`qty`
		where `parent`=%s and `parenttype`=%s and `{SSCC}`=%s""",
		(header.name, RECEIPT, result.sscc),
	)
	changed = []
	for line in on_pallet:
		added = flt(line.qty) - flt(line.get(SCANNED))
		line[SCANNED] = flt(line.qty)
		changed.append(_change(line, added, sscc=result.sscc))
	return changed


def _receive_item(header, lines, result: ScanResult, typed_qty) -> dict:
	item = _item_of(header, lines, result)
	rules = erp.get_item_receiving_rules([item])[item]
	batch = result.batch if rules.has_batch_no else None
	if rules.has_batch_no and not batch and not any(ln.batch_no for ln in lines if ln.item_code == item):
		frappe.throw(
			_(
				"Scanned {0}: item {1} is batch-tracked, and the scan carries no batch; scan its GS1 "
				"label with the batch (AI 10), expected on Purchase Receipt {2}"
			).format(result.value, item, header.name),
			ScanMismatchError,
			title=_("Batch missing"),
		)
	line = _line_for(header, lines, item, batch, result)
	qty = flt(typed_qty) if typed_qty not in (None, "") else flt(result.qty or 1)
	new = flt(line.get(SCANNED)) + qty
	allowance = rules.allowance if rules.allowance else erp.over_receipt_allowance()
	limit = flt(line.qty) * (100 + allowance) / 100
	if new > limit + EPSILON:
		frappe.throw(
			_(
				"Scanned {0}: {1} more of item {2} makes {3} on line {4} of Purchase Receipt {5}, which "
				"expects {6} (over-receipt allowance {7} %: at most {8})"
			).format(
				result.value,
				f"{qty:g}",
				item,
				f"{new:g}",
				line.idx,
				header.name,
				f"{flt(line.qty):g}",
				f"{allowance:g}",
				f"{limit:g}",
			),
			ScanMismatchError,
			title=_("More than expected"),
		)
	values = {SCANNED: new}
	if batch and not line.batch_no:
		erp.ensure_batch(item, batch, expiry_date=result.expiry, receipt=header.name)
		values.update(batch_no=batch, use_serial_batch_fields=1)
		line.batch_no = batch
	frappe.db.set_value(LINE, line.name, values, update_modified=False)
	line[SCANNED] = new
	return _change(line, qty)


def _item_of(header, lines, result: ScanResult) -> str:
	"""The receipt's item the scan names: a listed item code (no query), else a barcode/GTIN."""
	listed = {line.item_code.upper(): line.item_code for line in lines}
	if result.kind in (ScanKind.ITEM_CODE, ScanKind.BIN) and result.value.upper() in listed:
		return listed[result.value.upper()]
	codes = list(result.lookup_codes) or [result.value]
	found = sorted(set(frappe.get_all("Item Barcode", filters={"barcode": ["in", codes]}, pluck="parent")))
	on_receipt = [code for code in found if code in listed.values()]
	if on_receipt:
		return on_receipt[0]
	how = {ScanKind.GS1: "GS1", ScanKind.GTIN: "GTIN", ScanKind.BIN: "bin barcode"}.get(result.kind, "code")
	what = _("item {0}").format(", ".join(found)) if found else _("no known item")
	unread = next((e.message for e in result.errors if e.reading == result.kind), None)
	message = _("Scanned {0} ({1}: {2}), but Purchase Receipt {3} lists {4}").format(
		result.value, how, what, header.name, ", ".join(sorted(listed.values()))
	)
	if not found and result.kind in (ScanKind.GS1, ScanKind.GTIN) and unread:
		message = f"{message}. {unread}"
	frappe.throw(message, ScanMismatchError, title=_("Not on this receipt"))


def _line_for(header, lines, item: str, batch: str | None, result: ScanResult) -> frappe._dict:
	"""The first line of the item (and batch) that still expects units, else its last line."""
	candidates = [
		line
		for line in lines
		if line.item_code == item and (not batch or not line.batch_no or line.batch_no == batch)
	]
	if not candidates:
		batches = ", ".join(sorted({line.batch_no for line in lines if line.item_code == item}))
		frappe.throw(
			_("Scanned {0}: batch {1} of item {2}, but Purchase Receipt {3} expects batch {4}").format(
				result.value, batch, item, header.name, batches
			),
			ScanMismatchError,
			title=_("Wrong batch"),
		)
	# a line already given this batch first, then one without a batch: a line's batch is one batch
	candidates.sort(key=lambda line: (0 if batch and line.batch_no == batch else 1, line.idx))
	open_lines = [line for line in candidates if flt(line.get(SCANNED)) < flt(line.qty) - EPSILON]
	return open_lines[0] if open_lines else candidates[-1]


def _change(line, added: float, sscc: str | None = None) -> dict:
	return {
		"line": line.name,
		"idx": line.idx,
		"item_code": line.item_code,
		"batch_no": line.batch_no,
		"added_qty": added,
		"scanned_qty": flt(line.get(SCANNED)),
		"expected_qty": flt(line.qty),
		"sscc": sscc,
	}
