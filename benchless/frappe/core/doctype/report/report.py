"""Report: benchless core doctype (controller as in frappe/core/doctype/report)."""

from frappe.model.document import Document


class Report(Document):
	pass
