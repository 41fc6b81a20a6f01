"""How far a Pick Wave is: its lines and units picked, and its status moved on to In Progress and
Completed as its tasks finish; the delivery dates of its orders kept current."""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe.utils import cint, flt, getdate, now_datetime

from wms_module.core.tasks import TaskStatus, TaskType
from wms_module.core.waves import RELEASED, WaveStatus
from wms_module.services.order_lines import delivery_dates


def refresh_order_delivery_dates(sales_order: str, lines: list, tasks) -> list[str]:
	"""Show the order's current delivery date on the waves it is on. Returns the waves changed.

	A Pick Wave Order row carries the earliest delivery date of the order's tasks on that
	wave (see ``plan_wave``). When the Sales Order's dates change after submit, the row
	takes the earliest current date of those tasks' lines. No query for an order on no
	wave; else one read of its wave rows and, only where a date differs, one UPDATE per
	wave plus one for the waves' ``modified`` (a form opened before sees it changed).
	"""
	dates = delivery_dates(lines)
	wanted: dict[str, list] = defaultdict(list)
	for t in tasks:
		if (
			not t.get("pick_wave")
			or t.task_type != TaskType.PICK.value
			or t.status == TaskStatus.CANCELLED.value
		):
			continue
		date = dates.get(t.reference_detail) or t.delivery_date
		wanted[t.pick_wave].append(getdate(date) if date else None)
	if not wanted:
		return []
	shown = {
		r.parent: (getdate(r.delivery_date) if r.delivery_date else None)
		for r in frappe.db.sql(
			"""select parent, delivery_date from `tabPick Wave Order`
			where parenttype='Pick Wave' and parentfield='orders' and sales_order=%s and parent in %s""",
			(sales_order, tuple(sorted(wanted))),
			as_dict=True,
		)
	}
	changed = []
	for wave in sorted(shown):
		earliest = min((d for d in wanted[wave] if d), default=None)
		if earliest == shown[wave]:
			continue
		frappe.db.sql(
			"""update `tabPick Wave Order` set delivery_date=%s
			where parenttype='Pick Wave' and parentfield='orders' and parent=%s and sales_order=%s""",
			(earliest, wave, sales_order),
		)
		changed.append(wave)
	if changed:
		frappe.db.sql(
			"update `tabPick Wave` set modified=%s, modified_by=%s where name in %s",
			(now_datetime(), frappe.session.user, tuple(changed)),
		)
	return changed


PROGRESS_COUNTS = ("total_lines", "done_lines", "open_lines")
PROGRESS_QTYS = ("total_qty", "picked_qty")
WAVE_PROGRESS_FIELDS = ("total_lines", "done_lines", *PROGRESS_QTYS, "percent_lines", "percent_units")
"""The Pick Wave fields that show its progress (open_lines is computed, not stored)."""


def progress_of(wave_name: str) -> frappe._dict:
	"""The wave's progress, in the one shape every answer uses. One query.

	``{"wave", "status", "total_lines", "done_lines", "open_lines", "total_qty", "picked_qty",
	"percent_lines", "percent_units"}``: the line counts are ints, the rest floats; ``status``
	is None for a wave that does not exist.

	A line is an order line (``reference_detail``), counted once however many tasks it has on
	the wave (split over bins, or re-issued after a short pick); it is done when none of its
	tasks is still open. A short-picked task's short qty is not counted in ``total_qty``:
	confirm_pick re-issued it as new tasks (another bin, or a shortage task without a bin),
	which count it once. Shortage tasks (no source bin) keep their qty, so a wave with an
	uncovered shortage stays below 100 % of units.
	"""
	row = frappe.db.sql(
		"""select count(*) as total_lines,
			sum(case when open_tasks = 0 then 1 else 0 end) as done_lines,
			sum(case when open_tasks > 0 then 1 else 0 end) as open_lines,
			sum(line_qty) as total_qty,
			sum(line_picked) as picked_qty,
			(select w.status from `tabPick Wave` w where w.name=%(wave)s) as wave_status
		from (
			select coalesce(reference_detail, name) as line,
				sum(case when status in ('Open', 'Assigned', 'In Progress') then 1 else 0 end) as open_tasks,
				sum(qty - case when source_bin is not null and source_bin != ''
					then coalesce(short_qty, 0) else 0 end) as line_qty,
				sum(picked_qty) as line_picked
			from `tabWarehouse Task` where pick_wave=%(wave)s and task_type=%(pick)s and status != %(cancelled)s
			group by coalesce(reference_detail, name)
		) wave_lines""",
		{"wave": wave_name, "pick": TaskType.PICK.value, "cancelled": TaskStatus.CANCELLED.value},
		as_dict=True,
	)[0]
	p = frappe._dict(wave=wave_name, status=row.wave_status)
	p.update({k: cint(row[k]) for k in PROGRESS_COUNTS})
	p.update({k: flt(row[k]) for k in PROGRESS_QTYS})
	p.percent_lines = 100.0 * p.done_lines / p.total_lines if p.total_lines else 0.0
	p.percent_units = 100.0 * p.picked_qty / p.total_qty if p.total_qty else 0.0
	return p


def set_progress(wave, p) -> None:
	"""The wave document's progress fields from ``progress_of``."""
	for field in WAVE_PROGRESS_FIELDS:
		setattr(wave, field, p[field])


def update_wave_progress(wave_name: str) -> frappe._dict:
	"""Refresh % lines / % units and move a released wave to In Progress / Completed. Two queries.

	Returns the progress (``progress_of``'s shape) with the wave's new status."""
	p = progress_of(wave_name)
	values = {
		k: p[k]
		for k in ("total_lines", "done_lines", "total_qty", "picked_qty", "percent_lines", "percent_units")
	}
	if p.status in RELEASED:
		if not p.open_lines:
			values["status"] = WaveStatus.COMPLETED.value
		elif p.done_lines or p.picked_qty:
			values["status"] = WaveStatus.IN_PROGRESS.value
	frappe.db.set_value("Pick Wave", wave_name, values)
	p.status = values.get("status", p.status)
	return p
