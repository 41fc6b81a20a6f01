"""The supervisor's floor view (``api.supervisor.floor``, the page /wms/supervisor): open work by
zone and age, each operator's current task and last confirmation, the bottlenecks in plain words.

Read in a constant number of queries, whatever the size of the floor (each filter on an index):

1. open work by zone and age bucket (``Warehouse Task`` by status, grouped in SQL);
2. each operator's current task (their In Progress task, else their first Assigned one in work
   order: a window function picks one row per operator);
3. each operator's last confirmation in the last ``SEEN_HOURS`` (the bin ledger's task movements by
   ``posting_datetime``, and counts by ``counted_on``);
4. released waves held up by shortages (``services.shortages.waves_held_by_shortages``);
5. the operators' full names;
plus the user's User Permissions on Warehouse (Frappe caches them).

What is "on the floor": active tasks (Open, Assigned, In Progress), except picks not yet on a
released wave (``task_lists.my_tasks`` does not offer those to anyone either). A task's age is
counted from its creation. Operators shown are those with a current task in the warehouses seen,
or a confirmation there in the last ``SEEN_HOURS`` (the shift so far): a supervisor of warehouse A
does not see who works in B.

Who sees which warehouses (``visible_warehouses``): WMS Manager and System Manager see all; anyone
else (a WMS Supervisor) sees the warehouses their Frappe User Permissions on Warehouse allow, all
when they have none (Frappe's own rule: no User Permission on a doctype restricts nothing).
Each operator carries ``performance``: today's performance % from the labour log (engineered
standards, ``add_performance``), None before their first logged task.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import frappe
from frappe import _
from frappe.permissions import get_user_permissions
from frappe.utils import cint, flt, get_datetime, getdate, now_datetime

from wms_module.core import floor as core
from wms_module.core.labor import Interval, performance_percent
from wms_module.core.tasks import ACTIVE, TaskStatus, TaskType
from wms_module.core.waves import RELEASED
from wms_module.roles import WMS_MANAGER, has_any_role
from wms_module.services.shortages import waves_held_by_shortages

SEEN_HOURS = 10
"""An operator with a confirmation in the last SEEN_HOURS hours is on shift (shown, maybe waiting)."""
NO_ZONE = _("No zone")


def visible_warehouses(user: str | None = None) -> list[str] | None:
	"""The warehouses ``user`` may see on the floor view; None means all (see the module doc)."""
	user = user or frappe.session.user
	if has_any_role(WMS_MANAGER, user=user):
		return None
	allowed = get_user_permissions(user).get("Warehouse") or []
	docs = sorted({p.get("doc") for p in allowed if p.get("applicable_for") in (None, "", "Warehouse Task")})
	return docs or None


def scope(warehouse: str | None, user: str | None = None) -> list[str] | None:
	"""The warehouses to show: ``warehouse`` if given (refused when the user may not see it), else
	every warehouse they may see (None: all)."""
	allowed = visible_warehouses(user)
	if not warehouse:
		return allowed
	if allowed is not None and warehouse not in allowed:
		frappe.throw(
			_("{0} may not see warehouse {1} (User Permissions)").format(
				user or frappe.session.user, warehouse
			),
			frappe.PermissionError,
		)
	return [warehouse]


def on_floor_sql(alias: str = "t") -> str:
	"""Active tasks, picks only on released waves."""
	return f"""{alias}.status in %(active)s and ({alias}.task_type != %(pick)s or {alias}.pick_wave in
		(select w.name from `tabPick Wave` w where w.status in %(released)s))"""


def query_values(warehouses: list[str] | None, now) -> dict:
	values = {
		"active": tuple(s.value for s in ACTIVE),
		"assigned": (TaskStatus.ASSIGNED.value, TaskStatus.IN_PROGRESS.value),
		"in_progress": TaskStatus.IN_PROGRESS.value,
		"pick": TaskType.PICK.value,
		"released": RELEASED,
		"warehouses": tuple(warehouses or ()),
		"seen_since": now - timedelta(hours=SEEN_HOURS),
	}
	values.update({f"age{i}": cutoff for i, (_k, cutoff) in enumerate(core.bucket_cutoffs(now)) if cutoff})
	return values


def in_scope(warehouses, column: str = "t.warehouse") -> str:
	return f"and {column} in %(warehouses)s" if warehouses is not None else ""


def zone_loads(warehouses, values) -> list[core.ZoneLoad]:
	"""Open work per zone and age bucket. One query."""
	cases = " ".join(
		f"when t.creation > %(age{i})s then '{key}'"
		for i, (key, cutoff) in enumerate(core.bucket_cutoffs(values["now"]))
		if cutoff
	)
	rows = frappe.db.sql(
		f"""select t.zone, max(z.zone_code) as zone_code, max(t.warehouse) as warehouse,
			case {cases} else '{core.AGE_BUCKETS[-1].key}' end as bucket,
			count(*) as n, sum(case when coalesce(t.assigned_to, '') = '' then 1 else 0 end) as queued,
			min(t.creation) as oldest
		from `tabWarehouse Task` t left join `tabStorage Zone` z on z.name = t.zone
		where {on_floor_sql()} {in_scope(warehouses)}
		group by t.zone, bucket""",
		values,
		as_dict=True,
	)
	by_zone: dict = defaultdict(list)
	for r in rows:
		by_zone[r.zone or None].append(r)
	loads = []
	for zone, zone_rows in by_zone.items():
		buckets = {b.key: 0 for b in core.AGE_BUCKETS}
		for r in zone_rows:
			buckets[r.bucket] += cint(r.n)
		label = zone_rows[0].zone_code or zone or NO_ZONE
		loads.append(
			core.ZoneLoad(
				zone=zone,
				label=label,
				buckets=buckets,
				open_tasks=sum(buckets.values()),
				queued=sum(cint(r.queued) for r in zone_rows),
				oldest=min(get_datetime(r.oldest) for r in zone_rows),
			)
		)
	return sorted(loads, key=lambda z: (z.oldest, z.label))


def current_tasks(warehouses, values) -> dict[str, frappe._dict]:
	"""operator -> their current task (In Progress first, then work order). One query."""
	rows = frappe.db.sql(
		f"""select * from (
			select t.name, t.task_type, t.status, t.assigned_to, t.warehouse, t.item_code,
				coalesce(b.bin_code, t.source_bin) as bin_code, t.pick_wave,
				coalesce(t.started_on, w.released_on, t.creation) as since,
				row_number() over (partition by t.assigned_to order by
					case when t.status = %(in_progress)s then 0 else 1 end, coalesce(t.pick_wave, ''),
					coalesce(t.tour, 0), coalesce(t.sequence, 0), t.creation, t.name) as rn
			from `tabWarehouse Task` t
			left join `tabStorage Bin` b on b.name = t.source_bin
			left join `tabPick Wave` w on w.name = t.pick_wave
			where t.status in %(assigned)s and coalesce(t.assigned_to, '') != ''
				and {on_floor_sql()} {in_scope(warehouses)}
		) cur_task where rn = 1""",
		values,
		as_dict=True,
	)
	return {r.assigned_to: r for r in rows}


def last_confirmations(warehouses, values) -> dict[str, object]:
	"""operator -> their last confirmation in the last SEEN_HOURS: a task's movement in the bin
	ledger (a pick, a move, a put, a count's correction) or a count recorded. One query."""
	rows = frappe.db.sql(
		f"""select who, max(last_at) as last_at from (
			select l.user as who, max(l.posting_datetime) as last_at from `tabBin Ledger Entry` l
			where l.posting_datetime >= %(seen_since)s and coalesce(l.warehouse_task, '') != ''
				{in_scope(warehouses, "l.warehouse")}
			group by l.user
			union all
			select t.counted_by as who, max(t.counted_on) as last_at from `tabWarehouse Task` t
			where t.modified >= %(seen_since)s and t.counted_on >= %(seen_since)s {in_scope(warehouses)}
			group by t.counted_by
		) seen where coalesce(who, '') != '' group by who""",
		values,
		as_dict=True,
	)
	return {r.who: get_datetime(r.last_at) for r in rows}


def full_names(users) -> dict[str, str]:
	if not users:
		return {}
	return dict(
		frappe.get_all(
			"User", filters={"name": ["in", sorted(users)]}, fields=["name", "full_name"], as_list=True
		)
	)


def operator_rows(current: dict, seen: dict, queued: int, now, idle_minutes: int) -> list[dict]:
	"""Each operator on the floor with their state (``performance`` is added by ``add_performance``)."""
	users = set(current) | set(seen)
	names = full_names(users)
	out = []
	for user in sorted(users):
		t = current.get(user)
		task = (
			core.CurrentTask(
				t.name,
				t.task_type,
				t.status,
				t.bin_code,
				t.pick_wave,
				get_datetime(t.since) if t.since else None,
			)
			if t
			else None
		)
		last = seen.get(user)
		state = core.operator_state(task, last, now, idle_minutes=idle_minutes, queued=queued)
		quiet_from = max((x for x in (last, task.since if task else None) if x is not None), default=None)
		out.append(
			{
				"user": user,
				"full_name": names.get(user) or user,
				"state": state,
				"task": task_dict(task, t),
				"last_confirmation": last,
				"quiet_minutes": core.minutes_between(quiet_from, now),
				"performance": None,  # add_performance: today's, from the labour log
			}
		)
	return out


def task_dict(task: core.CurrentTask | None, row) -> dict | None:
	if task is None:
		return None
	return {
		"task": task.task,
		"task_type": task.task_type,
		"status": task.status,
		"bin_code": task.bin_code,
		"wave": task.wave,
		"item_code": row.item_code,
		"warehouse": row.warehouse,
		"since": task.since,
	}


def floor(*, warehouse: str | None = None, idle_minutes: int | None = None) -> dict:
	"""The floor as the supervisor's page shows it (see the module doc)."""
	now = now_datetime()
	idle = cint(idle_minutes) if cint(idle_minutes) > 0 else core.DEFAULT_IDLE_MINUTES
	warehouses = scope(warehouse)
	values = {**query_values(warehouses, now), "now": now}
	zones = zone_loads(warehouses, values)
	queued = sum(z.queued for z in zones)
	operators = operator_rows(
		current_tasks(warehouses, values), last_confirmations(warehouses, values), queued, now, idle
	)
	add_performance(operators, warehouses, now)
	blocked = waves_held_by_shortages(warehouses)
	found = core.bottlenecks(zones, blocked, operators, now)
	return {
		"warehouse": warehouse or None,
		"warehouses": warehouses,
		"now": now,
		"updated": now.strftime("%H:%M:%S"),
		"idle_minutes": idle,
		"buckets": [{"key": b.key, "label": b.label} for b in core.AGE_BUCKETS],
		"zones": [zone_dict(z, now) for z in zones],
		"totals": totals(zones),
		"operators": operators,
		"blocked_waves": [{**w, "qty": flt(w.qty), "lines": cint(w.lines)} for w in blocked],
		"bottlenecks": [{"kind": b.kind, "subject": b.subject, **b.numbers, "text": words(b)} for b in found],
	}


def add_performance(operators: list[dict], warehouses: list[str], now) -> None:
	"""Each operator's performance % since midnight, from the labour log (engineered standards:
	Σ standard ÷ Σ actual over direct time, core.labor.performance_percent). One query."""
	users = [o["user"] for o in operators]
	if not users or not warehouses:
		return
	# plain SQL like the view's other reads: get_all would first look up whether the DocType is virtual
	rows = frappe.db.sql(
		"""select operator, sum(standard_s) as standard_s, sum(duration_s) as actual_s
		from `tabWMS Labor Log`
		where operator in %(users)s and warehouse in %(warehouses)s and is_direct = 1
			and started_on >= %(today)s
		group by operator""",
		{"users": tuple(users), "warehouses": tuple(warehouses), "today": getdate(now)},
		as_dict=True,
	)
	by_user = {
		r.operator: performance_percent([Interval(0.0, flt(r.actual_s), flt(r.standard_s))]) for r in rows
	}
	for o in operators:
		value = by_user.get(o["user"])
		o["performance"] = round(value, 1) if value is not None else None


def zone_dict(z: core.ZoneLoad, now) -> dict:
	return {
		"zone": z.zone,
		"label": z.label,
		"open_tasks": z.open_tasks,
		"queued": z.queued,
		"buckets": z.buckets,
		"oldest": z.oldest,
		"oldest_minutes": core.minutes_between(z.oldest, now),
	}


def totals(zones) -> dict:
	return {
		"open_tasks": sum(z.open_tasks for z in zones),
		"queued": sum(z.queued for z in zones),
		"buckets": {b.key: sum(z.buckets[b.key] for z in zones) for b in core.AGE_BUCKETS},
	}


def duration(minutes: int | None) -> str:
	if minutes is None:
		return "?"
	if minutes < 60:
		return _("{0} min").format(minutes)
	return _("{0} h {1:02d} min").format(minutes // 60, minutes % 60)


def words(b: core.Bottleneck) -> str:
	"""A bottleneck in plain words."""
	n = b.numbers
	if b.kind == "oldest_zone":
		return _("Zone {0} has the oldest open work: {1} open tasks, the oldest waiting {2}").format(
			b.subject, n["open_tasks"], duration(n["oldest_minutes"])
		)
	if b.kind == "blocked_wave":
		return _("Wave {0} is blocked by shortages: {1} lines ({2} units) no bin can cover").format(
			b.subject, n["lines"], f"{flt(n['qty']):g}"
		)
	if b.kind == "waiting_operators":
		return _("{0} operators waiting for work while {1} tasks are queued: {2}").format(
			n["operators"], n["queued"], b.subject
		)
	task = n.get("task") or {}
	return _("{0} has confirmed nothing for {1} (current task {2} at {3})").format(
		b.subject, duration(n["minutes"]), task.get("task"), task.get("bin_code") or "-"
	)
