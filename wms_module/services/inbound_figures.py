"""The figures behind the WMS workspace's Inbound section: receipts waiting for putaway and the
putaway backlog by age (Custom Number Cards and a Custom Dashboard Chart, as services/floor_cards.py
explains). Each is one query on Warehouse Task's (task_type, status) rows that are still open, for
the warehouses the user may see (services.floor.visible_warehouses)."""

from __future__ import annotations

from datetime import datetime, timedelta

import frappe
from frappe.utils import cint, flt, now_datetime

from wms_module.core.tasks import TaskType
from wms_module.services.floor import in_scope, visible_warehouses
from wms_module.services.tasks import ACTIVE_STATUSES

RECEIPT = "Purchase Receipt"
AGE_BUCKETS = (("under 1 h", 0), ("1-4 h", 1), ("4-24 h", 4), ("over 1 day", 24))
"""(label, from hours): a task belongs to the last bucket whose age it has reached."""
BACKLOG_CARD_HOURS = 4


def _open_putaway(warehouses, extra: str = "", values: dict | None = None):
	return frappe.db.sql(
		f"""select t.reference_doctype, t.reference_name, t.creation, t.qty, t.picked_qty
		from `tabWarehouse Task` t
		where t.task_type = %(putaway)s and t.status in %(active)s {in_scope(warehouses)} {extra}""",
		{
			"putaway": TaskType.PUTAWAY.value,
			"active": ACTIVE_STATUSES,
			"warehouses": tuple(warehouses or ()),
			**(values or {}),
		},
		as_dict=True,
	)


def receipts_waiting(warehouses=None) -> int:
	"""Submitted Purchase Receipts with open Putaway tasks."""
	warehouses = warehouses if warehouses is not None else visible_warehouses()
	rows = _open_putaway(warehouses, "and t.reference_doctype = %(receipt)s", {"receipt": RECEIPT})
	return len({r.reference_name for r in rows})


def backlog_older_than(hours: float, now: datetime | None = None, warehouses=None) -> int:
	"""Open Putaway tasks created more than ``hours`` ago."""
	cutoff = (now or now_datetime()) - timedelta(hours=hours)
	warehouses = warehouses if warehouses is not None else visible_warehouses()
	return len(_open_putaway(warehouses, "and t.creation <= %(cutoff)s", {"cutoff": cutoff}))


def backlog_by_age(now: datetime | None = None, warehouses=None) -> dict:
	"""Frappe chart data: open Putaway tasks and the units they still bring, by age bucket."""
	now = now or now_datetime()
	warehouses = warehouses if warehouses is not None else visible_warehouses()
	tasks = [0] * len(AGE_BUCKETS)
	units = [0.0] * len(AGE_BUCKETS)
	for r in _open_putaway(warehouses):
		age_h = (now - r.creation).total_seconds() / 3600
		i = max(i for i, (_label, start) in enumerate(AGE_BUCKETS) if age_h >= start or i == 0)
		tasks[i] += 1
		units[i] += flt(r.qty) - flt(r.picked_qty)
	return {
		"labels": [label for label, _start in AGE_BUCKETS],
		"datasets": [
			{"name": frappe._("Putaway tasks"), "values": tasks},
			{"name": frappe._("Units"), "values": [cint(u) if u == int(u) else u for u in units]},
		],
		"type": "bar",
	}
