# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class PickWaveOrder(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		customer: DF.Link | None
		delivery_date: DF.Date | None
		lines: DF.Int
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		sales_order: DF.Link
		tote: DF.Data | None
	# end: auto-generated types
	pass
