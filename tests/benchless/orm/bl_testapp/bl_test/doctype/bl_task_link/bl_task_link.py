from frappe.model.document import Document


class BLTaskLink(Document):
	pass
