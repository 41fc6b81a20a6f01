# benchless stand-in for erpnext/stock/doctype/serial_and_batch_entry/serial_and_batch_entry.py (ERPNext v15)
# Schema only: the stand-in posts batches on the Stock Ledger Entry's batch_no and never
# creates bundles itself; tests and wms_module.erp read bundles made by hand.

from frappe.model.document import Document


class SerialandBatchEntry(Document):
	pass
