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
