# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class WMSRequestLog(Document):
	"""Written and read only by ``wms_module.services.idempotency`` (never from the desk)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		args_hash: DF.Data
		endpoint: DF.Data
		idempotency_key: DF.Data
		response: DF.Code | None
		user: DF.Link
	# end: auto-generated types
	pass
