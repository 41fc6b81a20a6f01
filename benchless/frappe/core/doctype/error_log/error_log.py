"""Error Log: benchless core doctype (controller as in frappe/core/doctype/error_log)."""

from frappe.model.document import Document


class ErrorLog(Document):
	pass
