"""Demo outbound work: open Sales Orders (their Pick tasks are created on submit, per WMS
Settings) and one cluster wave over the first three, planned and released to the demo
operator. The last orders stay open, for a manager to wave from the desk.

Idempotent: orders are found again by their customer PO number, the wave by its orders.
"""

import frappe
from frappe.utils import add_days, nowdate

from wms_module.services import allocation, waves

PO_PREFIX = "WMS-DEMO-PO-"
# Each order: (days until delivery, [(item index in seed.ITEMS, qty)])
# The first three (42 units) fit one picker's cart (WMS Settings: 45 items, 8 totes): one
# cluster tour, a tote per order.
ORDERS = [
	(1, [(0, 12), (1, 10), (9, 2)]),
	(1, [(4, 1), (5, 2), (13, 3)]),
	(1, [(2, 6), (6, 2), (17, 3), (11, 1)]),
	(2, [(3, 2), (7, 6), (15, 2)]),
	(3, [(8, 10), (10, 12), (16, 4), (18, 1)]),
]
WAVED = 3


def sales_orders(company, customer, warehouse, item_codes, *, po_prefix=PO_PREFIX, orders=ORDERS):
	"""Submit the demo Sales Orders that do not exist yet; returns all their names, in order.

	``po_prefix`` and ``orders`` make another round of the same orders (the site-mode browser tests
	give each test its own round on the one demo floor)."""
	names = []
	for number, (days, lines) in enumerate(orders, start=1):
		po_no = f"{po_prefix}{number}"
		existing = frappe.db.get_value("Sales Order", {"po_no": po_no, "docstatus": 1}, "name")
		if existing:
			names.append(existing)
			continue
		delivery_date = add_days(nowdate(), days)
		doc = frappe.get_doc(
			{
				"doctype": "Sales Order",
				"customer": customer,
				"company": company,
				"order_type": "Sales",
				"transaction_date": nowdate(),
				"delivery_date": delivery_date,
				"po_no": po_no,
			}
		)
		for index, qty in lines:
			doc.append(
				"items",
				{
					"item_code": item_codes[index],
					"qty": qty,
					"rate": 10,
					"warehouse": warehouse,
					"delivery_date": delivery_date,
				},
			)
		doc.insert(ignore_permissions=True)
		doc.submit()
		if not allocation.has_pick_tasks(doc.name):  # WMS Settings say "On Demand"
			allocation.allocate_sales_order(sales_order=doc)
		names.append(doc.name)
	return names


def released_wave(warehouse, orders, operator):
	"""The cluster wave over ``orders``, planned and released to ``operator``."""
	existing = frappe.db.get_value(
		"Pick Wave Order", {"sales_order": orders[0], "parenttype": "Pick Wave"}, "parent"
	)
	if existing:
		return existing
	wave = frappe.get_doc(
		{
			"doctype": "Pick Wave",
			"warehouse": warehouse,
			"picking_mode": "Cluster",
			"orders": [{"sales_order": so} for so in orders],
		}
	).insert(ignore_permissions=True)
	waves.plan_wave(wave_name=wave.name)
	return waves.release_wave(wave_name=wave.name, operators=[operator]).name
