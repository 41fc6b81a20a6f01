# benchless stand-in for erpnext/setup/doctype/item_group/item_group.py (ERPNext v15)

import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet


class ItemGroup(NestedSet):
	nsm_parent_field = "parent_item_group"

	def validate(self):
		if not self.parent_item_group and not frappe.flags.in_test:
			if frappe.db.exists("Item Group", _("All Item Groups")) and self.name != _("All Item Groups"):
				self.parent_item_group = _("All Item Groups")

	def on_update(self):
		NestedSet.on_update(self)
