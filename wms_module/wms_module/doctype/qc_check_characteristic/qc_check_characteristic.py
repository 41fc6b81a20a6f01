# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class QCCheckCharacteristic(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		characteristic: DF.Data
		nonconforming: DF.Int
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		specification: DF.Link | None
	# end: auto-generated types

	pass
