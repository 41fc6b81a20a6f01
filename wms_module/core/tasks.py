"""Warehouse task lifecycle and pick-confirmation checks (no frappe).

A task moves ``Open -> Assigned -> In Progress -> Done``; it may be
``Cancelled`` or end in ``Exception`` (with a reason) from any active state. ``Open`` and
``Assigned`` may also jump straight to ``Done`` (a one-scan confirmation) and ``Assigned`` may go
back to ``Open`` (unassigned). A count outside tolerance waits in ``Awaiting Approval``: a
supervisor approves it (``Done``), orders a recount (``Open`` / ``Assigned``) or it is cancelled.
An ``Exception`` task picks nothing more; only its order's cancel closes it (``Cancelled``).
``Done`` and ``Cancelled`` are final.

>>> check_transition("T-1", TaskStatus.OPEN, TaskStatus.DONE)
>>> check_transition("T-1", TaskStatus.DONE, TaskStatus.OPEN)
Traceback (most recent call last):
...
wms_module.core.errors.InvalidInput: Task 'T-1' is Done; it cannot become Open (a Done task is final)
>>> check_pick_qty("T-1", requested=4, already=1, confirmed=3, short=False)
>>> check_pick_qty("T-1", requested=4, already=1, confirmed=4, short=False)
Traceback (most recent call last):
...
wms_module.core.errors.InvalidInput: Task 'T-1' has 3 left to pick; 4 is an over-pick
"""

from __future__ import annotations

from enum import Enum

from wms_module.core.bins import EPSILON
from wms_module.core.errors import InvalidInput


class TaskType(str, Enum):
	"""Warehouse Task.task_type (the doctype's options, in order)."""

	PICK = "Pick"
	PUTAWAY = "Putaway"
	MOVE = "Move"
	REPLENISH = "Replenish"
	COUNT = "Count"
	INSPECT = "Inspect"


class TaskStatus(str, Enum):
	"""Warehouse Task.status (the doctype's options, in order)."""

	OPEN = "Open"
	ASSIGNED = "Assigned"
	IN_PROGRESS = "In Progress"
	AWAITING_APPROVAL = "Awaiting Approval"
	DONE = "Done"
	CANCELLED = "Cancelled"
	EXCEPTION = "Exception"


FINAL = frozenset({TaskStatus.DONE, TaskStatus.CANCELLED})
"""States a task never leaves."""

ACTIVE = frozenset({TaskStatus.OPEN, TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS})
"""States in which a task still holds its allocation."""

_ENDINGS = frozenset(
	{TaskStatus.DONE, TaskStatus.CANCELLED, TaskStatus.EXCEPTION, TaskStatus.AWAITING_APPROVAL}
)
TRANSITIONS: dict[TaskStatus, frozenset[TaskStatus]] = {
	TaskStatus.OPEN: _ENDINGS | {TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS},
	TaskStatus.ASSIGNED: _ENDINGS | {TaskStatus.OPEN, TaskStatus.IN_PROGRESS},
	TaskStatus.IN_PROGRESS: _ENDINGS,
	TaskStatus.AWAITING_APPROVAL: frozenset(
		{TaskStatus.DONE, TaskStatus.OPEN, TaskStatus.ASSIGNED, TaskStatus.CANCELLED}
	),
	TaskStatus.DONE: frozenset(),
	TaskStatus.CANCELLED: frozenset(),
	TaskStatus.EXCEPTION: frozenset({TaskStatus.CANCELLED}),
}


def check_transition(task: str, current: TaskStatus | str, new: TaskStatus | str) -> None:
	"""Raise InvalidInput unless a task in ``current`` may become ``new``."""
	current, new = TaskStatus(current), TaskStatus(new)
	if new in TRANSITIONS[current]:
		return
	why = (
		f"a {current.value} task is final"
		if current in FINAL
		else f"allowed: {', '.join(s.value for s in TaskStatus if s in TRANSITIONS[current])}"
	)
	raise InvalidInput(f"Task {task!r} is {current.value}; it cannot become {new.value} ({why})")


def check_pick_qty(task: str, *, requested: float, already: float, confirmed: float, short: bool) -> None:
	"""A confirmation of ``confirmed`` units is positive and never more than what is left.

	``short`` marks a confirmation of less than what is left as the last one (the bin
	holds no more); without it, confirming less leaves the task open for the rest.
	"""
	left = requested - already
	if confirmed < -EPSILON or (confirmed <= EPSILON and not short):
		raise InvalidInput(f"Task {task!r}: confirmed qty must be > 0, got {confirmed:g}")
	if confirmed > left + EPSILON:
		raise InvalidInput(f"Task {task!r} has {left:g} left to pick; {confirmed:g} is an over-pick")


def status_after_pick(*, requested: float, picked: float, short: bool) -> TaskStatus:
	"""Done when everything is picked; Exception when the operator reported the bin short."""
	if picked >= requested - EPSILON:
		return TaskStatus.DONE
	return TaskStatus.EXCEPTION if short else TaskStatus.IN_PROGRESS
