"""Item unit volume (Custom Field wms_unit_volume, m³) and Storage Bin volume capacity."""

from __future__ import annotations

import frappe
import pytest

from tests.app.storage_setup import bin_qty, laid_out_warehouse
from tests.factories import make_item, receive_stock
from wms_module import erp
from wms_module.exceptions import BinCapacityError
from wms_module.install import UNIT_VOLUME_FIELD, after_migrate
from wms_module.services.moves import MoveStock, move_stock
from wms_module.wms_module.report.bin_utilization.bin_utilization import execute as bin_utilization


def _writes(item: str) -> tuple[int, int, int]:
	return (
		frappe.db.count("Bin Ledger Entry", {"item_code": item}),
		frappe.db.count("Stock Entry"),
		frappe.db.count("Stock Ledger Entry", {"item_code": item}),
	)


def test_after_install_item_has_the_unit_volume_field_and_migrate_leaves_it_alone():
	meta = frappe.get_meta("Item")
	df = meta.get_field(UNIT_VOLUME_FIELD)
	assert df is not None, "after_install did not add Item.wms_unit_volume"
	assert (df.fieldtype, df.label, df.insert_after) == ("Float", "Unit Volume (m³)", "weight_uom")
	# shown next to the item's weight on the form
	order = [f.fieldname for f in meta.fields]
	assert order.index(UNIT_VOLUME_FIELD) == order.index("weight_uom") + 1
	assert frappe.db.has_column("Item", UNIT_VOLUME_FIELD)

	before = frappe.db.get_value(
		"Custom Field", {"dt": "Item", "fieldname": UNIT_VOLUME_FIELD}, ["name", "modified"]
	)
	after_migrate()  # bench migrate runs it again: nothing new, nothing changed
	assert frappe.db.count("Custom Field", {"dt": "Item", "fieldname": UNIT_VOLUME_FIELD}) == 1
	assert frappe.db.get_value("Custom Field", before[0], ["name", "modified"]) == before

	item = make_item(**{UNIT_VOLUME_FIELD: 0.0125})
	assert frappe.db.get_value("Item", item, UNIT_VOLUME_FIELD) == pytest.approx(0.0125)
	assert erp.get_item_units([item])[item].unit_volume == pytest.approx(0.0125)


def test_get_item_units_without_the_field_reports_unknown_volume(monkeypatch):
	item = make_item(**{UNIT_VOLUME_FIELD: 0.5})
	real_get_meta = frappe.get_meta

	class WithoutVolume:
		def __init__(self, meta):
			self._meta = meta

		def __getattr__(self, name):
			return getattr(self._meta, name)

		def has_field(self, fieldname):
			return fieldname != UNIT_VOLUME_FIELD and self._meta.has_field(fieldname)

	monkeypatch.setattr(
		frappe,
		"get_meta",
		lambda dt, *a, **k: WithoutVolume(real_get_meta(dt)) if dt == "Item" else real_get_meta(dt, *a, **k),
	)
	assert erp.get_item_units([item])[item].unit_volume == 0.0


def test_a_volume_limited_bin_refuses_an_over_volume_move_and_accepts_a_fitting_one():
	site = laid_out_warehouse()
	crate = make_item(**{UNIT_VOLUME_FIELD: 0.02})  # 20 litres
	box = make_item(**{UNIT_VOLUME_FIELD: 0.005})  # 5 litres
	receive_stock(crate, site.warehouse, 20)
	receive_stock(box, site.warehouse, 20)
	target = f"A-01-01 - {site.warehouse}"
	frappe.db.set_value("Storage Bin", target, "max_volume", 0.1)  # 100 litres

	move_stock(MoveStock(item_code=box, qty=10, from_bin=site.receiving_bin, to_bin=target))  # 0.05 m³ in

	# 3 crates = 0.06 m³; with the boxes' 0.05 it would hold 0.11 > 0.1
	before = _writes(crate)
	with pytest.raises(
		BinCapacityError, match=rf"{target}.* holds at most 0.1 volume; it has 0.05 .* would make 0.11"
	):
		move_stock(MoveStock(item_code=crate, qty=3, from_bin=site.receiving_bin, to_bin=target))
	assert _writes(crate) == before
	assert (bin_qty(target, crate), bin_qty(site.receiving_bin, crate)) == (0, 20)

	# 2 crates (0.04 m³) fit: 0.09; one more box: 0.095; then no crate fits any more
	move_stock(MoveStock(item_code=crate, qty=2, from_bin=site.receiving_bin, to_bin=target))
	move_stock(MoveStock(item_code=box, qty=1, from_bin=site.receiving_bin, to_bin=target))
	assert (bin_qty(target, crate), bin_qty(target, box)) == (2, 11)
	with pytest.raises(BinCapacityError, match="would make 0.115"):
		move_stock(MoveStock(item_code=crate, qty=1, from_bin=site.receiving_bin, to_bin=target))


def test_items_without_a_unit_volume_are_not_refused_by_volume():
	site = laid_out_warehouse()
	unknown = make_item()  # no unit volume: unknown, not checked (0 = unknown)
	receive_stock(unknown, site.warehouse, 50)
	target = f"A-01-01 - {site.warehouse}"
	frappe.db.set_value("Storage Bin", target, "max_volume", 0.001)
	move_stock(MoveStock(item_code=unknown, qty=50, from_bin=site.receiving_bin, to_bin=target))
	assert bin_qty(target, unknown) == 50


def test_a_volume_limited_bin_in_another_warehouse_refuses_the_transfer_and_posts_nothing():
	a, b = laid_out_warehouse(), laid_out_warehouse()
	crate = make_item(**{UNIT_VOLUME_FIELD: 0.3})
	receive_stock(crate, a.warehouse, 5)
	target = f"A-01-02 - {b.warehouse}"
	frappe.db.set_value("Storage Bin", target, "max_volume", 1)
	before = _writes(crate)
	with pytest.raises(
		BinCapacityError, match=rf"{target}.* holds at most 1 volume; it has 0 .* would make 1.2"
	):
		move_stock(MoveStock(item_code=crate, qty=4, from_bin=a.receiving_bin, to_bin=target))
	assert _writes(crate) == before
	move_stock(MoveStock(item_code=crate, qty=3, from_bin=a.receiving_bin, to_bin=target))
	assert bin_qty(target, crate) == 3


def test_bin_utilization_reports_volume_and_weight_occupancy_where_bins_have_those_limits():
	site = laid_out_warehouse(aisles=("A", "A"), bays=3, levels=1)
	crate = make_item(weight_per_unit=4, **{UNIT_VOLUME_FIELD: 0.02})
	loose = make_item()  # neither volume nor weight known
	receive_stock(crate, site.warehouse, 20)
	receive_stock(loose, site.warehouse, 5)
	a1, a2, a3 = (f"A-0{n}-01 - {site.warehouse}" for n in (1, 2, 3))
	frappe.db.set_value("Storage Bin", a1, {"max_volume": 0.5, "max_weight": 100})
	frappe.db.set_value("Storage Bin", a2, {"max_volume": 0.5})
	move_stock(MoveStock(item_code=crate, qty=10, from_bin=site.receiving_bin, to_bin=a1))  # 0.2 m³, 40 kg
	move_stock(MoveStock(item_code=crate, qty=5, from_bin=site.receiving_bin, to_bin=a2))  # 0.1 m³, 20 kg
	move_stock(MoveStock(item_code=loose, qty=5, from_bin=site.receiving_bin, to_bin=a2))  # volume unknown
	move_stock(MoveStock(item_code=crate, qty=5, from_bin=site.receiving_bin, to_bin=a3))  # a3: no limits

	columns, data, _message, _chart, summary = bin_utilization({"warehouse": site.warehouse})
	fieldnames = {c["fieldname"] for c in columns}
	assert {
		"volume_capacity",
		"volume_held",
		"volume_used_pct",
		"weight_capacity",
		"weight_used_pct",
	} <= fieldnames
	pick = next(r for r in data if r["zone"] == site.pick_zone)
	assert pick["volume_capacity"] == pytest.approx(1.0)  # a1 + a2; a3 has no volume limit
	assert pick["volume_held"] == pytest.approx(0.4)  # every bin's volume, a3 included
	assert pick["volume_used_pct"] == pytest.approx(30.0)  # (0.2 + 0.1) / 1.0
	assert pick["volume_unknown"] == 1  # a2 holds an item with no unit volume
	assert pick["weight_capacity"] == pytest.approx(100)
	assert pick["weight_used_pct"] == pytest.approx(40.0)
	assert pick["over_capacity"] == 0
	assert {"label": "Volume Used %", "value": 30.0, "datatype": "Percent"} in summary

	frappe.db.set_value("Storage Bin", a1, "max_volume", 0.15)  # shrunk below the 0.2 m³ held
	_columns, data, *_ = bin_utilization({"warehouse": site.warehouse})
	pick = next(r for r in data if r["zone"] == site.pick_zone)
	assert pick["over_capacity"] == 1
	assert pick["volume_used_pct"] == pytest.approx(round(100 * 0.3 / 0.65, 1))


def test_the_apps_custom_fields_are_prefixed_and_placed_after_a_standard_field():
	"""Every Custom Field the app ships: a wms_ fieldname (no clash with a later ERPNext
	field), a value type, and an insert_after that is a standard field of the doctype."""
	from wms_module.install import get_custom_fields

	for doctype, fields in get_custom_fields().items():
		meta = frappe.get_meta(doctype)
		for df in fields:
			assert df["fieldname"].startswith("wms_"), df
			assert df["fieldtype"] in ("Float", "Int", "Check", "Data", "Link", "Select"), df
			target = meta.get_field(df["insert_after"])
			assert target is not None and not target.get("is_custom_field"), (doctype, df["insert_after"])
