"""The seam to ERPNext: the only module that reads ERPNext tables or calls ERPNext functions.

When ERPNext changes (v15 -> v16), this file changes and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

import frappe
from frappe.query_builder.functions import Sum
from frappe.utils import flt

from wms_module.exceptions import WMSValidationError
from wms_module.stock_vouchers import STOCK_VOUCHER_TYPES

SALES_ORDER = "Sales Order"
"""The ERPNext doctype whose lines the WMS picks (Warehouse Task.reference_doctype)."""


@dataclass(frozen=True)
class SalesOrderLine:
	"""One Sales Order Item as the WMS reads it, in stock units (v15 field names stay in this module)."""

	detail: str
	item_code: str
	warehouse: str | None
	ordered: float
	delivered: float
	"""What ERPNext counts as delivered (delivered_qty), in stock units."""
	delivery_date: object
	"""The line's date, else the order's."""
	drop_ship: bool
	"""Delivered by the supplier: never picked."""


def sales_order_lines(sales_order) -> list[SalesOrderLine]:
	"""The order's lines in stock units (qty x conversion factor when stock_qty is not set)."""
	lines = []
	for row in sales_order.get("items"):
		factor = flt(row.conversion_factor) or 1.0
		lines.append(
			SalesOrderLine(
				detail=row.name,
				item_code=row.item_code,
				warehouse=row.warehouse or None,
				ordered=flt(row.stock_qty) or flt(row.qty) * factor,
				delivered=flt(row.delivered_qty) * factor,
				delivery_date=row.get("delivery_date") or sales_order.get("delivery_date"),
				drop_ship=bool(row.get("delivered_by_supplier")),
			)
		)
	return lines


@dataclass(frozen=True)
class StockPosting:
	"""One warehouse-level stock movement ERPNext posted for a voucher row."""

	warehouse: str
	item_code: str
	batch_no: str | None
	qty: float
	voucher_detail_no: str | None


def get_stock_postings(voucher_type: str, voucher_no: str) -> list[StockPosting]:
	"""The live (not cancelled) Stock Ledger Entries a voucher posted, split by batch.

	ERPNext v15 records batches either on the SLE (``batch_no``) or in a Serial and
	Batch Bundle (``serial_and_batch_bundle``; erpnext/stock/doctype/serial_and_batch_bundle).
	Bundled rows are expanded from their Serial and Batch Entry rows, with the
	sign of the SLE (entry quantities are compared by magnitude only).
	"""
	sles = frappe.get_all(
		"Stock Ledger Entry",
		filters={"voucher_type": voucher_type, "voucher_no": voucher_no, "is_cancelled": 0},
		fields=[
			"warehouse",
			"item_code",
			"batch_no",
			"actual_qty",
			"voucher_detail_no",
			"serial_and_batch_bundle",
		],
		order_by="creation asc",
	)
	entries = _bundle_entries([s.serial_and_batch_bundle for s in sles if s.serial_and_batch_bundle])
	postings = []
	for s in sles:
		if not s.actual_qty:
			continue
		rows = entries.get(s.serial_and_batch_bundle or "", [])
		if rows and any(r.batch_no for r in rows):
			sign = 1 if s.actual_qty > 0 else -1
			for r in rows:
				postings.append(
					StockPosting(s.warehouse, s.item_code, r.batch_no, sign * abs(r.qty), s.voucher_detail_no)
				)
		else:
			postings.append(
				StockPosting(s.warehouse, s.item_code, s.batch_no or None, s.actual_qty, s.voucher_detail_no)
			)
	return postings


def get_reconciled_keys(voucher_no: str) -> list[tuple[str, str, str | None]]:
	"""(warehouse, item, batch) of each row a submitted Stock Reconciliation set, in row order.

	Not read from quantities: v15 writes a non-batch row's Stock Ledger Entry with
	``actual_qty = 0`` and the counted figure in ``qty_after_transaction``
	(erpnext/stock/doctype/stock_reconciliation/stock_reconciliation.py: get_sle_for_items,
	erpnext/stock/stock_ledger.py: process_sle), and a batch row's batches in its Serial and
	Batch Bundle, not on the entry.
	"""
	sles = frappe.get_all(
		"Stock Ledger Entry",
		filters={"voucher_type": "Stock Reconciliation", "voucher_no": voucher_no, "is_cancelled": 0},
		fields=["warehouse", "item_code", "batch_no", "serial_and_batch_bundle"],
		order_by="creation asc",
	)
	entries = _bundle_entries([s.serial_and_batch_bundle for s in sles if s.serial_and_batch_bundle])
	keys: list[tuple[str, str, str | None]] = []
	for s in sles:
		rows = entries.get(s.serial_and_batch_bundle or "")
		for batch in [r.batch_no for r in rows if r.batch_no] if rows else [s.batch_no or None]:
			if (s.warehouse, s.item_code, batch) not in keys:
				keys.append((s.warehouse, s.item_code, batch))
	return keys


def _bundle_entries(bundles: list[str]) -> dict[str, list[frappe._dict]]:
	"""bundle -> its Serial and Batch Entry rows (batch_no, qty), one query."""
	if not bundles:
		return {}
	entries: dict[str, list[frappe._dict]] = {}
	for e in frappe.get_all(
		"Serial and Batch Entry", filters={"parent": ["in", bundles]}, fields=["parent", "batch_no", "qty"]
	):
		entries.setdefault(e.parent, []).append(e)
	return entries


def get_actual_qty_by_batch(
	warehouses: Iterable[str], items: Iterable[str] | None = None
) -> dict[tuple[str, str, str | None], float]:
	"""ERPNext's on-hand quantity per (warehouse, item, batch), as ERPNext itself keeps it, for the
	given warehouses (and only ``items``, when given).

	Non-batch items (batch None): ``Bin.actual_qty`` (erpnext/stock/doctype/bin), which a Stock
	Reconciliation sets although its ledger entry's ``actual_qty`` is 0. Batch items: the signed
	Serial and Batch Entry quantities of the live ledger entries' bundles, summed per batch, as v15's
	``get_available_batches`` sums them (erpnext/stock/doctype/serial_and_batch_bundle/
	serial_and_batch_bundle.py); entries that carry ``batch_no`` themselves (no bundle) add theirs.
	Four queries whatever the number of warehouses and items.
	"""
	warehouses = sorted(set(warehouses))
	items = sorted(set(items)) if items is not None else None
	if not warehouses or items == []:
		return {}
	out = _plain_item_qty(warehouses, items)
	for r in _batch_qty_rows(warehouses, items):
		if not r.batch_no:
			continue  # a serial-number-only bundle
		key = (r.warehouse, r.item_code, r.batch_no)
		out[key] = out.get(key, 0) + r.qty
	return out


def _plain_item_qty(warehouses: list[str], items: list[str] | None) -> dict[tuple[str, str, None], float]:
	"""``Bin.actual_qty`` of the items without batches. Two queries."""
	by_item = {"item_code": ["in", items]} if items else {}
	bins = frappe.get_all(
		"Bin",
		filters={"warehouse": ["in", warehouses], **by_item},
		fields=["warehouse", "item_code", "actual_qty"],
	)
	batched = set(
		frappe.get_all(
			"Item",
			filters={"name": ["in", sorted({b.item_code for b in bins}) or [""]], "has_batch_no": 1},
			pluck="name",
		)
	)
	return {
		(b.warehouse, b.item_code, None): b.actual_qty
		for b in bins
		if b.item_code not in batched and b.actual_qty
	}


def _batch_qty_rows(warehouses: list[str], items: list[str] | None) -> list:
	"""Live ledger quantities per (warehouse, item, batch): from the entries' bundles, and from entries
	that carry ``batch_no`` themselves. Two queries."""
	sle = frappe.qb.DocType("Stock Ledger Entry")
	entry = frappe.qb.DocType("Serial and Batch Entry")
	bundled = (
		frappe.qb.from_(sle)
		.inner_join(entry)
		.on(entry.parent == sle.serial_and_batch_bundle)
		.select(sle.warehouse, sle.item_code, entry.batch_no, Sum(entry.qty).as_("qty"))
		.where((sle.warehouse.isin(warehouses)) & (sle.is_cancelled == 0) & (sle.has_batch_no == 1))
		.groupby(sle.warehouse, sle.item_code, entry.batch_no)
	)
	if items:
		bundled = bundled.where(sle.item_code.isin(items))
	on_entry = frappe.get_all(
		"Stock Ledger Entry",
		filters={
			"warehouse": ["in", warehouses],
			**({"item_code": ["in", items]} if items else {}),
			"is_cancelled": 0,
			"batch_no": ["is", "set"],
			"serial_and_batch_bundle": ["is", "not set"],
		},
		fields=["warehouse", "item_code", "batch_no", "sum(actual_qty) as qty"],
		group_by="warehouse, item_code, batch_no",
	)
	return [*bundled.run(as_dict=True), *on_entry]


def is_group_warehouse(warehouse: str) -> bool:
	return bool(frappe.db.get_value("Warehouse", warehouse, "is_group"))


ITEM_UNIT_VOLUME_FIELD = "wms_unit_volume"
"""Custom Field the app adds to Item (m³ per stock unit; wms_module/install.py)."""


def get_item_units(item_codes: Iterable[str]) -> dict[str, frappe._dict]:
	"""Unit weight, unit volume and stock UOM of each item (for bin capacity checks).

	``unit_volume`` is the Item Custom Field ``wms_unit_volume`` (m³); 0.0 when a site
	does not have the field yet (installed before it, not migrated) or the item has none.
	"""
	codes = sorted(set(item_codes))
	if not codes:
		return {}
	fields = ["name", "stock_uom", "weight_per_unit", "has_batch_no"]
	has_volume = frappe.get_meta("Item").has_field(ITEM_UNIT_VOLUME_FIELD)
	if has_volume:
		fields.append(f"{ITEM_UNIT_VOLUME_FIELD} as unit_volume")
	rows = frappe.get_all("Item", filters={"name": ["in", codes]}, fields=fields)
	for r in rows:
		r.unit_volume = float(r.get("unit_volume") or 0.0) if has_volume else 0.0
	return {r.name: r for r in rows}


def make_delivery_note(sales_order: str):
	"""An unsaved Delivery Note mapped from a submitted Sales Order by ERPNext itself.

	``erpnext.selling.doctype.sales_order.sales_order.make_delivery_note(source_name,
	target_doc=None, kwargs=None)`` (v15, whitelisted): one row per undelivered Sales
	Order Item, qty = qty - delivered_qty, with ``so_detail`` / ``against_sales_order``.

	The WMS makes this note when an operator's last pick completes the order: ERPNext's mapper
	checks the session user's create on Delivery Note and read on Sales Order
	(frappe/model/mapper.py: get_mapped_doc), which an operator has not, and the function offers
	no ``ignore_permissions``. So the mapping, which writes nothing, runs as the system; the
	caller inserts and submits the note as the operator with ``ignore_permissions``.
	"""
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note as map_delivery_note

	with _as_system_user():
		return map_delivery_note(sales_order)


@dataclass(frozen=True)
class MaterialIssue:
	"""One row of stock written off a warehouse (e.g. a scrapped return), with the bin plan the
	WMS decided for it (``services.stock_sync``: ``doc.flags.wms_bin_plan``)."""

	warehouse: str
	item_code: str
	qty: float
	uom: str
	batch_no: str | None = None
	remarks: str | None = None


def make_material_issue(issue: MaterialIssue, *, flags: dict) -> str:
	"""Insert and submit an ERPNext v15 Stock Entry "Material Issue" of one row from ``issue.warehouse``;
	returns its name. The row as ERPNext's own Material Issue carries it (erpnext/stock/doctype/
	stock_entry/stock_entry.py: purpose "Material Issue" needs ``s_warehouse`` only; the expense
	account defaults to the company's Stock Adjustment Account in ``get_item_details``); a batch
	on the row itself with ``use_serial_batch_fields`` (v15), as ERPNext's own tests post it. ``flags``
	go onto the document before insert (the WMS's bin plan)."""
	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"stock_entry_type": "Material Issue",
			"purpose": "Material Issue",
			"company": frappe.db.get_value("Warehouse", issue.warehouse, "company"),
			"remarks": issue.remarks,
			"items": [
				{
					"item_code": issue.item_code,
					"qty": issue.qty,
					"s_warehouse": issue.warehouse,
					"batch_no": issue.batch_no,
					"use_serial_batch_fields": 1 if issue.batch_no else 0,
					"uom": issue.uom,
					"stock_uom": issue.uom,
					"conversion_factor": 1,
				}
			],
		}
	)
	entry.flags.update(flags)
	entry.insert(ignore_permissions=True)
	submit_on_behalf(entry)
	return entry.name


def submit_on_behalf(doc) -> None:
	"""Submit a stock document the WMS makes for someone who holds only WMS roles (the Delivery Note
	of an order's last pick, the receipt the handheld finishes, a scrapped return's Material Issue):
	the WMS service checked its own rules and the document goes through with ignore_permissions,
	but ERPNext v15 makes a Serial and Batch Bundle for each batch row inside the submit
	(stock_controller.make_bundle_using_old_serial_batch_fields -> serial_batch_bundle.
	SerialBatchCreation.make_serial_and_batch_bundle: ``doc.save()``, no ignore_permissions), and
	that save is checked against the session user's roles: an operator without Stock User was
	refused on the real site ("does not have doctype access via role permission for document
	Serial and Batch Bundle"). So the submit runs as the system; the document keeps its owner."""
	doc.flags.ignore_permissions = True
	with _as_system_user():
		doc.submit()


@contextmanager
def _as_system_user():
	"""The session's user is Administrator inside: only ``frappe.session.user``, which the permission
	checks read; ``frappe.set_user`` would also reset the request's form_dict, caches and sid."""
	session = frappe.local.session
	user = session.user
	session.user = "Administrator"
	try:
		yield
	finally:
		session.user = user


@dataclass(frozen=True)
class OpenReservation:
	"""What ERPNext still reserves for one Sales Order line in one warehouse (stock UOM)."""

	sales_order: str
	so_detail: str
	item_code: str
	warehouse: str
	qty: float
	"""reserved_qty - delivered_qty of the line's submitted entries that are not Delivered/Cancelled."""
	delivered: float
	"""delivered_qty of all the line's submitted entries (Delivered ones included)."""


def stock_reservation_enabled() -> bool:
	"""Whether ERPNext reserves stock: Stock Settings.enable_stock_reservation (v15).

	False when the setting does not exist (ERPNext before v15 has no Stock Reservation Entry).
	"""
	if not frappe.get_meta("Stock Settings").has_field("enable_stock_reservation"):
		return False
	return bool(frappe.db.get_single_value("Stock Settings", "enable_stock_reservation"))


def get_open_reservations(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[OpenReservation]]:
	"""ERPNext's open Stock Reservation Entries per Sales Order line, for (item_code, warehouse) pairs.

	ERPNext v15 (erpnext/stock/doctype/stock_reservation_entry/stock_reservation_entry.py)
	reserves stock for a Sales Order line in one warehouse; an entry is open while it is
	submitted and not Delivered/Cancelled, and holds reserved_qty - delivered_qty — the
	same sum ``get_sre_reserved_qty_for_items_and_warehouses`` and ``Bin.reserved_stock``
	use. Returns {(item_code, warehouse): [OpenReservation, ...]} with qty > 0 only, one
	query (plus reading the setting); nothing when reservation is disabled or absent.
	"""
	pairs = {(i, w) for i, w in pairs if i and w}
	if not pairs or not stock_reservation_enabled():
		return {}
	rows = frappe.db.sql(
		"""select voucher_no, voucher_detail_no, item_code, warehouse,
			sum(case when status not in ('Delivered', 'Cancelled') then reserved_qty - delivered_qty else 0 end) as qty,
			sum(delivered_qty) as delivered
		from `tabStock Reservation Entry`
		where docstatus = 1 and voucher_type = 'Sales Order'
			and item_code in %(items)s and warehouse in %(warehouses)s
		group by voucher_no, voucher_detail_no, item_code, warehouse
		order by voucher_no, voucher_detail_no""",
		{"items": tuple(sorted({i for i, _ in pairs})), "warehouses": tuple(sorted({w for _, w in pairs}))},
		as_dict=True,
	)
	out: dict[tuple[str, str], list[OpenReservation]] = {}
	for r in rows:
		key = (r.item_code, r.warehouse)
		if key in pairs and float(r.qty or 0) > 1e-9:
			out.setdefault(key, []).append(
				OpenReservation(
					r.voucher_no,
					r.voucher_detail_no,
					r.item_code,
					r.warehouse,
					float(r.qty),
					float(r.delivered or 0),
				)
			)
	return out


# ------------------------------------------------------------------ receiving (handheld, issue 13)

PURCHASE_RECEIPT = "Purchase Receipt"


def get_item_receiving_rules(item_codes: Iterable[str]) -> dict[str, frappe._dict]:
	"""Per item: ``has_batch_no`` and its own over-receipt ``allowance`` (%; 0 = use Stock Settings'),
	as ERPNext v15 reads them (erpnext/controllers/status_updater.py get_allowance_for). One query;
	an unknown item is refused."""
	codes = sorted(set(item_codes))
	rows = frappe.get_all(
		"Item",
		filters={"name": ["in", codes]},
		fields=["name", "has_batch_no", "over_delivery_receipt_allowance as allowance"],
	)
	found = {
		r.name: frappe._dict(has_batch_no=bool(r.has_batch_no), allowance=flt(r.allowance)) for r in rows
	}
	missing = [c for c in codes if c not in found]
	if missing:
		frappe.throw(frappe._("Item {0} not found").format(", ".join(missing)), frappe.DoesNotExistError)
	return found


def over_receipt_allowance() -> float:
	"""Stock Settings > Over Delivery/Receipt Allowance (%), the default for items without their own."""
	return flt(frappe.db.get_single_value("Stock Settings", "over_delivery_receipt_allowance"))


def ensure_batch(item_code: str, batch_id: str, *, expiry_date=None, receipt: str | None = None) -> str:
	"""The Batch ``batch_id`` of ``item_code``, created (with the expiry a GS1 label carries) when
	the supplier's batch is new here; a batch of that id belonging to another item is refused.
	Without an expiry, ERPNext v15 Batch.set_expiry_date derives it from the item's shelf life and
	the receipt's posting date (reference_doctype / reference_name), or refuses a batch that needs
	one (erpnext/stock/doctype/batch/batch.py)."""
	owner = frappe.db.get_value("Batch", batch_id, "item")
	if owner and owner != item_code:
		frappe.throw(
			frappe._("Batch {0} belongs to item {1}, not {2}; expected a batch of {2}").format(
				batch_id, owner, item_code
			),
			frappe.ValidationError,
		)
	if not owner:
		frappe.get_doc(
			{
				"doctype": "Batch",
				"batch_id": batch_id,
				"item": item_code,
				"expiry_date": expiry_date,
				"reference_doctype": PURCHASE_RECEIPT if receipt else None,
				"reference_name": receipt,
			}
		).insert(ignore_permissions=True)
	return batch_id


def submit_purchase_receipt(receipt: str, accepted: dict[str, float]):
	"""Submit draft Purchase Receipt ``receipt`` with each line's accepted qty from ``accepted``
	({line name: qty}); lines with none are removed. received_qty = qty + rejected_qty and stock_qty =
	qty * conversion_factor, as ERPNext v15 BuyingController.validate_accepted_rejected_qty requires.
	Saved with ignore_permissions and submitted by ``submit_on_behalf``: the handheld's operator
	receives on behalf of the buyer (the endpoint checked the WMS roles)."""
	doc = frappe.get_doc(PURCHASE_RECEIPT, receipt, for_update=True)
	for row in list(doc.items):
		qty = flt(accepted.get(row.name))
		if qty <= 1e-9:
			doc.remove(row)
			continue
		row.qty = qty
		row.received_qty = qty + flt(row.rejected_qty)
		row.stock_qty = qty * (flt(row.conversion_factor) or 1.0)
	doc.flags.ignore_permissions = True
	doc.save()
	submit_on_behalf(doc)
	return doc


@dataclass(frozen=True)
class ReturnRow:
	"""Units of one Purchase Receipt row going back to the supplier from one bin."""

	storage_bin: str
	qty: float


def make_purchase_return(
	receipt: str, row_name: str, rows: list[ReturnRow], *, remarks: str, flags: dict
) -> str:
	"""Insert and submit a Purchase Return of ``rows`` of receipt row ``row_name``, each taken from its
	bin (the row's ``wms_storage_bin``, services.stock_sync); returns its name.

	ERPNext v15 maps the return itself (erpnext/stock/doctype/purchase_receipt/purchase_receipt.py
	make_purchase_return -> controllers/sales_and_purchase_return.py make_return_doc): the header
	as the receipt's (supplier, company, currency, conversion_rate, taxes; is_return,
	return_against), each row with its uom, conversion_factor, rate, purchase_order(_item), cost
	centre, expense account, batch, and ``purchase_receipt_item`` naming the row returned (the
	receipt's returned_qty / per_returned, billing's get_item_wise_returned_qty). The WMS keeps
	the one row and splits it per bin: qty = -units / conversion_factor in the line's UOM,
	stock_qty = -units, received_qty = qty (+ rejected 0) as the mapper keeps them. The mapping,
	which writes nothing, runs as the system (as make_delivery_note); the insert goes through
	with ignore_permissions and the submit on behalf (submit_on_behalf)."""
	from erpnext.stock.doctype.purchase_receipt.purchase_receipt import (
		make_purchase_return as map_purchase_return,
	)

	with _as_system_user():
		mapped = map_purchase_return(receipt)
	line = next((r for r in mapped.items if r.purchase_receipt_item == row_name), None)
	if line is None:
		frappe.throw(
			frappe._("Purchase Receipt {0} has no row {1} with accepted units to return").format(
				receipt, row_name
			),
			WMSValidationError,
		)
	factor = flt(line.conversion_factor) or 1.0
	_refuse_part_units(receipt, row_name, line, factor, rows)
	# a new document from the mapped values, as the desk saves a mapped return: PurchaseReceipt.
	# __init__ adds the return's status_updater rows (returned_qty, per_returned) only when
	# is_return is set at construction, and the mapper sets it after
	values = _plain(mapped)
	values.update(
		doctype=PURCHASE_RECEIPT,
		remarks=remarks,
		items=[
			{
				**_plain(line),
				"qty": -flt(r.qty) / factor,
				"received_qty": -flt(r.qty) / factor,
				"rejected_qty": 0,
				"rejected_warehouse": None,
				"stock_qty": -flt(r.qty),
				"received_stock_qty": -flt(r.qty),
				"wms_storage_bin": r.storage_bin,
			}
			for r in rows
		],
	)
	doc = frappe.get_doc(values)
	doc.flags.update(flags)
	doc.insert(ignore_permissions=True)
	submit_on_behalf(doc)
	return doc.name


def _plain(doc) -> dict:
	"""A mapped (unsaved) document's values for a new one: no name, owner, idx, parent links."""
	values = doc.as_dict(no_default_fields=True, no_child_table_fields=True)
	return {k: v for k, v in values.items() if not k.startswith("__")}


def _refuse_part_units(receipt: str, row_name: str, row, factor: float, rows: list[ReturnRow]) -> None:
	"""A return row carries the receipt line's UOM: when that UOM must be a whole number (UOM
	must_be_whole_number; ERPNext's validate_uom_is_integer checks qty and received_qty in it),
	units that are no whole number of it cannot go back on their own."""
	if factor == 1 or not frappe.db.get_value("UOM", row.uom, "must_be_whole_number"):
		return
	for r in rows:
		in_uom = flt(r.qty) / factor
		if abs(in_uom - round(in_uom)) > 1e-6:
			idx = frappe.db.get_value("Purchase Receipt Item", row_name, "idx")
			frappe.throw(
				frappe._(
					"Purchase Receipt {0} row {1} ({2}) is in {3} of {4} {5} and {3} must be a whole number: "
					"{6} {5} are {7} {3}; return a multiple of {4} {5}"
				).format(
					receipt,
					idx,
					row.item_code,
					row.uom,
					f"{factor:g}",
					row.stock_uom,
					f"{flt(r.qty):g}",
					f"{in_uom:.4g}",
				),
				WMSValidationError,
			)


QUALITY_INSPECTION = "Quality Inspection"


@dataclass(frozen=True)
class InspectionRecord:
	"""What a WMS QC Check writes onto an ERPNext Quality Inspection of a Purchase Receipt row."""

	receipt: str
	row_name: str
	item_code: str
	batch_no: str | None
	sample_size: int
	accepted: bool
	readings: list[tuple[str, int]]
	"""(Quality Inspection Parameter, nonconforming units found) per characteristic that has one."""
	remarks: str


def quality_inspection_allowed(item_code: str) -> bool:
	"""Whether ERPNext v15 takes a Quality Inspection of a Purchase Receipt for this item:
	QualityInspection.validate_inspection_required refuses one unless the item has "Inspection
	Required before Purchase" or Stock Settings allow inspection after purchase."""
	if frappe.db.get_single_value(
		"Stock Settings", "allow_to_make_quality_inspection_after_purchase_or_delivery"
	):
		return True
	return bool(frappe.db.get_value("Item", item_code, "inspection_required_before_purchase"))


def record_quality_inspection(record: InspectionRecord, existing: str | None = None) -> str:
	"""The row's Quality Inspection, submitted with the WMS's result: ``existing`` (one made in ERPNext,
	still a draft, is completed; a submitted one is only read) or a new one. On submit ERPNext links
	it to the row (update_qc_reference: ``quality_inspection`` of the receipt row), so the "Inspection
	Required before Purchase" check and ERPNext's Quality Inspection reports see it. Returns its name."""
	if existing and frappe.db.get_value(QUALITY_INSPECTION, existing, "docstatus") == 1:
		return existing
	doc = (
		frappe.get_doc(QUALITY_INSPECTION, existing)
		if existing
		else frappe.get_doc(
			{
				"doctype": QUALITY_INSPECTION,
				"inspection_type": "Incoming",
				"reference_type": PURCHASE_RECEIPT,
				"reference_name": record.receipt,
				"child_row_reference": record.row_name,
				"item_code": record.item_code,
				"batch_no": record.batch_no,
			}
		)
	)
	doc.update(
		{
			"sample_size": record.sample_size,
			"inspected_by": frappe.session.user,
			"manual_inspection": 1,  # the lot's status is the sampling plan's verdict, not per reading
			"status": "Accepted" if record.accepted else "Rejected",
			"remarks": record.remarks,
		}
	)
	doc.set(
		"readings",
		[
			{
				"specification": spec,
				"manual_inspection": 1,
				"numeric": 1,
				"reading_1": str(found),
				"status": "Rejected" if found else "Accepted",
			}
			for spec, found in record.readings
		],
	)
	doc.flags.ignore_permissions = True
	doc.save()
	submit_on_behalf(doc)
	# ERPNext's update_qc_reference changed the receipt's ``modified`` by SQL: a buyer's open form of
	# the draft would fail its Submit with TimestampMismatchError; tell it to reload, as a save would
	frappe.get_doc(PURCHASE_RECEIPT, record.receipt).notify_update()
	return doc.name


def bundle_batches(bundles: Iterable[str]) -> dict[str, list[tuple[str, float]]]:
	"""bundle -> [(batch, qty)] of v15 Serial and Batch Bundles (a row received with the bundle
	dialog has no batch_no of its own; its batches are here). Quantities as the entries hold them
	(positive for an inward bundle). One query."""
	return {
		bundle: [(e.batch_no, abs(flt(e.qty))) for e in entries if e.batch_no]
		for bundle, entries in _bundle_entries(sorted(set(filter(None, bundles)))).items()
	}
