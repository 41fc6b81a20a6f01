"""Warehouse layouts: generate storage bins for rack ranges, idempotently."""

from __future__ import annotations

from collections.abc import Mapping

import frappe
from frappe import _
from frappe.utils import now_datetime

from wms_module.core.bins import BinPlan, LayoutGeometry, RackRange, plan_bins
from wms_module.exceptions import core_errors_as_validation
from wms_module.services.rows import with_standard_columns
from wms_module.services.storage import storage_bin_name

BIN_FIELDS = with_standard_columns(
	"bin_code",
	"warehouse",
	"zone",
	"zone_type",
	"status",
	"bin_type",
	"mix_policy",
	"aisle",
	"bay",
	"level",
	"position",
	"pick_sequence",
	"layout_aisle",
	"layout_bay",
	"pos_x",
	"pos_y",
	"max_qty",
	"max_volume",
	"max_weight",
	"barcode",
)


def rack_range(args: Mapping) -> RackRange:
	"""The rack range an endpoint's arguments describe (``layout`` and ``self`` are passed over);
	a bad value is refused as a ValidationError naming it."""
	with core_errors_as_validation():
		return RackRange.from_mapping(args)


def plan_range(layout, rack_range: RackRange) -> BinPlan:
	"""Which bins of the range exist already and which would be created.

	Refuses (naming the first bin outside) a range that does not fit the layout's aisles and bays.
	"""
	existing = frappe.get_all("Storage Bin", filters={"warehouse": layout.warehouse}, pluck="bin_code")
	with core_errors_as_validation():
		plan = plan_bins(
			rack_range.bin_range,
			existing_codes=existing,
			geometry=LayoutGeometry(
				aisle_spacing=layout.aisle_spacing or 3.0, bay_width=layout.bay_width or 1.0
			),
		)
	for spec in plan.to_create:
		if _aisle_index(spec.aisle) >= (layout.n_aisles or 0) or spec.bay > (layout.bays_per_aisle or 0):
			frappe.throw(
				_(
					"Bin {0} lies outside the layout of {1} ({2} aisles x {3} bays); expected aisles A-{4}, bays 1-{3}"
				).format(
					frappe.bold(spec.code),
					layout.warehouse,
					layout.n_aisles,
					layout.bays_per_aisle,
					chr(ord("A") + max(0, (layout.n_aisles or 1) - 1)),
				)
			)
	return plan


def _aisle_index(aisle: str) -> int:
	return ord(aisle[0]) - ord("A")


def preview(layout, rack_range: RackRange) -> dict:
	"""What ``generate`` would do for the range, writing nothing: counts, a summary and the first codes.

	The Warehouse Layout form's Preview and ``api.bins.preview_bins`` both come here; the user
	must be allowed to read ``layout``.
	"""
	layout.check_permission("read")
	plan = plan_range(layout, rack_range)
	return {
		"summary": plan.preview(),
		"to_create": len(plan.to_create),
		"existing": len(plan.existing),
		"sample": [s.code for s in plan.to_create[:10]],
	}


def generate(layout, rack_range: RackRange) -> dict:
	"""Create the range's missing bins in its zone; bins that exist are left alone (idempotent).

	The Warehouse Layout form's Generate and ``api.bins.generate_bins`` both come here; the user
	must be allowed to write ``layout`` and to create Storage Bins.
	"""
	layout.check_permission("write")
	frappe.has_permission("Storage Bin", "create", throw=True)
	plan = plan_range(layout, rack_range)
	created = create_bins(layout, plan, rack_range)
	return {"created": created, "existing": len(plan.existing), "summary": plan.preview()}


def create_bins(layout, plan: BinPlan, rack_range: RackRange) -> int:
	"""Insert the planned bins in one statement (the plan is valid by construction), in the range's
	zone, of its bin type and with its limits. Returns the count."""
	zone, bin_type = rack_range.zone, rack_range.bin_type
	if not zone:
		frappe.throw(_("Bins are created in a Storage Zone; the rack range names none"))
	zone_row = frappe.db.get_value("Storage Zone", zone, ["warehouse", "zone_type"], as_dict=True)
	if not zone_row:
		frappe.throw(_("Storage Zone {0} does not exist").format(frappe.bold(zone)), frappe.DoesNotExistError)
	if zone_row.warehouse != layout.warehouse:
		frappe.throw(
			_("Storage Zone {0} belongs to {1}; expected a zone of {2}").format(
				frappe.bold(zone), zone_row.warehouse, layout.warehouse
			)
		)
	bin_types = (frappe.get_meta("Storage Bin").get_field("bin_type").options or "").split("\n")
	if bin_type not in bin_types:
		frappe.throw(_("Bin type {0} is not one of {1}").format(frappe.bold(bin_type), ", ".join(bin_types)))
	now, user = now_datetime(), frappe.session.user
	rows = [
		(
			storage_bin_name(spec.code, layout.warehouse),
			now,
			now,
			user,
			user,
			0,
			spec.code,
			layout.warehouse,
			zone,
			zone_row.zone_type,
			"Active",
			bin_type,
			"Mixed",
			spec.aisle,
			spec.bay,
			spec.level,
			spec.position or 0,
			spec.pick_sequence,
			_aisle_index(spec.aisle),
			spec.bay - 1,
			spec.x,
			spec.y,
			rack_range.max_qty,
			rack_range.max_volume,
			rack_range.max_weight,
			spec.barcode,
		)
		for spec in plan.to_create
	]
	if rows:
		frappe.db.bulk_insert("Storage Bin", BIN_FIELDS, rows)
	return len(rows)
