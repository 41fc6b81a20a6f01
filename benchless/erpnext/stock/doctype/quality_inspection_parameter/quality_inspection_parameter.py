# benchless stand-in for erpnext/stock/doctype/quality_inspection_parameter/quality_inspection_parameter.py (ERPNext v15), as the real file
from frappe.model.document import Document


class QualityInspectionParameter(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.TextEditor | None
		parameter: DF.Data
		parameter_group: DF.Link | None
	# end: auto-generated types

	pass
