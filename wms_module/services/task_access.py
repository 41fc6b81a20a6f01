"""Who may work a task: the locked task row and the checks that it is open and the caller's.

Picking, counts and the handheld's scan checks all start here, so one operator's task is never
confirmed by another and a finished task is refused with the same words everywhere.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from wms_module.core.tasks import ACTIVE, TaskStatus, TaskType
from wms_module.core.waves import RELEASED
from wms_module.exceptions import CountNotAvailableError, TaskAssignedToOtherError, TaskNotAvailableError
from wms_module.roles import WMS_MANAGER, WMS_SUPERVISOR, has_any_role
from wms_module.services import tasks as task_service
from wms_module.services.rows import lock_row

AWAITING_APPROVAL = TaskStatus.AWAITING_APPROVAL.value
"""A Count task an operator counted outside tolerance, waiting for a supervisor."""


PICK_FIELDS = (
	"name task_type status warehouse item_code batch_no uom qty picked_qty short_qty source_bin destination_bin "
	"reference_doctype reference_name reference_detail pick_wave tour sequence tote assigned_to started_on zone "
	"delivery_date priority"
).split()
COUNT_FIELDS = (
	"name task_type status warehouse item_code batch_no qty source_bin exception_reason started_on assigned_to "
	"counted_qty book_qty_at_count counted_by counted_on reference_doctype zone"
).split()


def locked_row(name: str, fields: list[str]) -> frappe._dict:
	"""Warehouse Task ``name`` with ``fields``, its row locked until the transaction ends (404 unknown)."""
	return lock_row("Warehouse Task", name, fields)


def lock_task(name: str) -> frappe._dict:
	"""The Pick task row, locked (checked by ``check_task_open``)."""
	return locked_row(name, PICK_FIELDS)


WORK_OF = {
	TaskType.PICK: ("a pick", "pick"),
	TaskType.PUTAWAY: ("a putaway", "put away"),
	TaskType.INSPECT: ("an inspection", "inspect"),
}
"""For the refusals: what a task of each type is, and what is left to do on it (translated when
said, not at import, when the request's language is not known yet)."""


def check_open(task, task_type: TaskType, user: str | None = None) -> None:
	"""Refuse (TaskNotAvailableError) a task that is not a ``task_type`` task or not open any more,
	naming its type or status; with ``user``, refuse (TaskAssignedToOtherError) one assigned to
	someone else. The one wording for picks, putaways and inspections."""
	what, verb = (_(words) for words in WORK_OF[task_type])
	if task.task_type != task_type.value:
		frappe.throw(
			_("Warehouse Task {0} is a {1} task, not {2}").format(task.name, task.task_type, what),
			TaskNotAvailableError,
		)
	if task.status not in {s.value for s in ACTIVE}:
		frappe.throw(
			_("Warehouse Task {0} is {1}; there is nothing left to {2}").format(task.name, task.status, verb),
			TaskNotAvailableError,
			title=_("Task not open"),
		)
	if user and task.assigned_to and task.assigned_to != user:
		frappe.throw(
			_("Warehouse Task {0} is assigned to {1}; {2} cannot confirm it").format(
				task.name, task.assigned_to, user
			),
			TaskAssignedToOtherError,
		)


def check_task_open(task, user: str) -> None:
	"""A pick the caller may confirm: open, not someone else's, and, for an operator, on the floor
	(a wave released to it): an order not yet waved, or a wave still being planned, is nobody's
	work yet (``task_lists.my_tasks`` does not offer it). A supervisor may finish any open pick."""
	check_open(task, TaskType.PICK, user)
	if not has_any_role(WMS_SUPERVISOR, WMS_MANAGER, user=user):
		check_released(task, user)


def check_released(task, user: str) -> None:
	"""Refuse an operator a pick that is on no released wave (one query when it is on a wave)."""
	wave_status = frappe.db.get_value("Pick Wave", task.pick_wave, "status") if task.pick_wave else None
	if wave_status not in RELEASED:
		frappe.throw(
			_(
				"Warehouse Task {0} is not released to the floor yet ({1}); {2} can confirm it once its wave is"
				" released"
			).format(
				task.name,
				_("Pick Wave {0} is {1}").format(task.pick_wave, wave_status)
				if task.pick_wave
				else _("its order is on no wave"),
				user,
			),
			TaskNotAvailableError,
		)


def lock_count_task(name: str, *, statuses=task_service.ACTIVE_STATUSES) -> frappe._dict:
	"""The Count task row, locked; refused unless its status is one of ``statuses``."""
	t = locked_row(name, COUNT_FIELDS)
	check_count_status(t, statuses)
	return t


def check_count_status(t, statuses=task_service.ACTIVE_STATUSES) -> None:
	"""Refuse a task that is not a Count task in one of ``statuses``, saying what it is waiting for."""
	if t.task_type != TaskType.COUNT.value:
		frappe.throw(
			_("Warehouse Task {0} is a {1} task, not a count").format(t.name, t.task_type),
			CountNotAvailableError,
		)
	if t.status in statuses:
		return
	if t.status == AWAITING_APPROVAL:
		frappe.throw(
			_(
				"Count task {0} awaits a supervisor: {1} counted {2} (WMS Supervisor: approve it or order a recount)"
			).format(t.name, t.counted_by, f"{flt(t.counted_qty):g}"),
			CountNotAvailableError,
		)
	if AWAITING_APPROVAL in statuses and t.status in task_service.ACTIVE_STATUSES:
		frappe.throw(
			_("Count task {0} is {1}: no count awaits approval (an operator submits the count first)").format(
				t.name, t.status
			),
			CountNotAvailableError,
		)
	frappe.throw(
		_("Count task {0} is {1}; there is nothing left to count").format(t.name, t.status),
		CountNotAvailableError,
	)


def check_counter(t, user: str) -> None:
	"""Refuse ``user`` a Count task assigned to someone else (HTTP 403, as for a pick)."""
	if t.assigned_to and t.assigned_to != user:
		frappe.throw(
			_("Count task {0} is assigned to {1}; {2} cannot count it").format(t.name, t.assigned_to, user),
			TaskAssignedToOtherError,
		)
