"""benchless stand-in for erpnext/setup/install.py (ERPNext v15).

Real ERPNext creates these master records in the setup wizard
(erpnext/setup/setup_wizard/operations/install_fixtures.py): root Item Group "All Item
Groups" and its standard children, the standard Stock Entry Types, common UOMs. A
benchless site has no wizard, so after_install makes the subset the stand-in needs.
"""

import frappe
from frappe import _

STOCK_ENTRY_TYPES = [
	"Material Issue",
	"Material Receipt",
	"Material Transfer",
	"Material Transfer for Manufacture",
	"Material Consumption for Manufacture",
	"Manufacture",
	"Repack",
	"Send to Subcontractor",
	"Disassemble",
]

# (uom_name, must_be_whole_number) — a subset of erpnext/setup/setup_wizard/data/uom_data.json
UOMS = [
	("Nos", 1),
	("Unit", 1),
	("Box", 1),
	("Pair", 1),
	("Set", 1),
	("Kg", 0),
	("Gram", 0),
	("Litre", 0),
	("Meter", 0),
]

ITEM_GROUPS = ["Products", "Raw Material", "Services", "Sub Assemblies", "Consumable"]


def after_install():
	install_fixtures()
	set_single_defaults()


def set_single_defaults():
	"""erpnext/setup/install.py (v15.99.1): after_install stores every field's default in the
	settings singles, so a new site reads Stock Settings' defaults (e.g.
	action_if_quality_inspection_is_not_submitted "Stop", allow_partial_reservation 1).
	Real: the five singles Accounts, Print, Buying, Selling and Stock Settings; the stand-in has
	only Stock Settings. Real reads the defaults from tabDocField; here from the meta."""
	for dt in ("Stock Settings",):
		default_values = [(df.fieldname, df.get("default")) for df in frappe.get_meta(dt).fields]
		if default_values:
			try:
				doc = frappe.get_doc(dt, dt)
				for fieldname, value in default_values:
					doc.set(fieldname, value)
				doc.flags.ignore_mandatory = True
				doc.save()
			except frappe.ValidationError:
				pass


def install_fixtures():
	if not frappe.db.exists("Item Group", _("All Item Groups")):
		frappe.get_doc(
			{"doctype": "Item Group", "item_group_name": _("All Item Groups"), "is_group": 1, "parent_item_group": ""}
		).insert(ignore_permissions=True)
	for name in ITEM_GROUPS:
		if not frappe.db.exists("Item Group", _(name)):
			frappe.get_doc(
				{
					"doctype": "Item Group",
					"item_group_name": _(name),
					"is_group": 0,
					"parent_item_group": _("All Item Groups"),
				}
			).insert(ignore_permissions=True)

	for purpose in STOCK_ENTRY_TYPES:
		if not frappe.db.exists("Stock Entry Type", purpose):
			doc = frappe.get_doc({"doctype": "Stock Entry Type", "purpose": purpose, "is_standard": 1})
			doc.insert(ignore_permissions=True, set_name=purpose)

	for uom_name, whole in UOMS:
		if not frappe.db.exists("UOM", _(uom_name)):
			frappe.get_doc({"doctype": "UOM", "uom_name": _(uom_name), "must_be_whole_number": whole}).insert(
				ignore_permissions=True
			)
