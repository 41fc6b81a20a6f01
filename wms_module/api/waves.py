"""Pick wave endpoints: create, plan, release, progress."""

import frappe

from wms_module.roles import WMS_MANAGER, WMS_ROLES, WMS_SUPERVISOR, require_roles
from wms_module.services import waves


@frappe.whitelist(methods=["POST"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR)
def create(
	warehouse: str,
	sales_orders: list[str] | None = None,
	delivery_date_cutoff: str | None = None,
	picking_mode: str = "Cluster",
	plan: bool = True,
) -> dict:
	"""A wave of the given Sales Orders, or (no orders given) of those due by the cut-off; planned at once."""
	if isinstance(sales_orders, str):
		sales_orders = frappe.parse_json(sales_orders)
	wave = frappe.get_doc(
		{
			"doctype": "Pick Wave",
			"warehouse": warehouse,
			"picking_mode": picking_mode,
			"release_method": "Manual" if sales_orders else "By Delivery Date",
			"delivery_date_cutoff": delivery_date_cutoff,
			"orders": [{"sales_order": so} for so in sales_orders or []],
		}
	).insert()
	if plan:
		wave = waves.plan_wave(wave_name=wave.name)
	return wave.as_dict()


@frappe.whitelist(methods=["POST"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR)
def plan(wave: str) -> dict:
	return waves.plan_wave(wave_name=wave).as_dict()


@frappe.whitelist(methods=["POST"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR)
def release(wave: str, operators: list[str] | None = None) -> dict:
	"""Release a planned wave: tours to ``operators`` round-robin, or queued when none are given."""
	if isinstance(operators, str):
		operators = frappe.parse_json(operators)
	return waves.release_wave(wave_name=wave, operators=operators).as_dict()


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES)
def progress(wave: str) -> dict:
	return dict(waves.progress_of(wave))
