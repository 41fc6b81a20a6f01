# benchless stand-in for erpnext/stock/doctype/delivery_note_item/delivery_note_item.py (ERPNext v15)

from frappe.model.document import Document


class DeliveryNoteItem(Document):
	pass
