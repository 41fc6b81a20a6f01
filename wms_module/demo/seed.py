"""Demo data for the WMS demo server (benchless) or a real site:

	bench --site X execute wms_module.demo.seed.seed

Uses only the public Frappe API, is idempotent (records that exist are reused, stock is
received once), and returns what it created, including the demo operator's login.
The floor (zones, layout, bins, putaway) is in ``floor.py``; the open Sales Orders and
the released wave in ``outbound.py``; QC plans and a lot to inspect in ``quality.py``.
"""

import frappe
from frappe.utils import add_days, nowdate

from wms_module.demo import floor, outbound, quality
from wms_module.services.putaway_planning import NO_PUTAWAY_FLAG

COMPANY = "WMS Demo Company"
ABBR = "WDC"
WAREHOUSE_GROUP = "WMS Demo Site"
STORES = "WMS Demo Stores"
CUSTOMER = "WMS Demo Customer"
SUPPLIER = "WMS Demo Supplier"
ITEM_GROUP = "WMS Demo Items"
OPERATOR_EMAIL = "operator@wms-demo.example"
OPERATOR_PASSWORD = "wms-demo-operator"
OPERATOR_ROLE = "WMS Operator"
RECEIPT_REMARK = "WMS demo opening stock"
DELIVERY_REMARK = "WMS demo delivery to receive"
DELIVERY = [("WMS-DEMO-001", 24, False), ("WMS-DEMO-007", 10, True), ("WMS-DEMO-010", 12, True)]
"""(item, qty, on the pallet): the draft receipt waiting on the handheld's Receive screen."""
DELIVERY_SSCC = "003123456700000016"
"""The delivery's pallet label (18 digits): extension digit 0, a made-up GS1 company prefix and
serial, and the mod-10 check digit 6 (tests/app/test_demo_seed.py reads it as an SSCC)."""

# (uom_name, must_be_whole_number)
UOMS = [("Nos", 1), ("Box", 1), ("Pallet", 1), ("Kg", 0)]

# item_code, item_name, stock_uom, weight_per_unit (kg), batch-tracked, shelf life days, qty received
ITEMS = [
	("WMS-DEMO-001", "Steel Bolt M8", "Nos", 0.02, 0, 0, 500),
	("WMS-DEMO-002", "Steel Nut M8", "Nos", 0.01, 0, 0, 800),
	("WMS-DEMO-003", "Washer 8mm", "Nos", 0.005, 0, 0, 1000),
	("WMS-DEMO-004", "Hex Key Set", "Nos", 0.3, 0, 0, 60),
	("WMS-DEMO-005", "Cordless Drill", "Nos", 1.6, 0, 0, 25),
	("WMS-DEMO-006", "Drill Bit Set", "Nos", 0.4, 0, 0, 40),
	("WMS-DEMO-007", "Safety Gloves", "Box", 0.5, 0, 0, 120),
	("WMS-DEMO-008", "Safety Goggles", "Nos", 0.1, 0, 0, 90),
	("WMS-DEMO-009", "Cable Ties 200mm", "Box", 0.25, 0, 0, 150),
	("WMS-DEMO-010", "Duct Tape", "Nos", 0.2, 0, 0, 200),
	("WMS-DEMO-011", "Packing Tape", "Nos", 0.15, 0, 0, 300),
	("WMS-DEMO-012", "Stretch Film Roll", "Nos", 2.5, 0, 0, 30),
	("WMS-DEMO-013", "Pallet Label Roll", "Nos", 0.8, 0, 0, 45),
	("WMS-DEMO-014", "Machine Oil 1L", "Nos", 0.95, 1, 365, 80),
	("WMS-DEMO-015", "Epoxy Adhesive", "Nos", 0.12, 1, 180, 70),
	("WMS-DEMO-016", "Silicone Sealant", "Nos", 0.3, 1, 270, 90),
	("WMS-DEMO-017", "Hand Sanitizer 500ml", "Nos", 0.55, 1, 540, 140),
	("WMS-DEMO-018", "Battery AA (4-pack)", "Nos", 0.1, 1, 1095, 400),
	("WMS-DEMO-019", "First Aid Kit", "Nos", 0.7, 1, 730, 35),
	("WMS-DEMO-020", "Cleaning Wipes", "Box", 0.6, 1, 120, 110),
]


def seed():
	"""Create (or reuse) the demo data and return a summary dict."""
	company = _company()
	abbr = frappe.db.get_value("Company", company, "abbr")
	group = _warehouse(WAREHOUSE_GROUP, company, is_group=1, parent=f"All Warehouses - {abbr}")
	stores = _warehouse(STORES, company, is_group=0, parent=group)
	uoms = [_uom(name, whole) for name, whole in UOMS]
	item_group = _item_group()
	customer = _named("Customer", CUSTOMER, {"customer_name": CUSTOMER, "customer_type": "Company"})
	supplier = _named("Supplier", SUPPLIER, {"supplier_name": SUPPLIER, "supplier_type": "Company"})

	items, batches = [], {}
	for index, (code, name, uom, weight, batched, shelf_life, _qty) in enumerate(ITEMS, start=1):
		items.append(_item(code, name, uom, weight, batched, shelf_life, item_group, index))
		if batched:
			batches[code] = _batch(code, shelf_life)

	layout = floor.floor(stores)  # before the receipt, so its stock lands on the dock bin
	receipt = _opening_receipt(company, supplier, stores, batches)
	slots = floor.put_away(stores, items, batches)
	operator = _operator()
	orders = outbound.sales_orders(company, customer, stores, items)
	wave = outbound.released_wave(stores, orders[: outbound.WAVED], operator)
	delivery = _delivery_to_receive(company, supplier, stores)
	# after the opening receipt, whose lines are put away without inspection
	qc_checks = quality.quality(company, supplier, stores, _new_receipt, _receipt_with_remark)

	return {
		"company": company,
		"abbr": abbr,
		"warehouse_group": group,
		"warehouse": stores,
		"uoms": uoms,
		"item_group": item_group,
		"items": items,
		"batches": batches,
		"customer": customer,
		"supplier": supplier,
		"purchase_receipt": receipt,
		"delivery_to_receive": delivery,
		"qc_checks": qc_checks,
		"layout": layout.name,
		"storage_bins": floor.bin_count(stores),
		"slots": slots,
		"sales_orders": orders,
		"wave": wave,
		"operator": {"user": operator, "password": OPERATOR_PASSWORD, "role": OPERATOR_ROLE},
	}


def _company():
	if frappe.db.exists("Company", COMPANY):
		return COMPANY
	values = {"doctype": "Company", "company_name": COMPANY, "abbr": ABBR}
	# mandatory in ERPNext v15; present on every real site
	if frappe.db.exists("Currency", "USD"):
		values["default_currency"] = "USD"
	if frappe.db.exists("Country", "United States"):
		values["country"] = "United States"
	return frappe.get_doc(values).insert(ignore_permissions=True).name


def _warehouse(warehouse_name, company, is_group, parent):
	abbr = frappe.db.get_value("Company", company, "abbr")
	name = f"{warehouse_name} - {abbr}"
	if frappe.db.exists("Warehouse", name):
		return name
	return (
		frappe.get_doc(
			{
				"doctype": "Warehouse",
				"warehouse_name": warehouse_name,
				"company": company,
				"is_group": is_group,
				"parent_warehouse": parent if frappe.db.exists("Warehouse", parent) else "",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def _uom(name, whole):
	if not frappe.db.exists("UOM", name):
		frappe.get_doc({"doctype": "UOM", "uom_name": name, "must_be_whole_number": whole}).insert(
			ignore_permissions=True
		)
	return name


def _item_group():
	if not frappe.db.exists("Item Group", ITEM_GROUP):
		parent = "All Item Groups" if frappe.db.exists("Item Group", "All Item Groups") else ""
		frappe.get_doc(
			{
				"doctype": "Item Group",
				"item_group_name": ITEM_GROUP,
				"parent_item_group": parent,
				"is_group": 0,
			}
		).insert(ignore_permissions=True)
	return ITEM_GROUP


def _named(doctype, name, values):
	if frappe.db.exists(doctype, name):
		return name
	return frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True).name


def _ean13(index):
	return _with_check_digit(f"20000000{index:04d}")  # 12 digits, in-store GS1 prefix 20


def _with_check_digit(body):
	"""``body`` and its GS1 mod-10 check digit (GTIN, SSCC)."""
	total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
	return body + str((10 - total % 10) % 10)


# many parameters: one row of the seed table of items, in its column order
def _item(code, name, uom, weight, batched, shelf_life, item_group, index):
	if frappe.db.exists("Item", code):
		return code
	doc = frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": code,
			"item_name": name,
			"item_group": item_group,
			"stock_uom": uom,
			"is_stock_item": 1,
			"has_batch_no": batched,
			"has_expiry_date": 1 if batched else 0,
			"shelf_life_in_days": shelf_life,
			"weight_per_unit": weight,
			"weight_uom": "Kg",
		}
	)
	doc.append("barcodes", {"barcode": _ean13(index), "barcode_type": "EAN"})
	if uom == "Nos":
		doc.append("uoms", {"uom": "Box", "conversion_factor": 12})
	return doc.insert(ignore_permissions=True).name


def _batch(item_code, shelf_life):
	batch_id = f"{item_code}-B1"
	owner = frappe.db.get_value("Batch", batch_id, "item")
	if owner and owner != item_code:
		# ERPNext would drop the batch from the receipt row and refuse the receipt
		frappe.throw(frappe._("Batch {0} exists for item {1}, not {2}").format(batch_id, owner, item_code))
	if not owner:
		frappe.get_doc(
			{
				"doctype": "Batch",
				"batch_id": batch_id,
				"item": item_code,
				"manufacturing_date": nowdate(),
				"expiry_date": add_days(nowdate(), shelf_life),
			}
		).insert(ignore_permissions=True)
	return batch_id


def _opening_receipt(company, supplier, warehouse, batches):
	existing = _receipt_with_remark(company, RECEIPT_REMARK, docstatus=1)
	if existing:
		return existing
	rows = []
	for code, _name, _uom, _weight, _batched, _shelf, qty in ITEMS:
		rows.append(_receipt_row(code, qty, warehouse))
		if code in batches:
			rows[-1].update(batch_no=batches[code], use_serial_batch_fields=1)
	doc = _new_receipt(company, supplier, RECEIPT_REMARK, rows)
	doc.flags[NO_PUTAWAY_FLAG] = True  # the demo puts its opening stock away itself (demo/floor.py)
	doc.submit()
	return doc.name


def _delivery_to_receive(company, supplier, warehouse):
	"""A draft Purchase Receipt for the handheld's Receive screen: a loose line, and two lines on
	one pallet whose SSCC receives both in one scan. Made again only when the last one was received."""
	existing = _receipt_with_remark(company, DELIVERY_REMARK, docstatus=0)
	if existing:
		return existing
	rows = []
	for code, qty, on_pallet in DELIVERY:
		rows.append(_receipt_row(code, qty, warehouse))
		if on_pallet:
			rows[-1]["wms_sscc"] = DELIVERY_SSCC
	return _new_receipt(company, supplier, DELIVERY_REMARK, rows).name


def _receipt_with_remark(company, remark, *, docstatus):
	"""The demo's receipt of that remark and docstatus, if the site has one (the seed is rerun)."""
	found = frappe.get_all(
		"Purchase Receipt",
		filters={"company": company, "remarks": remark, "docstatus": docstatus},
		pluck="name",
	)
	return found[0] if found else None


def _receipt_row(code, qty, warehouse):
	return {"item_code": code, "qty": qty, "received_qty": qty, "rate": 5, "warehouse": warehouse}


def _new_receipt(company, supplier, remark, rows):
	"""A draft Purchase Receipt of ``rows``, inserted."""
	doc = frappe.get_doc(
		{
			"doctype": "Purchase Receipt",
			"supplier": supplier,
			"company": company,
			"remarks": remark,
			"items": rows,
		}
	)
	return doc.insert(ignore_permissions=True)


def _operator():
	from frappe.utils.password import update_password

	if not frappe.db.exists("Role", OPERATOR_ROLE):
		frappe.get_doc({"doctype": "Role", "role_name": OPERATOR_ROLE, "desk_access": 1}).insert(
			ignore_permissions=True
		)
	if not frappe.db.exists("User", OPERATOR_EMAIL):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": OPERATOR_EMAIL,
				"first_name": "Demo",
				"last_name": "Operator",
				"send_welcome_email": 0,
				"user_type": "System User",
			}
		)
		user.append("roles", {"role": OPERATOR_ROLE})
		user.insert(ignore_permissions=True)
	else:
		user = frappe.get_doc("User", OPERATOR_EMAIL)
		if OPERATOR_ROLE not in [r.role for r in user.get("roles")]:
			user.append("roles", {"role": OPERATOR_ROLE})
			user.save(ignore_permissions=True)
	update_password(OPERATOR_EMAIL, OPERATOR_PASSWORD)
	return OPERATOR_EMAIL
