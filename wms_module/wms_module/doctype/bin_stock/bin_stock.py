# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class BinStock(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		allocated_qty: DF.Float
		batch_no: DF.Link | None
		first_received: DF.Datetime | None
		item_code: DF.Link
		on_hand_qty: DF.Float
		storage_bin: DF.Link
		warehouse: DF.Link
	# end: auto-generated types
	pass
