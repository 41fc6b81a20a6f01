from frappe.model.document import Document


class BLOwned(Document):
	pass
