"""``frappe.publish_realtime`` (frappe/frappe ``frappe/realtime.py``, v15) without socket.io.

Events are recorded in ``frappe.local.realtime_log`` (a list of dicts). Events published
with ``after_commit=True`` are recorded only when the transaction commits and dropped on
rollback, as in real Frappe.
"""

import frappe


def publish_realtime(
	event=None,
	message=None,
	room=None,
	user=None,
	doctype=None,
	docname=None,
	task_id=None,
	after_commit=False,
):
	"""Publish real-time updates (recorded for tests)."""
	if message is None:
		message = {}
	if event is None:
		event = "task_progress" if task_id else None
	record = frappe._dict(
		event=event, message=message, room=room, user=user, doctype=doctype, docname=docname, task_id=task_id
	)
	if after_commit:
		if not hasattr(frappe.local, "realtime_pending"):
			frappe.local.realtime_pending = []
		frappe.local.realtime_pending.append(record)
	else:
		_log().append(record)


def _log():
	if not hasattr(frappe.local, "realtime_log"):
		frappe.local.realtime_log = []
	return frappe.local.realtime_log


def flush_after_commit():
	pending = getattr(frappe.local, "realtime_pending", None)
	if pending:
		_log().extend(pending)
		frappe.local.realtime_pending = []


def discard_after_commit():
	if getattr(frappe.local, "realtime_pending", None):
		frappe.local.realtime_pending = []
