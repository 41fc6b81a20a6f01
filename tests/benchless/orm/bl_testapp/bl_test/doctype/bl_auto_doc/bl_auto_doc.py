from frappe.model.document import Document


class BLAutoDoc(Document):
	pass
