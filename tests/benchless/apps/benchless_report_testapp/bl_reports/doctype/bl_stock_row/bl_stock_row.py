from frappe.model.document import Document


class BLStockRow(Document):
	pass
