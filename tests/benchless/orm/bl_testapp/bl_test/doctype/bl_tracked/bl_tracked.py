from frappe.model.document import Document


class BLTracked(Document):
	pass
