from frappe.model.document import Document


class BLPromptDoc(Document):
	pass
