# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class PickWaveTour(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		operator: DF.Link | None
		orders: DF.Int
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		route_length: DF.Float
		status: DF.Literal["Queued", "Assigned", "In Progress", "Done"]
		tasks: DF.Int
		totes: DF.SmallText | None
		tour: DF.Int
		zone: DF.Link | None
	# end: auto-generated types
	pass
