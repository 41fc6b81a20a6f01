"""Report Filter: benchless core doctype (child table of Report; frappe/core/doctype/report_filter/report_filter.json)."""

from frappe.model.document import Document


class ReportFilter(Document):
	pass
