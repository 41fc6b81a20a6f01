# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class BinDriftLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		action: DF.Literal["Check", "Repair"]
		checked_at: DF.Datetime
		details: DF.Code | None
		drift_lines: DF.Int
		net_difference: DF.Float
		warehouse: DF.Link | None
	# end: auto-generated types
	pass
