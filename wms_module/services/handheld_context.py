"""What the handheld page needs to know before its first scan: the warehouses it may work in.

A bin code (``A-03-01``) repeats in every warehouse laid out the same way, so a scan of a bin on
the Move and Lookup screens means the bin of the warehouse the operator stands in. The page offers
the managed warehouses (an active Warehouse Layout) the user may see: all of them for a WMS
Manager or a user without User Permissions on Warehouse, else those the permissions name (the rule
of the supervisor's floor view, services.floor.visible_warehouses). The page remembers the choice.
"""

from __future__ import annotations

import frappe

from wms_module.services.floor import visible_warehouses
from wms_module.services.managed import ACTIVE_FIELD


def handheld_warehouses(user: str | None = None) -> list[str]:
	"""The managed warehouses ``user`` may work in, by name. Two queries at most."""
	managed = frappe.get_all("Warehouse Layout", filters={ACTIVE_FIELD: 1}, pluck="warehouse")
	allowed = visible_warehouses(user)
	return sorted(w for w in managed if allowed is None or w in allowed)
