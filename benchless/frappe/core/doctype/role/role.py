"""Role: benchless core doctype (controller as in frappe/core/doctype/role)."""

from frappe.model.document import Document


class Role(Document):
	pass
