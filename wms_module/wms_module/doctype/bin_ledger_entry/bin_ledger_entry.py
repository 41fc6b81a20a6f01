# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class BinLedgerEntry(Document):
	"""One movement of the bin ledger. Rows are written only by services/bin_ledger.post_rows
	(with the balances, in bulk); as documents they are never inserted, edited or deleted:
	a correction is a new row (reconciliation repair, Stock Reconciliation, cancel)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		batch_no: DF.Link | None
		item_code: DF.Link
		movement_type: DF.Literal["Receipt", "Issue", "Move", "Correction", "Reversal"]
		posting_datetime: DF.Datetime
		qty: DF.Float
		remarks: DF.SmallText | None
		storage_bin: DF.Link
		user: DF.Link | None
		voucher_detail_no: DF.Data | None
		voucher_no: DF.DynamicLink | None
		voucher_type: DF.Link | None
		warehouse: DF.Link
		warehouse_task: DF.Data | None

	# end: auto-generated types
	def before_insert(self):
		frappe.throw(
			_(
				"Bin Ledger Entry rows are posted by stock movements; move stock or run a reconciliation instead"
			),
			frappe.PermissionError,
		)

	def validate(self):
		if not self.is_new():
			frappe.throw(
				_("Bin Ledger Entry {0} cannot be changed; a correction is a new movement").format(self.name),
				frappe.PermissionError,
			)

	def on_trash(self):
		frappe.throw(
			_("Bin Ledger Entry {0} cannot be deleted; a correction is a new movement").format(self.name),
			frappe.PermissionError,
		)
