# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint


class WMSSettings(Document):
	def validate(self):
		self.validate_limits()
		self.validate_unique_rows("removal_rules", "item_group")
		self.validate_unique_rows("customer_shelf_life", "customer")

	def validate_limits(self):
		for fieldname in (
			"picker_capacity_items",
			"totes_per_cart",
			"max_orders_per_wave",
			"max_lines_per_wave",
		):
			if cint(self.get(fieldname)) < 1:
				frappe.throw(
					_("{0} must be at least 1, got {1}").format(
						self.meta.get_label(fieldname), self.get(fieldname)
					),
					title=_("Invalid WMS Settings"),
				)

	def validate_unique_rows(self, table: str, key: str):
		"""One rule per item group / one shelf-life row per customer: two would contradict each other."""
		seen = {}
		for row in self.get(table) or []:
			value = row.get(key)
			if value in seen:
				frappe.throw(
					_("{0}: {1} is in rows {2} and {3}; keep one row per {4}").format(
						self.meta.get_label(table),
						frappe.bold(value),
						seen[value],
						row.idx,
						_(row.meta.get_label(key)),
					),
					title=_("Invalid WMS Settings"),
				)
			seen[value] = row.idx
