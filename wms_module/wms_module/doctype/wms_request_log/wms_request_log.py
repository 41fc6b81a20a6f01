# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class WMSRequestLog(Document):
	"""Written and read only by ``wms_module.services.idempotency`` (never from the desk)."""

	pass
