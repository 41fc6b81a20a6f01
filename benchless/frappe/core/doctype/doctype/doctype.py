"""DocType: benchless core doctype (controller as in frappe/core/doctype/doctype)."""

from frappe.model.document import Document


class DocType(Document):
	pass
