"""Has Role: benchless core doctype (controller as in frappe/core/doctype/has_role)."""

from frappe.model.document import Document


class HasRole(Document):
	pass
