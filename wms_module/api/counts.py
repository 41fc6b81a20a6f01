"""Count endpoints: confirm what a count found in a bin (bin denial after a short pick)."""

import frappe

from wms_module.roles import WMS_MANAGER, WMS_SUPERVISOR, require_roles
from wms_module.services import counts


@frappe.whitelist(methods=["POST"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR)
def confirm(task: str, counted_qty: float) -> dict:
	"""Close Count task ``task`` with ``counted_qty`` found in its bin (0 allowed).

	The difference to the bin's books moves to (or from) the warehouse's unlocated bin, so the
	bins and ERPNext stay equal; the bin becomes Active again when no other count holds it.
	Answers book_qty, counted_qty, difference, moved_to_unlocated, taken_from_unlocated,
	not_posted (a surplus the unlocated bin could not cover: receive it in ERPNext) and bin_status.
	"""
	return counts.confirm_count(task=task, counted_qty=counted_qty)
