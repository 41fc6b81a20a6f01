"""Set-up shared by the outbound tests: a warehouse with a layout, zones, bins and stock in bins."""

from __future__ import annotations

from dataclasses import dataclass, field

import frappe

from tests import factories
from wms_module.services import moves
from wms_module.services.storage import storage_bin_name, storage_zone_name


@dataclass
class Site:
	warehouse: str
	zones: dict[str, str]
	bins: dict[str, str] = field(default_factory=dict)
	staging: str = ""
	receiving: str = ""

	def bin(self, code: str) -> str:
		return self.bins[code]


def set_settings(**values) -> None:
	for key, value in values.items():
		frappe.db.set_single_value("WMS Settings", key, value)


def make_zone(warehouse: str, code: str, zone_type: str) -> str:
	name = storage_zone_name(code, warehouse)
	if not frappe.db.exists("Storage Zone", name):
		frappe.get_doc(
			{"doctype": "Storage Zone", "zone_code": code, "warehouse": warehouse, "zone_type": zone_type}
		).insert(ignore_permissions=True)
	return name


def make_bin(
	site: Site, code: str, zone: str, aisle: int | None = None, bay: int | None = None, seq: int = 0
) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Storage Bin",
			"bin_code": code,
			"warehouse": site.warehouse,
			"zone": site.zones[zone],
			"layout_aisle": aisle,
			"layout_bay": bay,
			"pick_sequence": seq,
		}
	).insert(ignore_permissions=True)
	site.bins[code] = doc.name
	return doc.name


def make_outbound_site(*, n_aisles: int = 4, bays: int = 10, layout: bool = True, strategy: str = "") -> Site:
	"""A warehouse: zones PICK, RES, STG, RCV; pick bins P<aisle><bay>; a layout with staging/receiving bins."""
	warehouse = factories.make_warehouse()
	site = Site(
		warehouse,
		{
			"PICK": make_zone(warehouse, "PICK", "Pick"),
			"PICK2": make_zone(warehouse, "PICK2", "Pick"),
			"RES": make_zone(warehouse, "RES", "Reserve"),
			"STG": make_zone(warehouse, "STG", "Staging"),
			"RCV": make_zone(warehouse, "RCV", "Receiving"),
		},
	)
	site.staging = make_bin(site, "STAGE", "STG")
	site.receiving = make_bin(site, "DOCK", "RCV")
	if layout:
		frappe.get_doc(
			{
				"doctype": "Warehouse Layout",
				"warehouse": warehouse,
				"n_aisles": n_aisles,
				"bays_per_aisle": bays,
				"n_blocks": 1,
				"bay_width": 1,
				"aisle_spacing": 3,
				"cross_aisle_width": 2,
				"depot_aisle": 0,
				"staging_bin": site.staging,
				"receiving_bin": site.receiving,
				"removal_strategy": strategy,
			}
		).insert(ignore_permissions=True)
	return site


def put_stock(site: Site, item: str, bin_code: str, qty: float, batch_no: str | None = None) -> None:
	"""Receive ``qty`` through ERPNext (Purchase Receipt -> receiving bin), then move it to the bin."""
	factories.receive_stock(item, site.warehouse, qty, batch_no=batch_no)
	receiving = site.receiving or storage_bin_name("UNLOCATED", site.warehouse)
	moves.move_stock(
		item_code=item, qty=qty, from_bin=receiving, to_bin=site.bins[bin_code], batch_no=batch_no
	)


def so_lines(site: Site, *pairs) -> list[dict]:
	return [{"item_code": item, "qty": qty, "warehouse": site.warehouse} for item, qty in pairs]


def tasks_of(sales_order: str, **filters) -> list:
	return frappe.get_all(
		"Warehouse Task",
		filters={"reference_doctype": "Sales Order", "reference_name": sales_order, **filters},
		fields=["*"],
		order_by="creation asc, name asc",
	)


def balance(bin_name: str, item: str, batch_no: str | None = None) -> frappe._dict:
	filters = {"storage_bin": bin_name, "item_code": item}
	if batch_no:
		filters["batch_no"] = batch_no
	rows = frappe.get_all("Bin Stock", filters=filters, fields=["on_hand_qty", "allocated_qty"])
	return frappe._dict(
		on_hand=sum(r.on_hand_qty for r in rows), allocated=sum(r.allocated_qty for r in rows)
	)


def confirm_all(sales_order: str, **kwargs):
	"""Confirm every open Pick task of an order in full (as Administrator)."""
	from wms_module.services.picking import confirm_pick

	results = []
	for t in tasks_of(sales_order, status=["in", ["Open", "Assigned"]], task_type="Pick"):
		bin_code = frappe.db.get_value("Storage Bin", t.source_bin, "bin_code")
		results.append(
			confirm_pick(
				task=t.name, bin_scan=bin_code, item_scan=t.item_code, qty=t.qty, tote=t.tote, **kwargs
			)
		)
	return results
