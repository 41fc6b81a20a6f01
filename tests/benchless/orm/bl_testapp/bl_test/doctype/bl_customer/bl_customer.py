from frappe.model.document import Document


class BLCustomer(Document):
	pass
