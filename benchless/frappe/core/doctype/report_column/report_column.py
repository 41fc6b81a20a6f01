"""Report Column: benchless core doctype (child table of Report; frappe/core/doctype/report_column/report_column.json)."""

from frappe.model.document import Document


class ReportColumn(Document):
	pass
