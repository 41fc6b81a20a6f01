from frappe.model.document import Document


class BLExprDoc(Document):
	pass
