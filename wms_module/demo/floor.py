"""The demo warehouse floor: zones, a parallel-aisle layout, generated bins, and the
opening stock put away from the dock into pick and reserve bins.

Idempotent like the rest of the seed: zones, bins and the layout are reused when they
exist; putaway moves only what still sits on the dock.
"""

import frappe

from wms_module.core.bins import RackRange
from wms_module.services import layout as layout_service
from wms_module.services import moves
from wms_module.services.storage import UNLOCATED_CODE, storage_bin_name, storage_zone_name

# zone code, zone type, picking sequence
ZONES = [("RCV", "Receiving", 0), ("PICK", "Pick", 1), ("RES", "Reserve", 2), ("STG", "Staging", 3)]
AISLES = ("A", "F")  # six aisles
BAYS = 20
PICK_LEVELS = (1, 2)  # reachable from the floor
RESERVE_LEVELS = (3, 4)  # overstock above the pick face
DOCK, STAGE = "DOCK-01", "STAGE-01"
# Stock above this stays partly in reserve (level 3 over the pick bin) to show replenishment stock.
PICK_FACE_QTY = 150


def floor(warehouse):
	"""Zones, the dock and staging bins, the layout and its generated bins; returns the layout doc."""
	zones = {code: _zone(warehouse, code, zone_type, seq) for code, zone_type, seq in ZONES}
	dock = _bin(warehouse, DOCK, zones["RCV"], "Floor")
	stage = _bin(warehouse, STAGE, zones["STG"], "Floor")
	layout = _layout(warehouse, dock, stage)
	for zone, levels in (("PICK", PICK_LEVELS), ("RES", RESERVE_LEVELS)):
		rack_range = RackRange(*AISLES, 1, BAYS, *levels, zone=zones[zone], bin_type="Shelf", max_qty=1000)
		plan = layout_service.plan_range(layout, rack_range)
		layout_service.create_bins(layout, plan, rack_range)
	return layout


def put_away(warehouse, item_codes, batches):
	"""Move whatever is still on the dock, and no open Putaway task takes, to its slot: item i in aisle i mod 6, spread over
	the bays, on level 1; quantities above PICK_FACE_QTY go to the reserve bin above it.
	Returns {item: [bin codes]}."""
	dock = storage_bin_name(DOCK, warehouse)
	on_dock = {
		(b.item_code, b.batch_no or None): b.on_hand_qty - b.allocated_qty
		for b in frappe.get_all(
			"Bin Stock",
			filters={"storage_bin": dock, "on_hand_qty": [">", 0]},
			fields=["item_code", "batch_no", "on_hand_qty", "allocated_qty"],
		)
	}
	for t in frappe.get_all(  # what open Putaway tasks will move (e.g. a lot on its way to QC)
		"Warehouse Task",
		filters={
			"source_bin": dock,
			"task_type": "Putaway",
			"status": ["in", ["Open", "Assigned", "In Progress"]],
		},
		fields=["item_code", "batch_no", "qty"],
	):
		key = (t.item_code, t.batch_no or None)
		on_dock[key] = on_dock.get(key, 0) - t.qty
	slots = {}
	n_aisles = ord(AISLES[1]) - ord(AISLES[0]) + 1
	for index, item in enumerate(item_codes):
		aisle = chr(ord(AISLES[0]) + index % n_aisles)
		bay = (index * 7) % BAYS + 1
		pick = f"{aisle}-{bay:02d}-{PICK_LEVELS[0]:02d}"
		reserve = f"{aisle}-{bay:02d}-{RESERVE_LEVELS[0]:02d}"
		slots[item] = [pick, reserve]
		batch = batches.get(item)
		qty = on_dock.get((item, batch), 0)
		if qty <= 0:
			continue
		to_pick = min(qty, PICK_FACE_QTY)
		for code, part in ((pick, to_pick), (reserve, qty - to_pick)):
			if part > 0:
				moves.move_stock(
					moves.MoveStock(
						item_code=item,
						qty=part,
						from_bin=dock,
						to_bin=storage_bin_name(code, warehouse),
						batch_no=batch,
					)
				)
	return slots


def bin_count(warehouse):
	return frappe.db.count("Storage Bin", {"warehouse": warehouse})


def stock_in_bins(warehouse):
	"""Units on hand in the warehouse's bins other than the dock and the unlocated bin."""
	skip = [storage_bin_name(DOCK, warehouse), storage_bin_name(UNLOCATED_CODE, warehouse)]
	return sum(
		frappe.get_all(
			"Bin Stock",
			filters={"warehouse": warehouse, "storage_bin": ["not in", skip]},
			pluck="on_hand_qty",
		)
	)


def _ensure(doctype, name, **values):
	"""``name``, inserted as a ``doctype`` with ``values`` unless it exists (seeding twice is safe)."""
	if not frappe.db.exists(doctype, name):
		frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True)
	return name


def _zone(warehouse, code, zone_type, seq):
	values = {"zone_code": code, "zone_type": zone_type, "picking_sequence": seq}
	return _ensure("Storage Zone", storage_zone_name(code, warehouse), warehouse=warehouse, **values)


def _bin(warehouse, code, zone, bin_type):
	values = {"bin_code": code, "zone": zone, "bin_type": bin_type}
	return _ensure("Storage Bin", storage_bin_name(code, warehouse), warehouse=warehouse, **values)


def _layout(warehouse, dock, stage):
	if frappe.db.exists("Warehouse Layout", warehouse):
		return frappe.get_doc("Warehouse Layout", warehouse)
	return frappe.get_doc(
		{
			"doctype": "Warehouse Layout",
			"warehouse": warehouse,
			"n_aisles": ord(AISLES[1]) - ord(AISLES[0]) + 1,
			"bays_per_aisle": BAYS,
			"n_blocks": 1,
			"bay_width": 1.2,
			"aisle_spacing": 3.5,
			"cross_aisle_width": 2.5,
			"depot_aisle": 0,
			"receiving_bin": dock,
			"staging_bin": stage,
			"removal_strategy": "FEFO",
			"is_active": 1,  # managed from the start: the demo warehouse is new, nothing to adopt
		}
	).insert(ignore_permissions=True)
