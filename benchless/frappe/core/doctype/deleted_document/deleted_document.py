"""Deleted Document: benchless core doctype (controller as in frappe/core/doctype/deleted_document)."""

from frappe.model.document import Document


class DeletedDocument(Document):
	pass
