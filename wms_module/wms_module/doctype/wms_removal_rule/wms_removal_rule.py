# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class WMSRemovalRule(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		item_group: DF.Link
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		removal_strategy: DF.Literal[
			"FIFO", "FEFO", "LIFO", "Closest to Depot", "Fewest Bins", "Clear Small Quantities"
		]
	# end: auto-generated types
	pass
