from frappe.model.document import Document


class BLTaskItem(Document):
	pass
