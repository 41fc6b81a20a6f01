"""A small laid-out warehouse for storage-bin tests: zones, a layout, generated bins."""

from __future__ import annotations

import frappe

from tests.factories import make_warehouse, submit_inserted
from wms_module.api import bins as bins_api


def make_zone(warehouse: str, code: str, zone_type: str) -> str:
	return (
		frappe.get_doc(
			{"doctype": "Storage Zone", "zone_code": code, "warehouse": warehouse, "zone_type": zone_type}
		)
		.insert(ignore_permissions=True)
		.name
	)


def make_bin(warehouse: str, code: str, zone: str, **values) -> str:
	doc = frappe.get_doc(
		{"doctype": "Storage Bin", "bin_code": code, "warehouse": warehouse, "zone": zone, **values}
	)
	return doc.insert(ignore_permissions=True).name


def laid_out_warehouse(aisles=("A", "C"), bays=4, levels=2, *, with_receiving_bin=True) -> frappe._dict:
	"""A leaf warehouse with a layout, PICK and RECV zones, bins A-01-01.. and a receiving bin."""
	warehouse = make_warehouse()
	pick = make_zone(warehouse, "PICK", "Pick")
	recv = make_zone(warehouse, "RECV", "Receiving")
	staging = make_zone(warehouse, "STAGE", "Staging")
	receiving_bin = make_bin(warehouse, "DOCK-1", recv, bin_type="Dock")
	staging_bin = make_bin(warehouse, "STAGE-1", staging, bin_type="Staging Lane")
	n_aisles = ord(aisles[1]) - ord(aisles[0]) + 1
	layout = frappe.get_doc(
		{
			"doctype": "Warehouse Layout",
			"warehouse": warehouse,
			"n_aisles": n_aisles,
			"bays_per_aisle": bays,
			"receiving_bin": receiving_bin if with_receiving_bin else None,
			"staging_bin": staging_bin,
			"is_active": 1,
		}
	).insert(ignore_permissions=True)
	result = bins_api.generate_bins(
		layout=layout.name,
		zone=pick,
		aisle_from=aisles[0],
		aisle_to=aisles[1],
		bay_from=1,
		bay_to=bays,
		level_from=1,
		level_to=levels,
	)
	return frappe._dict(
		warehouse=warehouse,
		layout=layout.name,
		pick_zone=pick,
		receiving_bin=receiving_bin,
		staging_bin=staging_bin,
		unlocated_bin=f"UNLOCATED - {warehouse}",
		created=result["created"],
	)


def bin_qty(storage_bin: str, item_code: str, batch_no: str | None = None) -> float:
	filters = {"storage_bin": storage_bin, "item_code": item_code}
	if batch_no:
		filters["batch_no"] = batch_no
	return sum(frappe.get_all("Bin Stock", filters=filters, pluck="on_hand_qty"))


def make_stock_reconciliation(item_code: str, warehouse: str, qty: float, batch_no: str | None = None):
	"""A submitted Stock Reconciliation counting ``qty`` of the item (batch) in the warehouse."""
	row = {"item_code": item_code, "warehouse": warehouse, "qty": qty, "valuation_rate": 10}
	if batch_no:
		row.update(batch_no=batch_no, use_serial_batch_fields=1)
	doc = frappe.get_doc(
		{
			"doctype": "Stock Reconciliation",
			"company": frappe.db.get_value("Warehouse", warehouse, "company"),
			"purpose": "Stock Reconciliation",
			"items": [row],
		}
	)
	doc.insert(ignore_permissions=True)
	submit_inserted(doc)
	return doc
