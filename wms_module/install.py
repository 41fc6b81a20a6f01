"""Install / migrate hooks: the Custom Fields wms_module adds to ERPNext doctypes.

ERPNext v15's Item has a unit weight (``weight_per_unit`` + ``weight_uom``) but no unit
volume, so a Storage Bin's ``max_volume`` could never be checked. The app adds
``Item.wms_unit_volume`` (m³ per stock unit, the unit of Storage Bin "Max Volume (m³)").
Its Sales Order has no priority either: the app adds ``Sales Order.wms_priority`` (Pick
Priority, Normal / High / Urgent, changeable after submit).

Shipped in code with ``create_custom_fields`` (frappe/custom/doctype/custom_field/
custom_field.py), the way ERPNext adds its own Custom Fields (erpnext/setup/install.py
``create_print_setting_custom_fields``, regional setups), rather than as a Custom Field
fixture: the definition lives next to the code that reads it, it is idempotent (creates the
missing field, updates a changed label/description/position, leaves values alone) and
needs no ``bench export-fixtures`` round trip. It runs on ``after_install`` (frappe/installer.py
``install_app``) and on ``after_migrate`` (``bench migrate``), so a site that installed an
older version gets the field on its next migrate.
"""

from __future__ import annotations

from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from wms_module.erp import ITEM_UNIT_VOLUME_FIELD as UNIT_VOLUME_FIELD
from wms_module.services.labor_settings import ensure_labor_defaults, ensure_log_indexes
from wms_module.services.priority import DEFAULT_PRIORITY, ORDER_PRIORITIES, ORDER_PRIORITY_FIELD
from wms_module.services.putaway_candidates import (
	ITEM_HAZARD_CLASS,
	ITEM_STORAGE_CLASS,
	ITEM_TEMPERATURE_CLASS,
	ITEM_VELOCITY_CLASS,
)
from wms_module.services.stock_sync import ISSUE_BIN_FIELD as STORAGE_BIN_FIELD


def get_custom_fields() -> dict[str, list[dict]]:
	return {
		"Item": [
			{
				"fieldname": UNIT_VOLUME_FIELD,
				"label": "Unit Volume (m³)",
				"fieldtype": "Float",
				# 6 decimals: 1 cm³ resolution (real Float default precision is 3, 1 litre)
				"precision": "6",
				"non_negative": 1,
				"insert_after": "weight_uom",
				"depends_on": "is_stock_item",
				"description": "Volume of one stock unit in cubic metres (1 litre = 0.001). "
				"Storage bins with a Max Volume refuse stock that would not fit; 0 = unknown, not checked.",
				"module": "WMS Module",
			},
			*putaway_item_fields(),
		],
		"Sales Order": [order_priority_field()],
		"Purchase Receipt Item": receiving_fields() + purchase_return_fields(),
	}


def receiving_fields() -> list[dict]:
	"""Purchase Receipt Item fields the handheld's receiving uses: the pallet's GS1 SSCC (one scan
	receives every line on it) and the units scanned so far on a draft receipt."""
	return [
		{
			"fieldname": "wms_sscc",
			"label": "SSCC",
			"fieldtype": "Data",
			"length": 18,
			"search_index": 1,
			"insert_after": "item_code",
			"description": "The 18-digit GS1 SSCC of the pallet this line arrives on: scanning it on the "
			"handheld receives every line of the pallet at once.",
			"module": "WMS Module",
		},
		{
			"fieldname": "wms_scanned_qty",
			"label": "Scanned Qty",
			"fieldtype": "Float",
			"read_only": 1,
			"no_copy": 1,
			"insert_after": "received_qty",
			"description": "Units the warehouse has scanned in on the handheld (a draft receipt).",
			"module": "WMS Module",
		},
	]


def purchase_return_fields() -> list[dict]:
	"""Purchase Receipt Item.wms_storage_bin: on a Purchase Return (``is_return``), the bin the row's
	stock leaves from (services/stock_sync.py ``issues_from_named_bins``); blank: the warehouse's
	removal rule chooses."""
	return [
		{
			"fieldname": STORAGE_BIN_FIELD,
			"label": "Storage Bin",
			"fieldtype": "Link",
			"options": "Storage Bin",
			"insert_after": "warehouse",
			"depends_on": "eval:parent.is_return",
			"description": "Purchase Return: the bin this row's stock is taken from (it must hold it). "
			"Blank: the warehouse's removal rule chooses.",
			"module": "WMS Module",
		}
	]


def putaway_item_fields() -> list[dict]:
	"""Item fields directed putaway reads (services/putaway_planning.py): a storage class (WMS
	Putaway Rules send a class to zones or bin types, "Only" segregates it), the hazard and
	temperature classes (the options of Storage Zone's: a hard filter) and a velocity class (A/B/C,
	matched against Storage Zone.velocity_class). Empty classes mean none / Ambient. Each placed
	after a standard field of v15's Item "Inventory Settings" section (not after one another)."""
	common = {"depends_on": "is_stock_item", "module": "WMS Module"}
	return [
		{
			"fieldname": ITEM_STORAGE_CLASS,
			"label": "Storage Class",
			"fieldtype": "Data",
			"insert_after": "valuation_method",
			"description": "A class of storage (e.g. Bulk, Small Parts, Chemicals) that WMS Putaway Rules "
			"send to zones or bin types.",
			**common,
		},
		{
			"fieldname": ITEM_HAZARD_CLASS,
			"label": "Hazard Class",
			"fieldtype": "Select",
			"options": "\nFlammable\nCorrosive\nToxic\nOxidizing\nCompressed Gas",
			"insert_after": "end_of_life",
			"description": "Put away only to zones of this hazard class (empty: only zones without one).",
			**common,
		},
		{
			"fieldname": ITEM_TEMPERATURE_CLASS,
			"label": "Temperature Class",
			"fieldtype": "Select",
			"options": "Ambient\nChilled\nFrozen",
			"default": "Ambient",
			"insert_after": "shelf_life_in_days",
			"description": "Put away only to zones of this temperature class.",
			**common,
		},
		{
			"fieldname": ITEM_VELOCITY_CLASS,
			"label": "Velocity Class",
			"fieldtype": "Select",
			"options": "\nA\nB\nC",
			"insert_after": "weight_per_unit",
			"description": "How fast it moves (A fastest): putaway prefers zones of the same velocity class.",
			**common,
		},
	]


def order_priority_field() -> dict:
	"""Sales Order.wms_priority: ERPNext v15's Sales Order has no priority. Allow on Submit (a
	Custom Field property, frappe/custom/doctype/custom_field/custom_field.json), so it can be
	raised after submit; the open Pick tasks follow (services/priority.py)."""
	return {
		"fieldname": ORDER_PRIORITY_FIELD,
		"label": "Pick Priority",
		"fieldtype": "Select",
		"options": "\n".join(ORDER_PRIORITIES),
		"default": DEFAULT_PRIORITY,
		"allow_on_submit": 1,
		"in_standard_filter": 1,
		"insert_after": "delivery_date",
		"description": "Warehouse picking: higher priority orders are waved first, then the earliest delivery date.",
		"module": "WMS Module",
	}


def make_custom_fields() -> None:
	create_custom_fields(get_custom_fields(), update=True)


def after_install() -> None:
	make_custom_fields()
	ensure_labor_defaults()  # WMS Settings > Labour (services/labor_settings.py)
	ensure_log_indexes()  # WMS Labor Log (operator, ended_on / started_on)


def after_migrate() -> None:
	make_custom_fields()
	ensure_labor_defaults()
	ensure_log_indexes()
