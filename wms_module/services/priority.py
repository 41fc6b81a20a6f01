"""Order priority: the Sales Order's Pick Priority (Custom Field ``wms_priority``) on its Pick tasks.

ERPNext v15's Sales Order has no priority field, so the app adds ``Sales Order.wms_priority``
(Select Normal / High / Urgent, default Normal, Allow on Submit; see ``wms_module.install``).
Warehouse Task.priority is an Int ("higher goes first"): a task gets its order's rank when it
is created, and when the order's priority changes after submit (``on_update_after_submit``)
the order's open tasks take the new rank in ONE UPDATE. "By Delivery Date" waves gather the
highest priority first, then the earliest delivery date (``services.wave_gathering.unwaved_tasks``).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import now_datetime

from wms_module.core.tasks import TaskType
from wms_module.services.tasks import ACTIVE_STATUSES

ORDER_PRIORITY_FIELD = "wms_priority"
ORDER_PRIORITIES = ("Normal", "High", "Urgent")
"""The Select options, lowest first; a task's priority is the option's index (Normal = 0)."""
DEFAULT_PRIORITY = ORDER_PRIORITIES[0]


def rank(value) -> int:
	"""The task priority of a Pick Priority option; blank (a site without the field) is Normal."""
	if not value:
		return 0
	if value not in ORDER_PRIORITIES:
		frappe.throw(_("Pick Priority {0!r} is not one of {1}").format(value, ", ".join(ORDER_PRIORITIES)))
	return ORDER_PRIORITIES.index(value)


def option(value: int) -> str:
	"""The Pick Priority option of a task priority (clamped to the options)."""
	return ORDER_PRIORITIES[max(0, min(int(value or 0), len(ORDER_PRIORITIES) - 1))]


def order_priority(sales_order) -> int:
	"""The task priority of a Sales Order document (its ``wms_priority``)."""
	return rank(sales_order.get(ORDER_PRIORITY_FIELD))


def refresh_task_priority(sales_order, tasks) -> int:
	"""Give the order's open (active) Pick tasks (of ``tasks``) the order's current priority. Returns tasks changed.

	One UPDATE for any number of tasks; none when every open task already has it.
	"""
	wanted = order_priority(sales_order)
	stale = tuple(
		t.name
		for t in tasks
		if t.task_type == TaskType.PICK.value
		and t.status in ACTIVE_STATUSES
		and int(t.priority or 0) != wanted
	)
	if stale:
		frappe.db.sql(
			"update `tabWarehouse Task` set priority=%s, modified=%s, modified_by=%s where name in %s",
			(wanted, now_datetime(), frappe.session.user, stale),
		)
	return len(stale)
