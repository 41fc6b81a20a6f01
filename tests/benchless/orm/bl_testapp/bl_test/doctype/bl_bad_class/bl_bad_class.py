from frappe.model.document import Document


class BlBadClass(Document):  # wrong on purpose: Frappe expects BLBadClass
	pass
