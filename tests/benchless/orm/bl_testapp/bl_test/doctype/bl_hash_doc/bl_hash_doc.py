from frappe.model.document import Document


class BLHashDoc(Document):
	pass
