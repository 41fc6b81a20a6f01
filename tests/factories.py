"""Test-data factories for wms_module, usable on a benchless site and on a real bench site.

Everything goes through the public Frappe API (frappe.get_doc / insert / submit), so on a
real ERPNext v15 site the real controllers run. Names are made unique with a random
suffix so a test never collides with data already on a site. Shared master data
(company, warehouse group, UOMs, item group, customer, supplier) has idempotent getters
that return the existing record when it is there.

Typical use:
	company = make_company()
	wh = make_warehouse(company=company)              # a leaf under "<group> - ABBR"
	item = make_item(has_batch_no=1, has_expiry_date=1, shelf_life_in_days=30)
	batch = make_batch(item)
	make_purchase_receipt(items=[{"item_code": item, "qty": 10, "warehouse": wh, "batch_no": batch}])
	so = make_sales_order(items=[{"item_code": item, "qty": 4, "warehouse": wh}])
	dn = make_delivery_note(so.name)
"""

from __future__ import annotations

import uuid

import frappe
from frappe.utils import add_days, nowdate

DEFAULT_COMPANY = "WMS Test Company"
DEFAULT_ABBR = "WTC"
DEFAULT_CUSTOMER = "WMS Test Customer"
DEFAULT_SUPPLIER = "WMS Test Supplier"
DEFAULT_ITEM_GROUP = "WMS Test Items"


def unique(prefix: str) -> str:
	"""A readable name that will not collide with existing data: "<prefix>-<8 hex>"."""
	return f"{prefix}-{uuid.uuid4().hex[:8].upper()}"


def unique_of_length(prefix: str, length: int) -> str:
	"""``prefix`` padded with random hex to exactly ``length`` characters (a batch id of a given size)."""
	return (prefix + uuid.uuid4().hex.upper() * 2)[:length]


def unique_gtin13() -> str:
	"""A valid GTIN-13 (EAN-13) no other item has: GS1's restricted-circulation prefix 2, ten random
	digits and the mod-10 check digit. ERPNext refuses a barcode another item uses, and committed
	test data stays on a real site."""
	body = "2" + str(uuid.uuid4().int)[-11:]
	total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
	return body + str((10 - total % 10) % 10)


# ---------------------------------------------------------------- master data (idempotent)


def _currency_and_country() -> dict:
	"""Company.default_currency and .country are mandatory Links in ERPNext v15 (company.json).

	A new site has the Currency and Country records (frappe/utils/install.py:after_install,
	import_country_and_currency), on a real bench and in the stand-in alike."""
	return {"default_currency": "USD", "country": "United States"}


def make_company(company_name: str = DEFAULT_COMPANY, abbr: str = DEFAULT_ABBR) -> str:
	"""Company (idempotent). ERPNext creates "All Warehouses - ABBR", "Stores - ABBR", ... on insert."""
	if frappe.db.exists("Company", company_name):
		return company_name
	doc = frappe.get_doc(
		{"doctype": "Company", "company_name": company_name, "abbr": abbr, **_currency_and_country()}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def get_company_abbr(company: str) -> str:
	return frappe.db.get_value("Company", company, "abbr")


def make_uom(uom_name: str, must_be_whole_number: int = 1) -> str:
	if frappe.db.exists("UOM", uom_name):
		return uom_name
	return (
		frappe.get_doc({"doctype": "UOM", "uom_name": uom_name, "must_be_whole_number": must_be_whole_number})
		.insert(ignore_permissions=True)
		.name
	)


def make_item_group(item_group_name: str = DEFAULT_ITEM_GROUP, parent: str | None = None) -> str:
	if frappe.db.exists("Item Group", item_group_name):
		return item_group_name
	if parent is None:
		parent = "All Item Groups" if frappe.db.exists("Item Group", "All Item Groups") else ""
	return (
		frappe.get_doc(
			{
				"doctype": "Item Group",
				"item_group_name": item_group_name,
				"parent_item_group": parent,
				"is_group": 0,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def make_warehouse_group(warehouse_name: str = "WMS Test Group", company: str | None = None) -> str:
	"""A group warehouse under the company's root "All Warehouses - ABBR" (idempotent)."""
	company = company or make_company()
	abbr = get_company_abbr(company)
	name = f"{warehouse_name} - {abbr}"
	if frappe.db.exists("Warehouse", name):
		return name
	root = f"All Warehouses - {abbr}"
	doc = frappe.get_doc(
		{
			"doctype": "Warehouse",
			"warehouse_name": warehouse_name,
			"is_group": 1,
			"company": company,
			"parent_warehouse": root if frappe.db.exists("Warehouse", root) else "",
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def make_warehouse(
	warehouse_name: str | None = None, company: str | None = None, parent_warehouse: str | None = None
) -> str:
	"""A leaf (stock-holding) warehouse under a group; a fresh unique one unless named."""
	company = company or make_company()
	parent_warehouse = parent_warehouse or make_warehouse_group(company=company)
	warehouse_name = warehouse_name or unique("WH")
	name = f"{warehouse_name} - {get_company_abbr(company)}"
	if frappe.db.exists("Warehouse", name):
		return name
	doc = frappe.get_doc(
		{
			"doctype": "Warehouse",
			"warehouse_name": warehouse_name,
			"is_group": 0,
			"company": company,
			"parent_warehouse": parent_warehouse,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def make_customer(customer_name: str = DEFAULT_CUSTOMER) -> str:
	if frappe.db.exists("Customer", customer_name):
		return customer_name
	return (
		frappe.get_doc({"doctype": "Customer", "customer_name": customer_name, "customer_type": "Company"})
		.insert(ignore_permissions=True)
		.name
	)


def make_supplier(supplier_name: str = DEFAULT_SUPPLIER) -> str:
	if frappe.db.exists("Supplier", supplier_name):
		return supplier_name
	return (
		frappe.get_doc({"doctype": "Supplier", "supplier_name": supplier_name, "supplier_type": "Company"})
		.insert(ignore_permissions=True)
		.name
	)


def make_test_records() -> None:
	"""The shared master data every test may use, made once per test session and committed by
	tests/conftest.py, as Frappe's test runner commits test records before the tests
	(frappe/test_runner.py: make_test_records). Made inside a test it would be rolled back after
	it, and the next test would make it again: on real ERPNext a Company brings its chart of
	accounts and clears the whole site cache (erpnext/setup/doctype/company/company.py: on_update),
	so every test would start on cold caches."""
	company = make_company()
	make_warehouse_group(company=company)
	make_item_group()
	make_customer()
	make_supplier()
	# Receipts make no Putaway tasks unless a test asks for them (tests/app/test_putaway_planning.py
	# sets "On Receipt Submit"): the tests written before directed putaway move received stock
	# themselves, and open tasks for it would show in their task lists and floor figures.
	frappe.db.set_single_value("WMS Settings", "putaway_task_creation", "On Demand")


def submit_inserted(doc) -> None:
	"""Submit a document this object just inserted, read back first: Frappe compares the modified
	it reads from the database with the one the object kept from its insert, and on a whole second
	the two print differently (tests/benchless/test_real_site_differences.py), failing the submit
	with TimestampMismatchError once in a million saves; often enough in a property test."""
	doc.reload()
	doc.submit()


# ---------------------------------------------------------------- items and batches


def make_item(
	item_code: str | None = None,
	*,
	item_name: str | None = None,
	stock_uom: str = "Nos",
	barcode: str | None = None,
	barcode_type: str = "",
	has_batch_no: int = 0,
	has_expiry_date: int = 0,
	shelf_life_in_days: int = 0,
	create_new_batch: int = 0,
	weight_per_unit: float = 0,
	weight_uom: str | None = None,
	uoms: list[dict] | None = None,
	is_stock_item: int = 1,
	item_group: str | None = None,
	**properties,
) -> str:
	"""A stock Item (unique code unless given; returns the existing one if the code exists).

	barcode: adds an Item Barcode row; uoms: extra [{"uom": "Box", "conversion_factor": 12}]."""
	item_code = item_code or unique("ITEM")
	if frappe.db.exists("Item", item_code):
		return item_code
	make_uom(stock_uom)
	doc = frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": item_code,
			"item_name": item_name or item_code,
			"item_group": item_group or make_item_group(),
			"stock_uom": stock_uom,
			"is_stock_item": is_stock_item,
			"has_batch_no": has_batch_no,
			"has_expiry_date": has_expiry_date,
			"shelf_life_in_days": shelf_life_in_days,
			"create_new_batch": create_new_batch,
			"weight_per_unit": weight_per_unit,
			**({"weight_uom": make_uom(weight_uom, 0)} if weight_uom else {}),
			**properties,
		}
	)
	if barcode:
		doc.append("barcodes", {"barcode": barcode, "barcode_type": barcode_type})
	for row in uoms or []:
		make_uom(row["uom"])
		doc.append("uoms", row)
	doc.insert(ignore_permissions=True)
	return doc.name


def make_batch(
	item_code: str,
	batch_id: str | None = None,
	expiry_date: str | None = None,
	manufacturing_date: str | None = None,
) -> str:
	"""A Batch of a batch-tracked item. Items with has_expiry_date need an expiry date:
	given, or derived by ERPNext from shelf_life_in_days and the manufacturing date."""
	batch_id = batch_id or unique("BATCH")
	if frappe.db.exists("Batch", batch_id):
		return batch_id
	values = {"doctype": "Batch", "batch_id": batch_id, "item": item_code}
	if manufacturing_date or not expiry_date:
		values["manufacturing_date"] = manufacturing_date or nowdate()
	if expiry_date:
		values["expiry_date"] = expiry_date
	return frappe.get_doc(values).insert(ignore_permissions=True).name


# ---------------------------------------------------------------- stock vouchers


def _company_of(warehouse: str | None) -> str:
	return (warehouse and frappe.db.get_value("Warehouse", warehouse, "company")) or make_company()


def make_purchase_receipt(
	items: list[dict],
	supplier: str | None = None,
	company: str | None = None,
	submit: bool = True,
	rate: float = 10.0,
	**values,
):
	"""Purchase Receipt; each item dict needs item_code, qty, warehouse (+ optional batch_no, rate, uom)."""
	company = company or _company_of(items[0].get("warehouse"))
	doc = frappe.get_doc(
		{
			"doctype": "Purchase Receipt",
			"supplier": supplier or make_supplier(),
			"company": company,
			**values,
		}
	)
	for row in items:
		row = dict(row)
		row.setdefault("rate", rate)
		row.setdefault("received_qty", row.get("qty"))
		if row.get("batch_no"):
			row.setdefault("use_serial_batch_fields", 1)  # v15: row batch_no instead of a bundle
		doc.append("items", row)
	doc.insert(ignore_permissions=True)
	if submit:
		submit_inserted(doc)
	return doc


def make_sales_order(
	customer: str | None = None,
	items: list[dict] | None = None,
	delivery_date: str | None = None,
	company: str | None = None,
	submit: bool = True,
	rate: float = 20.0,
	**values,
):
	"""Sales Order; each item dict needs item_code, qty, warehouse."""
	items = items or []
	company = company or _company_of(items[0].get("warehouse") if items else None)
	delivery_date = delivery_date or add_days(nowdate(), 7)
	doc = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"customer": customer or make_customer(),
			"company": company,
			"transaction_date": nowdate(),
			"delivery_date": delivery_date,
			"order_type": "Sales",
			**values,
		}
	)
	for row in items:
		row = dict(row)
		row.setdefault("rate", rate)
		row.setdefault("delivery_date", delivery_date)
		doc.append("items", row)
	doc.insert(ignore_permissions=True)
	if submit:
		submit_inserted(doc)
	return doc


def make_delivery_note(
	sales_order: str | None = None,
	items: list[dict] | None = None,
	customer: str | None = None,
	company: str | None = None,
	submit: bool = True,
	**values,
):
	"""Delivery Note: mapped from a submitted Sales Order (ERPNext's make_delivery_note), or
	built from items. `items` with a sales order overrides qty/batch_no of mapped rows by
	item_code, e.g. [{"item_code": x, "qty": 2, "batch_no": b}]."""
	if sales_order:
		from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note as map_dn

		doc = map_dn(sales_order)
		overrides = {row["item_code"]: row for row in items or []}
		for d in doc.get("items"):
			for key, value in (overrides.get(d.item_code) or {}).items():
				d.set(key, value)
			if d.get("batch_no"):
				d.use_serial_batch_fields = 1
		doc.update(values)
	else:
		items = items or []
		doc = frappe.get_doc(
			{
				"doctype": "Delivery Note",
				"customer": customer or make_customer(),
				"company": company or _company_of(items[0].get("warehouse") if items else None),
				**values,
			}
		)
		for row in items:
			row = dict(row)
			if row.get("batch_no"):
				row.setdefault("use_serial_batch_fields", 1)
			doc.append("items", row)
	doc.insert(ignore_permissions=True)
	if submit:
		submit_inserted(doc)
	return doc


def make_stock_entry(
	purpose: str,
	item_code: str,
	qty: float,
	from_warehouse: str | None = None,
	to_warehouse: str | None = None,
	batch_no: str | None = None,
	rate: float = 10.0,
	submit: bool = True,
	company: str | None = None,
):
	"""Stock Entry with one row: "Material Receipt" (to_warehouse), "Material Issue"
	(from_warehouse) or "Material Transfer" (both)."""
	doc = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"stock_entry_type": purpose,
			"purpose": purpose,
			"company": company or _company_of(from_warehouse or to_warehouse),
		}
	)
	doc.append(
		"items",
		{
			"item_code": item_code,
			"qty": qty,
			"s_warehouse": from_warehouse,
			"t_warehouse": to_warehouse,
			"batch_no": batch_no,
			"use_serial_batch_fields": 1 if batch_no else 0,
			"basic_rate": rate,
			"conversion_factor": 1,
		},
	)
	doc.insert(ignore_permissions=True)
	if submit:
		submit_inserted(doc)
	return doc


def receive_stock(item_code: str, warehouse: str, qty: float, batch_no: str | None = None):
	"""Shortcut: a submitted Purchase Receipt of qty into warehouse."""
	row = {"item_code": item_code, "qty": qty, "warehouse": warehouse}
	if batch_no:
		row["batch_no"] = batch_no
		row["use_serial_batch_fields"] = 1
	return make_purchase_receipt(items=[row])


# ---------------------------------------------------------------- quality inspection


def make_quality_inspection_parameter(parameter: str) -> str:
	"""A Quality Inspection Parameter (named by ``parameter``; the existing one if it is there)."""
	if not frappe.db.exists("Quality Inspection Parameter", parameter):
		frappe.get_doc({"doctype": "Quality Inspection Parameter", "parameter": parameter}).insert(
			ignore_permissions=True
		)
	return parameter


def make_quality_inspection_template(params: list[dict], name: str | None = None) -> str:
	"""A Quality Inspection Template whose rows are ``params``: dicts with ``specification`` (the
	parameter, made if missing) and the acceptance criteria, e.g. {"specification": "Length",
	"min_value": 9.5, "max_value": 10.5} (numeric, ERPNext's default) or {"specification":
	"Colour", "numeric": 0, "value": "Blue"}."""
	doc = frappe.get_doc(
		{
			"doctype": "Quality Inspection Template",
			"quality_inspection_template_name": name or unique("QIT"),
			"item_quality_inspection_parameter": [
				{**row, "specification": make_quality_inspection_parameter(row["specification"])}
				for row in params
			],
		}
	)
	return doc.insert(ignore_permissions=True).name


def make_quality_inspection(
	reference_name: str,
	item_code: str,
	*,
	reference_type: str = "Purchase Receipt",
	sample_size: float = 1,
	submit: bool = False,
	**values,
):
	"""A Quality Inspection of ``item_code`` on a receipt (or ``reference_type``) as ERPNext's
	make_quality_inspections builds it: Incoming, inspected by the session user (the field's default
	"user" is only understood by the desk form). ``values``: status, manual_inspection, readings,
	batch_no, child_row_reference, ..."""
	doc = frappe.get_doc(
		{
			"doctype": "Quality Inspection",
			"inspection_type": "Outgoing" if reference_type == "Delivery Note" else "Incoming",
			"inspected_by": frappe.session.user,
			"reference_type": reference_type,
			"reference_name": reference_name,
			"item_code": item_code,
			"sample_size": sample_size,
			**values,
		}
	)
	doc.insert(ignore_permissions=True)
	if submit:
		submit_inserted(doc)
	return doc


# ---------------------------------------------------------------- QC records (made by services only)


def make_qc_check(**values):
	"""A QC Check saved as its service saves it (``flags.wms_service``: the desk and REST are
	refused); ``values`` are its fields (item_code and lot_size at least; status defaults to Open)."""
	doc = frappe.get_doc({"doctype": "QC Check", **values})
	doc.flags.wms_service = True
	return doc.insert(ignore_permissions=True)


def make_inspection_state(supplier: str, item_code: str, **values):
	"""A (supplier, item)'s WMS Inspection State, saved as the QC decisions save it."""
	doc = frappe.get_doc(
		{"doctype": "WMS Inspection State", "supplier": supplier, "item_code": item_code, **values}
	)
	doc.flags.wms_service = True
	return doc.insert(ignore_permissions=True)
