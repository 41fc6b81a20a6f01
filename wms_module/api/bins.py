"""Storage-bin endpoints for the handheld and for other systems."""

import frappe

from wms_module.roles import WMS_ROLES, require_roles
from wms_module.services import moves


@frappe.whitelist(methods=["POST"])
@require_roles(*WMS_ROLES)
def move(item_code: str, qty: float, from_bin: str, to_bin: str, batch_no: str | None = None) -> dict:
	"""Move stock between two storage bins (another warehouse: via a Material Transfer)."""
	if qty <= 0:
		frappe.throw(frappe._("qty must be greater than 0, got {0}").format(qty))
	return moves.move_stock(item_code=item_code, qty=qty, from_bin=from_bin, to_bin=to_bin, batch_no=batch_no)


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES)
def contents(storage_bin: str) -> list[dict]:
	"""What a bin holds: item, batch, on hand and allocated."""
	from wms_module.services.bin_ledger import bin_contents

	return [
		{"item_code": b.item, "batch_no": b.batch, "on_hand": b.on_hand, "allocated": b.allocated}
		for b in bin_contents([storage_bin]).get(storage_bin, [])
	]
