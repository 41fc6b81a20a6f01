# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class WMSCustomerShelfLife(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		customer: DF.Link
		min_remaining_days: DF.Int
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types
	pass
