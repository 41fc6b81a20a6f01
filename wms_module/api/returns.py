"""Returns endpoints: the inspector's decision on a returned line (services/returns.py)."""

import frappe

from wms_module.roles import WMS_ROLES, require_roles
from wms_module.services import returns
from wms_module.services.deadlocks import retry_on_deadlock


@frappe.whitelist(methods=["POST"])
@require_roles(*WMS_ROLES)
@retry_on_deadlock
def inspect(
	task: str, decision: str, qty: float, reason: str | None = None, to_bin: str | None = None
) -> dict:
	"""Decide ``qty`` of an Inspect task (a Sales Return's line waiting in the returns bin).

	``decision``: ``restock`` (Putaway tasks back to storage: the Pick or Reserve bin ``to_bin``, else
	where directed putaway puts them), ``quarantine`` (Putaway tasks to the Quarantine bin ``to_bin``,
	else where directed putaway puts a line on QC hold) or ``scrap`` (an ERPNext Stock Entry, Material
	Issue, from the returns bin; WMS Supervisor or Manager only). Part of a task may be decided at a
	time (2 restocked, then 1 scrapped); the answer gives the task's ``status`` (In Progress, then
	Done), ``decided_qty``, ``remaining_qty`` and the ``putaway_tasks`` or ``stock_entry`` made. A qty
	above what is left, an unknown decision, a bin of the wrong zone or no bin with room is refused
	(HTTP 417) naming what was expected.
	"""
	return returns.decide_inspection(
		returns.InspectionDecision(task, decision, qty, reason, to_bin)
	).as_dict()
