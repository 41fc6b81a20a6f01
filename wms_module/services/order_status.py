"""A Sales Order put On Hold, Closed, resumed or re-opened in ERPNext: its Pick tasks follow.

Hold and Close stop the order on the floor (``stop_sales_order``):

- Pick tasks not started (Open / Assigned / In Progress with nothing picked) are Cancelled
  with the reason, and the Bin Stock they held is released (``tasks.cancel_tasks``, as for
  a cancelled order): another order can have those units at once.
- A task already partly picked ends in Exception at what was picked (``short_qty`` = the
  rest, its allocation released, the reason says where it stopped); what it picked is in
  the staging bin like any finished pick.
- The order's shortage records (Exception tasks without a bin) are Cancelled: nothing is
  missing for an order that is not to ship now (a resume recomputes them).
- Waves: the order leaves every wave not yet released (Draft / Planned): its row goes, its
  tasks leave the wave, a Planned wave is planned again over its other orders (tours, totes,
  routes, progress) or, with none left to pick, goes back to Draft without tours. A released
  wave keeps the order's row (it was handed out with it); its progress is refreshed, the
  cancelled tasks no longer count.
- Picked stock (finished picks on no Delivery Note, in the staging bin): On Hold, it waits in
  staging for the order to resume (it ships with the order's Delivery Note). Closed, the
  order will not ship, so a Putaway task per pick takes it back from staging to the bin it
  came from, the same return a cancelled order gets (``allocation.release_sales_order``);
  the task stays Open for the floor to do (or a supervisor to cancel). Picks on a draft
  Delivery Note stay with that Delivery Note (ERPNext refuses to submit it for a Closed
  order; cancelling or deleting it frees them).

Resume / Re-open (``resume_sales_order``): the return Putaway tasks not done are Cancelled
(the staged stock is the order's again) and the order is allocated again
(``allocation.allocate_sales_order``, which only adds what the order still lacks).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import frappe
from frappe import _
from frappe.utils import flt, now_datetime

from wms_module.core.bins import EPSILON
from wms_module.core.tasks import TaskStatus, TaskType
from wms_module.core.waves import UNRELEASED, WaveStatus
from wms_module.erp import SALES_ORDER
from wms_module.services import allocation
from wms_module.services import shortages as shortage_records
from wms_module.services import tasks as task_service
from wms_module.services.delivery import picked_undelivered
from wms_module.services.outbound_settings import ON_SUBMIT, OutboundSettings, get_outbound_settings
from wms_module.services.wave_progress import progress_of, set_progress
from wms_module.services.waves import plan_wave

ON_HOLD, CLOSED = allocation.STOPPED_ORDER_STATUSES
STOPPED_STATUSES = allocation.STOPPED_ORDER_STATUSES


@dataclass
class StopSummary:
	status: str
	cancelled: list[str] = field(default_factory=list)
	"""Pick tasks cancelled before anything was picked."""
	stopped: list[str] = field(default_factory=list)
	"""Pick tasks ended in Exception at what they had picked."""
	staged_qty: float = 0.0
	"""Units picked for the order and waiting in staging (on no Delivery Note)."""
	returns: list[str] = field(default_factory=list)
	"""Putaway tasks taking staged stock back to its bins (Closed only)."""
	waves_left: list[str] = field(default_factory=list)
	"""Unreleased waves the order was taken off."""

	def notify(self) -> None:
		if not (self.cancelled or self.stopped or self.staged_qty or self.waves_left):
			return
		lines = [_("{0} pick tasks cancelled and their bin allocations released").format(len(self.cancelled))]
		if self.stopped:
			lines.append(_("{0} partly picked tasks stopped at what was picked").format(len(self.stopped)))
		if self.waves_left:
			lines.append(_("Taken off Pick Wave {0}").format(", ".join(self.waves_left)))
		if self.staged_qty > EPSILON:
			if self.returns:
				lines.append(
					_("{0} units already picked: {1} Putaway tasks take them back from staging").format(
						f"{self.staged_qty:g}", len(self.returns)
					)
				)
			else:
				lines.append(
					_("{0} units already picked wait in staging until the order is resumed").format(
						f"{self.staged_qty:g}"
					)
				)
		frappe.msgprint(
			"<br>".join(lines), title=_("Warehouse: order {0}").format(self.status), indicator="orange"
		)

	def as_dict(self) -> dict:
		return asdict(self)


def stop_reason(sales_order: str, status: str) -> str:
	if status == ON_HOLD:
		return _("Sales Order {0} was put On Hold").format(sales_order)
	return _("Sales Order {0} was Closed").format(sales_order)


def stop_sales_order(*, sales_order, status: str) -> StopSummary:
	"""Release what the order holds on the floor because it is On Hold or Closed (see the module doc).

	Safe to call again: a second call finds nothing active and makes no second return.
	"""
	if status not in STOPPED_STATUSES:
		frappe.throw(
			_("Sales Order status {0} does not stop picking; expected one of {1}").format(
				status, ", ".join(STOPPED_STATUSES)
			)
		)
	name = sales_order.name
	reason = stop_reason(name, status)
	tasks = task_service.tasks_of(SALES_ORDER, name)
	summary = StopSummary(status)
	picks = [t for t in tasks if t.task_type == TaskType.PICK.value]
	active = [t for t in picks if t.status in task_service.ACTIVE_STATUSES]
	unstarted = [t for t in active if flt(t.picked_qty) <= EPSILON]
	started = [t for t in active if flt(t.picked_qty) > EPSILON]

	task_service.cancel_tasks(unstarted, reason=reason)
	summary.cancelled = [t.name for t in unstarted]
	summary.stopped = end_started_picks(started, reason=reason)
	# change_status keeps these rows' status current for what follows
	shortages = shortage_records.cancel_shortage_records(picks, reason=reason)

	staged = picked_undelivered(picks)
	summary.staged_qty = sum(flt(t.picked_qty) for t in staged)
	if status == CLOSED:
		summary.returns = return_staged_stock(sales_order=name, staged=staged, tasks=tasks)

	summary.waves_left = take_off_unreleased_waves(name)
	allocation.refresh_waves_of(
		[t for t in picks if t.pick_wave not in summary.waves_left],
		{t.name for t in unstarted + started + shortages},
	)
	return summary


def end_started_picks(tasks, *, reason: str) -> list[str]:
	"""Partly picked tasks end in Exception at what they picked; the rest of their allocation is released."""
	if not tasks:
		return []
	task_service.release_allocations(
		(t.source_bin, t.item_code, t.batch_no, flt(t.qty) - flt(t.picked_qty)) for t in tasks
	)
	stopped = {
		t.name: {
			"short_qty": flt(t.qty) - flt(t.picked_qty),
			"exception_reason": _("{0}: stopped at {1} of {2} picked").format(
				reason, f"{flt(t.picked_qty):g}", f"{flt(t.qty):g}"
			),
		}
		for t in tasks
	}
	task_service.change_status(
		tasks, TaskStatus.EXCEPTION, {"completed_on": now_datetime()}, per_task=stopped
	)
	return [t.name for t in tasks]


def return_staged_stock(*, sales_order: str, staged, tasks) -> list[str]:
	"""One Putaway task per staged pick, staging -> the bin it was picked from (none while some are open)."""
	if any(t.task_type == TaskType.PUTAWAY.value and t.status in task_service.ACTIVE_STATUSES for t in tasks):
		return []
	returns = [
		task_service.putaway_back(t, reference_doctype=SALES_ORDER, reference_name=sales_order)
		for t in staged
		if t.source_bin
	]
	return task_service.insert_tasks(returns)


def take_off_unreleased_waves(sales_order: str) -> list[str]:
	"""Remove the order from its Draft / Planned waves; a Planned wave is planned again without it.

	One query for an order on no such wave.
	"""
	waves = [
		r.parent
		for r in frappe.db.sql(
			"""select distinct pwo.parent from `tabPick Wave Order` pwo
			inner join `tabPick Wave` pw on pw.name = pwo.parent
			where pwo.parenttype='Pick Wave' and pwo.parentfield='orders' and pwo.sales_order=%s
				and pw.status in %s
			order by pwo.parent""",
			(sales_order, UNRELEASED),
			as_dict=True,
		)
	]
	for wave_name in waves:
		take_off_wave(wave_name, sales_order)
	return waves


def take_off_wave(wave_name: str, sales_order: str) -> None:
	wave = frappe.get_doc("Pick Wave", wave_name, for_update=True)
	wave.set("orders", [r for r in wave.orders if r.sales_order != sales_order])
	frappe.db.sql(
		"""update `tabWarehouse Task` set pick_wave=NULL, tour=0, sequence=0, tote=NULL
		where pick_wave=%s and reference_doctype=%s and reference_name=%s""",
		(wave_name, SALES_ORDER, sales_order),
	)
	if wave.status == WaveStatus.PLANNED.value:
		progress = progress_of(wave_name)
		if wave.orders and progress.open_lines:
			wave.save(ignore_permissions=True)
			plan_wave(wave_name=wave_name)
			return
		# nothing on the wave is left to pick: it goes back to be planned (or deleted)
		wave.status = WaveStatus.DRAFT.value
		wave.set("tours", [])
		set_progress(wave, progress)
	wave.save(ignore_permissions=True)


def resume_sales_order(*, sales_order, settings: OutboundSettings | None = None):
	"""The order is open again: cancel its unfinished return Putaway tasks, then allocate what it lacks.

	Allocates when WMS Settings create Pick tasks on submit or the order already had Pick tasks
	(as ``events.sales_order.on_update_after_submit`` does). Returns the AllocationSummary.
	"""
	settings = settings or get_outbound_settings()
	tasks = task_service.tasks_of(SALES_ORDER, sales_order.name)
	returns = [
		t
		for t in tasks
		if t.task_type == TaskType.PUTAWAY.value
		and t.status in task_service.ACTIVE_STATUSES
		and flt(t.picked_qty) <= EPSILON
	]
	task_service.cancel_tasks(
		returns,
		reason=_("Sales Order {0} was re-opened: the picked stock ships with it").format(sales_order.name),
	)
	if settings.pick_task_creation == ON_SUBMIT or any(t.task_type == TaskType.PICK.value for t in tasks):
		return allocation.allocate_sales_order(sales_order=sales_order, settings=settings)
	return allocation.AllocationSummary()
