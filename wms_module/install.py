"""Install / migrate hooks: the Custom Fields wms_module adds to ERPNext doctypes.

ERPNext v15's Item has a unit weight (``weight_per_unit`` + ``weight_uom``) but no unit
volume, so a Storage Bin's ``max_volume`` could never be checked. The app adds
``Item.wms_unit_volume`` (m³ per stock unit, the unit of Storage Bin "Max Volume (m³)").

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

UNIT_VOLUME_FIELD = "wms_unit_volume"


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
			}
		]
	}


def make_custom_fields() -> None:
	create_custom_fields(get_custom_fields(), update=True)


def after_install() -> None:
	make_custom_fields()


def after_migrate() -> None:
	make_custom_fields()
