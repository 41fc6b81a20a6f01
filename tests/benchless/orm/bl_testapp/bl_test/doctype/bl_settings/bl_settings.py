from frappe.model.document import Document


class BLSettings(Document):
	pass
