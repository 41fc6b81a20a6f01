"""Pick wave endpoints: create, plan, release (and the operators it may go to), progress."""

import frappe

from wms_module.roles import WMS_MANAGER, WMS_ROLES, WMS_SUPERVISOR, require_roles
from wms_module.services import wave_progress, waves
from wms_module.services.deadlocks import retry_on_deadlock


def _names(value: list[str] | str | None, arg: str) -> list[str] | None:
	"""A list of names sent as a JSON array (what frappe.call and form posts send), a list, or one name."""
	if value is None or isinstance(value, list):
		return value
	text = value.strip()
	if not text:
		return None
	if not text.startswith("["):
		return [text]
	try:
		parsed = frappe.parse_json(text)
	except ValueError:
		parsed = None
	if not isinstance(parsed, list) or not all(isinstance(x, str) for x in parsed):
		frappe.throw(frappe._("{0} must be a JSON list of names, got {1}").format(arg, text))
	return parsed


@frappe.whitelist(methods=["POST"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR)
@retry_on_deadlock
def create(
	warehouse: str,
	sales_orders: list[str] | str | None = None,
	delivery_date_cutoff: str | None = None,
	picking_mode: str = "Cluster",
	plan: bool = True,
) -> dict:
	"""A wave of the given Sales Orders, or (no orders given) of those due by the cut-off; planned at once.

	``sales_orders``: a JSON array of names (form post or JSON body) or one name."""
	sales_orders = _names(sales_orders, "sales_orders")
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
@retry_on_deadlock
def plan(wave: str) -> dict:
	"""Plan (or re-plan) a Draft or Planned wave: gather its open pick tasks, batch them into tours and
	route each tour; answers the Planned wave."""
	return waves.plan_wave(wave_name=wave).as_dict()


@frappe.whitelist(methods=["POST"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR)
@retry_on_deadlock
def release(wave: str, operators: list[str] | str | None = None) -> dict:
	"""Release a planned wave: tours to ``operators`` (a JSON array of users, or one user)
	round-robin, or queued when none are given."""
	operators = _names(operators, "operators")
	return waves.release_wave(wave_name=wave, operators=operators).as_dict()


@frappe.whitelist(methods=["GET"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR)
def operators(txt: str | None = None) -> list[dict]:
	"""The users a wave may be released to: enabled, holding WMS Operator; ``txt`` narrows to those
	whose user name or full name contains it. Each as ``{"value": user, "description": full name}``
	(what the desk's MultiSelectList shows), by user name, at most 100."""
	return [{"value": u.name, "description": u.full_name or ""} for u in waves.wave_operators(txt=txt)]


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES)
def progress(wave: str) -> dict:
	"""The wave's progress: wave, status, total/done/open_lines (ints), total/picked_qty,
	percent_lines, percent_units; the same shape as ``wave_progress`` in a pick confirmation."""
	p = wave_progress.progress_of(wave)
	if p.status is None:
		frappe.throw(frappe._("Pick Wave {0} does not exist").format(wave), frappe.DoesNotExistError)
	return dict(p)
