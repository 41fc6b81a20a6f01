"""What follows a short pick: the remainder re-allocated from other bins, supervisors told of
what no bin could cover."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification

from wms_module.core.tasks import TaskStatus
from wms_module.roles import WMS_SUPERVISOR
from wms_module.services.allocation import allocate_lines
from wms_module.services.order_lines import LineNeed, item_rows
from wms_module.services.outbound_settings import get_outbound_settings
from wms_module.services.tours import place_in_tour


def reallocate_remainder(t, short_qty: float) -> tuple[list[str], float]:
	"""Allocate what a short pick left from other bins, onto the same wave / tour / operator, each
	new task placed in the tour's walking order (``tours.place_in_tour``).

	Returns (the new Pick tasks, the qty no other bin could cover: the line is short by that).
	"""
	need = LineNeed(t.reference_detail, t.item_code, t.warehouse, short_qty, t.delivery_date)
	summary = allocate_lines(
		[need],
		reference_doctype=t.reference_doctype,
		reference_name=t.reference_name,
		items=item_rows([t.item_code]),
		settings=get_outbound_settings(),
		exclude_bins=[t.source_bin],
		extra={
			"pick_wave": t.pick_wave,
			"tour": t.tour or 0,
			"tote": t.tote,
			"assigned_to": t.assigned_to,
			"status": TaskStatus.ASSIGNED.value if t.assigned_to else TaskStatus.OPEN.value,
			"sequence": int(t.sequence or 0),
			"priority": t.priority or 0,
		},
	)
	place_in_tour(t, summary.tasks)
	return summary.tasks, summary.short_qty


def stops_of(task_names: list[str]) -> list[dict]:
	"""[{task, bin_code, qty, sequence}] of Pick tasks, in walking order: what the handheld names
	after a short pick ("now 2 from C-07"). One query, none without tasks."""
	if not task_names:
		return []
	return frappe.db.sql(
		"""select t.name as task, coalesce(b.bin_code, t.source_bin) as bin_code, t.qty, t.sequence
		from `tabWarehouse Task` t left join `tabStorage Bin` b on b.name = t.source_bin
		where t.name in %s order by t.sequence asc, t.name asc""",
		(tuple(task_names),),
		as_dict=True,
	)


SHORT_PICK_EVENT = "wms_short_pick"


def supervisors() -> list[str]:
	"""Enabled users with the WMS Supervisor role. One query."""
	return [
		r[0]
		for r in frappe.db.sql(
			"""select distinct hr.parent from `tabHas Role` hr inner join `tabUser` u on u.name = hr.parent
			where hr.role=%s and hr.parenttype='User' and u.enabled=1 order by hr.parent""",
			(WMS_SUPERVISOR,),
		)
	]


def notify_supervisors(t, *, short_qty: float, reason: str | None) -> list[str]:
	"""Tell every enabled WMS Supervisor that an order line is short: an entry in their desk's
	notifications (Notification Log, an Alert on the Sales Order) and a realtime event for a page
	that is open, both once the confirmation commits.

	The short line also stays visible as Exception tasks (``api.picking.shortages``).
	Returns the users told.
	"""
	users = supervisors()
	message = {
		"sales_order": t.reference_name,
		"so_detail": t.reference_detail,
		"item_code": t.item_code,
		"short_qty": short_qty,
		"task": t.name,
		"pick_wave": t.pick_wave,
		"reason": reason,
		"message": _("Sales Order {0}: {1} x {2} short, no other bin holds it ({3})").format(
			t.reference_name, short_qty, t.item_code, reason
		),
	}
	for user in users:
		frappe.publish_realtime(SHORT_PICK_EVENT, message, user=user, after_commit=True)
	if users:
		enqueue_create_notification(
			users,
			{
				"type": "Alert",
				"subject": message["message"],
				"email_content": reason,
				"document_type": t.reference_doctype,
				"document_name": t.reference_name,
				"from_user": frappe.session.user,
			},
		)
	return users
