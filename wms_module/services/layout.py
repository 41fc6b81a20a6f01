"""Warehouse layouts: generate storage bins for rack ranges, idempotently."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import now_datetime

from wms_module.core.bins import BinPlan, BinRange, LayoutGeometry, aisle_labels, plan_bins
from wms_module.exceptions import core_errors_as_validation
from wms_module.services.storage import storage_bin_name

BIN_FIELDS = (
	"name", "creation", "modified", "owner", "modified_by", "docstatus", "bin_code", "warehouse", "zone",
	"zone_type", "status", "bin_type", "mix_policy", "aisle", "bay", "level", "position", "pick_sequence",
	"layout_aisle", "layout_bay", "pos_x", "pos_y", "max_qty", "max_volume", "max_weight", "barcode",
)


def plan_range(
	layout,
	*,
	aisle_from: str,
	aisle_to: str,
	bay_from: int,
	bay_to: int,
	level_from: int,
	level_to: int,
	positions: int = 0,
) -> BinPlan:
	"""Which bins of the range exist already and which would be created."""
	with core_errors_as_validation():
		bin_range = BinRange(
			aisles=aisle_labels(aisle_from, aisle_to),
			bays=(bay_from, bay_to),
			levels=(level_from, level_to),
			positions=(1, positions) if positions else None,
		)
		existing = frappe.get_all("Storage Bin", filters={"warehouse": layout.warehouse}, pluck="bin_code")
		return plan_bins(
			bin_range,
			existing_codes=existing,
			geometry=LayoutGeometry(aisle_spacing=layout.aisle_spacing or 3.0, bay_width=layout.bay_width or 1.0),
		)


def create_bins(layout, plan: BinPlan, *, zone: str, bin_type: str = "Shelf", max_qty: float = 0,
		max_volume: float = 0, max_weight: float = 0) -> int:
	"""Insert the planned bins in one statement (the plan is valid by construction). Returns the count."""
	zone_row = frappe.db.get_value("Storage Zone", zone, ["warehouse", "zone_type"], as_dict=True)
	if not zone_row or zone_row.warehouse != layout.warehouse:
		frappe.throw(_("Zone {0} is not a zone of {1}").format(zone, layout.warehouse))
	now, user = now_datetime(), frappe.session.user
	rows = []
	for spec in plan.to_create:
		aisle_index = ord(spec.aisle[0]) - ord("A")
		if aisle_index >= (layout.n_aisles or 0) or spec.bay > (layout.bays_per_aisle or 0):
			frappe.throw(
				_("Bin {0} lies outside the layout of {1} ({2} aisles x {3} bays)").format(
					spec.code, layout.warehouse, layout.n_aisles, layout.bays_per_aisle
				)
			)
		rows.append(
			(storage_bin_name(spec.code, layout.warehouse), now, now, user, user, 0, spec.code, layout.warehouse,
				zone, zone_row.zone_type, "Active", bin_type, "Mixed", spec.aisle, spec.bay, spec.level,
				spec.position or 0, spec.pick_sequence, aisle_index, spec.bay - 1, spec.x, spec.y, max_qty,
				max_volume, max_weight, spec.barcode)
		)
	if rows:
		frappe.db.bulk_insert("Storage Bin", BIN_FIELDS, rows)
	return len(rows)
