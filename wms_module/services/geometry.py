"""Warehouse Layouts as the router sees them: which layout a warehouse has, its geometry, and the
walking distance from the depot to a bin."""

from __future__ import annotations

import frappe
from frappe import _

from wms_module.core.errors import InvalidInput
from wms_module.core.layout import PickLocation, WarehouseLayout
from wms_module.exceptions import NoWarehouseLayoutError

GEOMETRY_FIELDS = (
	"n_aisles",
	"bays_per_aisle",
	"n_blocks",
	"bay_width",
	"aisle_spacing",
	"cross_aisle_width",
	"depot_aisle",
)
"""The Warehouse Layout fields ``core_layout`` builds the router's layout from."""


def warehouse_layouts(warehouses) -> dict[str, frappe._dict]:
	"""Warehouse Layout rows by warehouse; refuses a warehouse without one (or without a staging bin)."""
	warehouses = sorted(set(warehouses))
	rows = {
		r.warehouse: r
		for r in frappe.get_all(
			"Warehouse Layout",
			filters={"warehouse": ["in", warehouses]},
			fields=["name", "warehouse", *GEOMETRY_FIELDS, "staging_bin", "removal_strategy"],
		)
	}
	for w in warehouses:
		if w not in rows:
			frappe.throw(
				_(
					"Warehouse {0} has no Warehouse Layout, so the WMS cannot pick from it. Create its layout "
					"(with a staging bin) or set WMS Settings > Create Pick Tasks to On Demand."
				).format(frappe.bold(w)),
				NoWarehouseLayoutError,
				title=_("No Warehouse Layout"),
			)
		if not rows[w].staging_bin:
			frappe.throw(
				_(
					"Warehouse Layout {0} has no Staging Bin; picked stock needs a bin to wait in for its Delivery Note"
				).format(frappe.bold(w)),
				NoWarehouseLayoutError,
				title=_("No Staging Bin"),
			)
	return rows


def core_layout(row) -> WarehouseLayout | None:
	"""The router's layout for a Warehouse Layout row (None when its geometry is invalid)."""
	try:
		return WarehouseLayout.from_mapping(row)
	except InvalidInput:
		return None


def depot_distance(layout: WarehouseLayout | None, row) -> float | None:
	"""Walking distance from the depot to the bin of ``row`` (its ``layout_aisle``/``layout_bay``);
	None without a layout, without a position, or for a position outside the layout."""
	if layout is None or row.layout_aisle is None or row.layout_bay is None:
		return None
	try:
		return layout.distance(
			layout.depot, PickLocation(aisle=int(row.layout_aisle), bay=int(row.layout_bay))
		)
	except InvalidInput:
		return None
