"""Lookup on the handheld: scan anything, learn what it is and where its stock is.

Tried in this order (the first that matches answers):

1. a pallet SSCC (GS1 AI 00, or 18 bare digits): the open Warehouse Tasks carrying it (a putaway
   of the pallet) and the Purchase Receipt lines listing it;
2. a Storage Bin (name, code or barcode): what it holds;
3. an item (code, barcode, GTIN, GS1; a GS1 batch narrows it): the bins holding it;
4. a Batch (its id): its item, expiry, and the bins holding it.

Anything else answers ``kind`` "unknown" with why each reading failed (errors as data, for the
operator). Counts stay blind as in api.bins.contents: for an operator, a bin's item / batch that a
Count task holds shows no quantities until the count is posted.

Bounded: each answer is a handful of indexed queries (Storage Bin bin_code / barcode, Bin Stock
storage_bin / item_code, Item Barcode barcode, Warehouse Task sscc, Purchase Receipt Item
wms_sscc) and at most ``MAX_ROWS`` rows of stock.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from wms_module.core.scan import ScanKind, ScanResult, classify_scan
from wms_module.roles import WMS_MANAGER, WMS_SUPERVISOR, has_any_role
from wms_module.services import tasks as task_service
from wms_module.services.bin_denial import COUNT, HOLDING_STATUSES
from wms_module.services.storage import BIN_FIELDS

MAX_ROWS = 100
"""Stock rows in one answer (largest first); ``more`` says when there were more."""

STOCK_FIELDS = ["storage_bin", "warehouse", "item_code", "batch_no", "on_hand_qty", "allocated_qty"]


def lookup_scan(value: str, warehouse: str | None = None) -> dict:
	"""What ``value`` is and where its stock is (see the module docstring). ``warehouse`` narrows a
	bin code that repeats across warehouses and an item's stock to one warehouse."""
	value = (value or "").strip()
	if not value:
		frappe.throw(_("value is empty; expected a bin, item, batch or SSCC scan"), frappe.ValidationError)
	result = classify_scan(value)
	if result.sscc and not result.gtin:
		return sscc_answer(value, result.sscc)
	bins = bins_of(value, result, warehouse)
	if bins:
		return bin_answer(value, bins)
	item = item_of(value, result)
	if item:
		return item_answer(value, item, batch=result.batch, warehouse=warehouse)
	batch = frappe.db.get_value("Batch", value, ["name", "item", "expiry_date"], as_dict=True)
	if batch:
		return item_answer(value, batch.item, batch=batch.name, warehouse=warehouse, expiry=batch.expiry_date)
	return {
		"value": value,
		"kind": "unknown",
		"message": _("{0} is no bin, item, batch or pallet SSCC known here").format(value),
		"readings": {e.reading.value: e.message for e in result.errors},
	}


def bins_of(value: str, result: ScanResult, warehouse: str | None) -> list[frappe._dict]:
	"""The Storage Bins the scan names (name, code or barcode): those of ``warehouse`` when it has
	one, else any warehouse's (at most 20: a code repeats once per warehouse). One query, two when
	the warehouse has no such bin. The warehouse is a filter, not a pick among the first 20: a site
	with more warehouses than that sharing a code would otherwise miss the operator's own bin."""
	forms = sorted({value, value.upper(), *([result.bin_code] if result.bin_code else [])})

	def named(filters: dict) -> list[frappe._dict]:
		return frappe.get_all(
			"Storage Bin",
			filters=filters,
			or_filters=[["name", "in", forms], ["bin_code", "in", forms], ["barcode", "in", forms]],
			fields=list(BIN_FIELDS),
			order_by="name asc",
			limit=20,
		)

	return (warehouse and named({"warehouse": warehouse})) or named({})


def item_of(value: str, result: ScanResult) -> str | None:
	"""The item a scan names: its code, else its barcode or GTIN (two queries at most)."""
	if result.kind in (ScanKind.ITEM_CODE, ScanKind.BIN) and frappe.db.exists("Item", value):
		return value
	codes = list(result.lookup_codes) or [value]
	found = sorted(set(frappe.get_all("Item Barcode", filters={"barcode": ["in", codes]}, pluck="parent")))
	return found[0] if found else None


def bin_answer(value: str, bins: list[frappe._dict]) -> dict:
	"""A bin (or a code several warehouses share: each of them) and what it holds."""
	names = [b.name for b in bins]
	rows = frappe.get_all(
		"Bin Stock",
		filters={"storage_bin": ["in", names], "on_hand_qty": [">", 0]},
		fields=STOCK_FIELDS,
		order_by="on_hand_qty desc",
		limit=MAX_ROWS + 1,
	)
	labels = {b.name: b for b in bins}
	return {
		"value": value,
		"kind": "bin",
		"bins": [
			{
				"name": b.name,
				"bin_code": b.bin_code,
				"warehouse": b.warehouse,
				"zone": b.zone,
				"status": b.status,
				"bin_type": b.bin_type,
			}
			for b in bins
		],
		"stock": stock_rows(rows[:MAX_ROWS], labels),
		"more": len(rows) > MAX_ROWS,
	}


def item_answer(value: str, item: str, *, batch=None, warehouse=None, expiry=None) -> dict:
	"""An item (and batch): its name and unit, and the bins holding it, largest first."""
	filters = {"item_code": item, "on_hand_qty": [">", 0]}
	if batch:
		filters["batch_no"] = batch
	if warehouse:
		filters["warehouse"] = warehouse
	rows = frappe.get_all(
		"Bin Stock", filters=filters, fields=STOCK_FIELDS, order_by="on_hand_qty desc", limit=MAX_ROWS + 1
	)
	held_in = sorted({r.storage_bin for r in rows})
	labels = (
		{
			b.name: b
			for b in frappe.get_all(
				"Storage Bin", filters={"name": ["in", held_in]}, fields=["name", "bin_code", "warehouse"]
			)
		}
		if held_in
		else {}
	)
	info = frappe.db.get_value("Item", item, ["item_name", "stock_uom"], as_dict=True) or frappe._dict()
	stock = stock_rows(rows[:MAX_ROWS], labels)
	return {
		"value": value,
		"kind": "batch" if batch and value == batch else "item",
		"item_code": item,
		"item_name": info.item_name,
		"stock_uom": info.stock_uom,
		"batch_no": batch,
		"expiry_date": str(expiry) if expiry else None,
		"stock": stock,
		"total_on_hand": sum(flt(r["on_hand"]) for r in stock if r["on_hand"] is not None),
		"more": len(rows) > MAX_ROWS,
	}


def stock_rows(rows: list, labels: dict) -> list[dict]:
	"""Bin Stock rows as the handheld shows them, blind where a Count task holds the bin's item."""
	blind = blind_keys({r.storage_bin for r in rows})
	out = []
	for r in rows:
		hidden = (r.storage_bin, r.item_code, r.batch_no or None) in blind
		label = labels.get(r.storage_bin)
		out.append(
			{
				"storage_bin": r.storage_bin,
				"bin_code": label.bin_code if label else r.storage_bin,
				"warehouse": r.warehouse,
				"item_code": r.item_code,
				"batch_no": r.batch_no,
				"on_hand": None if hidden else flt(r.on_hand_qty),
				"allocated": None if hidden else flt(r.allocated_qty),
			}
		)
	return out


def blind_keys(bins: set[str]) -> set[tuple]:
	"""(bin, item, batch) an open Count task holds, for an operator (supervisors see every count)."""
	if not bins or has_any_role(WMS_MANAGER, WMS_SUPERVISOR):
		return set()
	return {
		(b, item, batch or None)
		for b, item, batch in frappe.get_all(
			"Warehouse Task",
			filters={
				"task_type": COUNT,
				"source_bin": ["in", sorted(bins)],
				"status": ["in", HOLDING_STATUSES],
			},
			fields=["source_bin", "item_code", "batch_no"],
			as_list=True,
		)
	}


def sscc_answer(value: str, sscc: str) -> dict:
	"""A pallet: its open tasks (a putaway: from, suggested bin) and the receipt lines listing it."""
	tasks = frappe.get_all(
		"Warehouse Task",
		filters={"sscc": sscc, "status": ["in", list(task_service.ACTIVE_STATUSES)]},
		fields=[
			"name",
			"task_type",
			"status",
			"item_code",
			"batch_no",
			"qty",
			"source_bin",
			"suggested_bin",
			"destination_bin",
			"assigned_to",
		],
		order_by="creation asc",
		limit=MAX_ROWS,
	)
	lines = frappe.get_all(
		"Purchase Receipt Item",
		filters={"wms_sscc": sscc, "parenttype": "Purchase Receipt", "docstatus": ["<", 2]},
		fields=["parent", "idx", "item_code", "qty", "wms_scanned_qty", "docstatus", "warehouse"],
		order_by="parent asc, idx asc",
		limit=MAX_ROWS,
	)
	return {
		"value": value,
		"kind": "sscc",
		"sscc": sscc,
		"tasks": [dict(t) for t in tasks],
		"receipt_lines": [
			{
				"receipt": r.parent,
				"idx": r.idx,
				"item_code": r.item_code,
				"qty": flt(r.qty),
				"scanned_qty": flt(r.wms_scanned_qty),
				"received": r.docstatus == 1,
				"warehouse": r.warehouse,
			}
			for r in lines
		],
	}
