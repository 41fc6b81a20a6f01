"""What a Sales Order's lines still need picked, given the Pick tasks it already has; taking back
what an order edit made too much."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import flt, getdate, now_datetime

from wms_module import erp
from wms_module.core.bins import EPSILON
from wms_module.core.tasks import TaskStatus, TaskType
from wms_module.services import tasks as task_service


@dataclass(frozen=True)
class LineNeed:
	"""What one Sales Order line still needs picked (stock UOM; negative: too much is planned)."""

	detail: str
	item_code: str
	warehouse: str
	qty: float
	delivery_date: object = None


def pick_coverage(tasks) -> tuple[dict[tuple[str, str], float], dict[tuple[str, str], float]]:
	"""What Pick tasks cover, per (line, warehouse).

	Returns (qty held by active tasks plus what finished tasks picked that is on no Delivery
	Note yet; what finished tasks picked onto a Delivery Note, draft or submitted).
	"""
	held: dict[tuple[str, str], float] = defaultdict(float)
	on_delivery_note: dict[tuple[str, str], float] = defaultdict(float)
	for t in tasks:
		if t.task_type != TaskType.PICK.value:
			continue
		key = (t.reference_detail, t.warehouse)
		if t.status in task_service.ACTIVE_STATUSES:
			held[key] += flt(t.qty)
		elif t.status in (TaskStatus.DONE.value, TaskStatus.EXCEPTION.value):
			if t.delivery_note:
				on_delivery_note[key] += flt(t.picked_qty)
			else:
				held[key] += flt(t.picked_qty)
	return held, on_delivery_note


def committed_by_line(tasks) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
	"""What the order's Pick tasks already cover (``pick_coverage``), the Delivery Note part per line only."""
	free, on_delivery_note = pick_coverage(tasks)
	per_line: dict[str, float] = defaultdict(float)
	for (detail, _warehouse), qty in on_delivery_note.items():
		per_line[detail] += qty
	return free, per_line


def item_rows(item_codes) -> dict[str, frappe._dict]:
	"""Items with their stock UOM and whether that UOM counts whole units. One query."""
	codes = sorted(set(item_codes))
	if not codes:
		return {}
	rows = frappe.db.sql(
		"""select i.name, i.stock_uom, i.is_stock_item, i.has_batch_no, u.must_be_whole_number
		from `tabItem` i left join `tabUOM` u on u.name = i.stock_uom
		where i.name in %(items)s""",
		{"items": tuple(codes)},
		as_dict=True,
	)
	return {r.name: r for r in rows}


def delivery_dates(lines: list[erp.SalesOrderLine]) -> dict[str, object]:
	"""Each line's delivery date (the line's, else the order's), by Sales Order Item name."""
	return {line.detail: line.delivery_date for line in lines}


def line_needs(lines: list[erp.SalesOrderLine], tasks, items: dict) -> list[LineNeed]:
	"""Each stock line's qty (stock UOM) minus what is delivered or on a Delivery Note, minus what tasks hold.

	Delivered counts the larger of ERPNext's delivered qty and what the WMS picked onto
	Delivery Notes (a draft delivers nothing yet, a Delivery Note made by hand is not the
	WMS's). Tasks of a line that was removed, or whose warehouse was changed after
	submit, cover nothing any more: they get a negative need (taken back where not
	started) and the line's new warehouse is allocated in full.
	"""
	free, on_delivery_note = committed_by_line(tasks)
	wanted: dict[tuple[str, str], tuple[float, erp.SalesOrderLine]] = {}
	for line in lines:
		item = items.get(line.item_code)
		if not item or not item.is_stock_item or line.drop_ship or not line.warehouse:
			continue
		delivered = max(line.delivered, on_delivery_note.get(line.detail, 0.0))
		wanted[(line.detail, line.warehouse)] = (line.ordered - delivered, line)
	item_of_task = {(t.reference_detail, t.warehouse): t.item_code for t in tasks}
	needs = []
	for key in list(wanted) + sorted(k for k in free if k not in wanted):
		target, line = wanted.get(key, (0.0, None))
		need = target - free.get(key, 0.0)
		if abs(need) > EPSILON:
			item_code = line.item_code if line else item_of_task[key]
			needs.append(LineNeed(key[0], item_code, key[1], need, line.delivery_date if line else None))
	return needs


def reprioritise(lines: list[erp.SalesOrderLine], tasks) -> int:
	"""Carry changed delivery dates onto the order's active tasks (waves gather by them). Returns tasks moved.

	One UPDATE per distinct new date, none when nothing changed.
	"""
	dates = delivery_dates(lines)
	moved: dict[object, list[str]] = defaultdict(list)
	for t in tasks:
		if t.status not in task_service.ACTIVE_STATUSES or t.reference_detail not in dates:
			continue
		new = dates[t.reference_detail]
		new = getdate(new) if new else None
		if new != (getdate(t.delivery_date) if t.delivery_date else None):
			moved[new].append(t.name)
	for new, names in sorted(moved.items(), key=lambda kv: str(kv[0])):
		frappe.db.sql(
			"update `tabWarehouse Task` set delivery_date=%s, modified=%s, modified_by=%s where name in %s",
			(new, now_datetime(), frappe.session.user, tuple(names)),
		)
	return sum(len(v) for v in moved.values())


def reduce_lines(needs: list[LineNeed], tasks) -> float:
	"""Take back negative ``needs`` from unstarted tasks of the line, newest first. Returns the qty taken.

	Whole tasks are cancelled together, partly reduced ones lowered in one UPDATE: a
	constant number of queries for any number of lines.
	"""
	taken_total = 0.0
	cancel, lowered, released = [], {}, []
	for need in (n for n in needs if n.qty < -EPSILON):
		excess = -need.qty
		unstarted = [
			t
			for t in tasks
			if t.reference_detail == need.detail
			and t.warehouse == need.warehouse
			and t.task_type == TaskType.PICK.value
			and t.status in (TaskStatus.OPEN.value, TaskStatus.ASSIGNED.value)
			and not flt(t.picked_qty)
		]
		for t in reversed(unstarted):
			if excess <= EPSILON:
				break
			take = min(excess, flt(t.qty))
			if take >= flt(t.qty) - EPSILON:
				cancel.append(t)
			else:
				released.append((t.source_bin, t.item_code, t.batch_no, take))
				lowered[t.name] = {"qty": flt(t.qty) - take}
			excess -= take
			taken_total += take
	task_service.cancel_tasks(cancel, reason=_("Sales Order quantity reduced"))
	task_service.release_allocations(released)
	task_service.update_rows("Warehouse Task", lowered)
	return taken_total
