# benchless stand-in for erpnext/stock/doctype/serial_and_batch_entry/serial_and_batch_entry.py (ERPNext v15)
# The stand-in's stock ledger makes one submitted bundle per batch entry (erpnext/stock/stock_ledger.py:
# make_batch_bundle) and cancels it with its voucher; no validation of its own.

from frappe.model.document import Document


class SerialandBatchEntry(Document):
	pass
