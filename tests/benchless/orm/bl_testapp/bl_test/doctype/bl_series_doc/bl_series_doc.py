from frappe.model.document import Document


class BLSeriesDoc(Document):
	pass
