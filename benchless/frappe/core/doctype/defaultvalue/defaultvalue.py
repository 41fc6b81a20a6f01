"""DefaultValue: benchless core doctype (controller as in frappe/core/doctype/defaultvalue)."""

from frappe.model.document import Document


class DefaultValue(Document):
	pass
