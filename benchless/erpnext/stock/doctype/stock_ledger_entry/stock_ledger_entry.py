# benchless stand-in for erpnext/stock/doctype/stock_ledger_entry/stock_ledger_entry.py (ERPNext v15)
# Only erpnext.stock.stock_ledger creates these; its checks run before any entry is written.

import frappe
from frappe import _
from frappe.model.document import Document

exclude_from_linked_with = True


class StockLedgerEntry(Document):
	def autoname(self):
		"""Temporarily name doc for fast insertion (real: renamed later by a scheduled job)."""
		self.name = frappe.generate_hash(length=10)

	def validate(self):
		self.flags.ignore_submit_comment = True
		self.validate_mandatory()
		if not self.posting_time or self.posting_time == "00:0":
			self.posting_time = "00:00"

	def validate_mandatory(self):
		mandatory = ["warehouse", "posting_date", "voucher_type", "voucher_no", "company"]
		for k in mandatory:
			if not self.get(k):
				frappe.throw(_("{0} is required").format(self.meta.get_label(k)))

		if self.voucher_type != "Stock Reconciliation" and not self.actual_qty:
			frappe.throw(_("Actual Qty is mandatory"))

	def on_cancel(self):
		msg = _("Individual Stock Ledger Entry cannot be cancelled.")
		msg += "<br>" + _("Please cancel related transaction.")
		frappe.throw(msg)
