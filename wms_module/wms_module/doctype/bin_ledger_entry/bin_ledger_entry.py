# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class BinLedgerEntry(Document):
	"""One movement of the bin ledger. Rows are written only by services/bin_ledger.post_rows
	(with the balances, in bulk); as documents they are never inserted, edited or deleted:
	a correction is a new row (reconciliation repair, Stock Reconciliation, cancel)."""

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
