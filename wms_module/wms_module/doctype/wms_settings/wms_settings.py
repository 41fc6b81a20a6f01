# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class WMSSettings(Document):
	def validate(self):
		self.validate_limits()

	def validate_limits(self):
		for fieldname in ("picker_capacity_items", "totes_per_cart", "max_orders_per_wave", "max_lines_per_wave"):
			if (self.get(fieldname) or 0) < 1:
				frappe.throw(
					_("{0} must be at least 1, got {1}").format(self.meta.get_label(fieldname), self.get(fieldname)),
					title=_("Invalid WMS Settings"),
				)
