"""Blind counts through Frappe's own permission hooks (hooks.py ``permission_query_conditions`` and
``has_permission``): REST and the desk do not show an operator what a count is meant to find.

A Count task (``services.counts``) carries the book qty (``qty``) and names it in its reason ("the
books still show N"); Bin Stock holds ``on_hand_qty`` of the counted item. WMS Operators have read
permission on both doctypes, so ``/api/resource/Warehouse Task/<count>`` and ``/api/resource/Bin
Stock`` would tell them. For a *blind user* (WMS Operator, and neither WMS Supervisor, WMS Manager
nor System Manager; Administrator never):

- Warehouse Task: Count tasks not Done / Cancelled (open, or awaiting approval: a recount may
  follow) are left out of lists and refused by name;
- Bin Stock: the (storage_bin, item_code, batch_no) rows such a Count task holds are left out of
  lists and refused by name. Other items of the bin stay visible.

Once a count is posted (Done) or cancelled, both show again. Supervisors see everything.

Frappe v15 mechanics (frappe/model/db_query.py ``DatabaseQuery.get_permission_query_conditions``;
frappe/permissions.py ``has_controller_permissions``):

- a ``permission_query_conditions`` hook is called ``fn(user, doctype=...)`` by ``get_list``
  (REST lists, the desk's list and report views); its SQL is ANDed to the query. ``get_all``,
  ``frappe.db`` and raw SQL ignore it: the services (``services.task_lists.my_tasks``,
  ``api.bins.contents``, ...) read with those and keep their own blind rules.
- a ``has_permission`` hook is called ``fn(doc=, ptype=, user=, debug=)`` when a document is
  checked (``GET /api/resource/<doctype>/<name>`` checks "read"). In v15 the first hook answer
  that is not None decides: False denies, True ends the hook checks (role permissions still
  apply: a hook cannot grant), None passes to the next hook. In v16 any falsy answer denies.
  These hooks therefore always answer True or False, never None.
"""

from __future__ import annotations

import frappe

from wms_module.core.tasks import TaskStatus, TaskType
from wms_module.roles import WMS_MANAGER, WMS_OPERATOR, WMS_SUPERVISOR

COUNT = TaskType.COUNT.value
CLOSED_STATUSES = (TaskStatus.DONE.value, TaskStatus.CANCELLED.value)
"""A Count task in any other status (Open, Assigned, In Progress, Awaiting Approval) is blind."""
SEEING_ROLES = frozenset({WMS_SUPERVISOR, WMS_MANAGER, "System Manager"})


def is_blind(user: str | None = None) -> bool:
	"""``user`` (default: the session user) counts blind: a WMS Operator without a supervising role."""
	user = user or frappe.session.user
	if user == "Administrator":
		return False
	roles = set(frappe.get_roles(user))
	return WMS_OPERATOR in roles and not roles & SEEING_ROLES


def _closed_statuses_sql() -> str:
	return ", ".join(frappe.db.escape(s) for s in CLOSED_STATUSES)


def warehouse_task_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""``permission_query_conditions`` for Warehouse Task: a blind user's lists leave out open counts."""
	if not is_blind(user):
		return ""
	return (
		f"(coalesce(`tabWarehouse Task`.`task_type`, '') != {frappe.db.escape(COUNT)}"
		f" or `tabWarehouse Task`.`status` in ({_closed_statuses_sql()}))"
	)


def bin_stock_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""``permission_query_conditions`` for Bin Stock: a blind user's lists leave out the rows an open
	Count task holds (same bin, item and batch). A correlated NOT EXISTS on the task's bin and item,
	so each Bin Stock row costs one probe, not a join of all tasks."""
	if not is_blind(user):
		return ""
	return (
		"not exists (select 1 from `tabWarehouse Task` `wms_blind_count`"
		f" where `wms_blind_count`.`task_type` = {frappe.db.escape(COUNT)}"
		" and `wms_blind_count`.`source_bin` = `tabBin Stock`.`storage_bin`"
		" and `wms_blind_count`.`item_code` = `tabBin Stock`.`item_code`"
		" and coalesce(`wms_blind_count`.`batch_no`, '') = coalesce(`tabBin Stock`.`batch_no`, '')"
		f" and `wms_blind_count`.`status` not in ({_closed_statuses_sql()}))"
	)


def is_open_count(doc) -> bool:
	return doc.get("task_type") == COUNT and doc.get("status") not in CLOSED_STATUSES


def warehouse_task_has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	"""``has_permission`` for Warehouse Task: a blind user may not open an open Count task (any
	ptype: print and email show the qty too). True otherwise (role permissions still decide)."""
	if is_open_count(doc) and is_blind(user):
		return False
	return True


def held_by_open_count(storage_bin: str, item_code: str, batch_no: str | None) -> bool:
	"""An open Count task holds (storage_bin, item_code, batch_no). One query."""
	return bool(
		frappe.db.sql(
			"""select name from `tabWarehouse Task` where task_type=%s and source_bin=%s and item_code=%s
			and coalesce(batch_no, '')=%s and status not in %s limit 1""",
			(COUNT, storage_bin, item_code, batch_no or "", CLOSED_STATUSES),
		)
	)


def bin_stock_has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	"""``has_permission`` for Bin Stock: a blind user may not open a row an open Count task holds."""
	if is_blind(user) and held_by_open_count(
		doc.get("storage_bin"), doc.get("item_code"), doc.get("batch_no")
	):
		return False
	return True


# -- WMS Labor Log: an operator sees their own rows only ------------------------------------------

LABOR_LOG = "WMS Labor Log"
LABOR_SEEING_ROLES = frozenset({WMS_SUPERVISOR, WMS_MANAGER, "System Manager"})
"""Roles that see other operators' labour rows (supervisors still only of their warehouses)."""


def sees_only_own_labor(user: str | None = None) -> bool:
	"""``user`` sees only their own labour log rows: neither a supervisor, a manager nor a System
	Manager (Administrator sees all)."""
	user = user or frappe.session.user
	if user == "Administrator":
		return False
	return not set(frappe.get_roles(user)) & LABOR_SEEING_ROLES


def labor_log_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""``permission_query_conditions`` for WMS Labor Log (privacy, issue 15 part 5).

	- WMS Operator: only rows whose ``operator`` is the user.
	- WMS Supervisor: no condition here; Frappe's own User Permissions limit them to their
	warehouse(s). In v15 ``DatabaseQuery.build_match_conditions`` (frappe/model/db_query.py)
	calls ``add_user_permissions`` for a role with read permission: for every Link field of the
	doctype whose ``options`` has User Permissions for the user (here ``warehouse`` -> Warehouse)
	and that does not set ``ignore_user_permissions``, it ANDs
	``(ifnull(`warehouse`, '') = '' or `warehouse` in (<allowed>))`` to the list query
	(without the empty-value part when System Settings' ``apply_strict_user_permissions`` is
	on); ``frappe.permissions.has_user_permission`` refuses a single document the same way. The
	other Link fields (operator, employee, zone, task, wave) set ``ignore_user_permissions``, so
	the User Permission ERPNext gives every employee-user on their own Employee does not hide
	their team's rows.
	- WMS Manager, System Manager: everything (no condition; give them no Warehouse User Permission).
	"""
	user = user or frappe.session.user
	if not sees_only_own_labor(user):
		return ""
	return f"`tabWMS Labor Log`.`operator` = {frappe.db.escape(user)}"


def labor_log_has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	"""``has_permission`` for WMS Labor Log: an operator may open only their own rows."""
	user = user or frappe.session.user
	if sees_only_own_labor(user):
		return doc.get("operator") == user
	return True
