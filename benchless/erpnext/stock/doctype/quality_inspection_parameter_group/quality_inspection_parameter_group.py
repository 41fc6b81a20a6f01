# benchless stand-in for erpnext/stock/doctype/quality_inspection_parameter_group/quality_inspection_parameter_group.py (ERPNext v15), as the real file
from frappe.model.document import Document


class QualityInspectionParameterGroup(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		group_name: DF.Data
	# end: auto-generated types

	pass
