# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class BinStock(Document):
	"""The balance of one (bin, item, batch): the running sum of the bin ledger, written only by
	services/bin_ledger.post_rows with its ledger rows. As a document it is never made, changed or
	deleted, by any role: bins would no longer add up to ERPNext."""

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
	def before_insert(self):
		self.refuse()

	def validate(self):
		self.refuse()

	def on_trash(self):
		self.refuse()

	def refuse(self):
		frappe.throw(
			_(
				"Bin Stock is the running sum of the bin ledger; move stock, count the bin or receive it in"
				" ERPNext instead of writing {0}"
			).format(self.name or _("a balance")),
			frappe.PermissionError,
		)
