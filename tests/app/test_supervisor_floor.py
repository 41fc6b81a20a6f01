"""The supervisor's floor view (issue 15): ``api.supervisor.floor`` answers open work by zone and age,
each operator's current task and last confirmation, and names the bottlenecks; in a constant number
of queries; only to supervisors, and only for the warehouses their User Permissions allow."""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_to_date, now_datetime

from tests import factories
from tests.app.outbound_fixtures import (
	new_wave,
	outbound_floor,
	put_stock,
	set_settings,
	so_lines,
	tasks_of,
)
from tests.app.test_count_tasks import acting_as
from tests.app.test_my_tasks import make_operator
from wms_module.api import supervisor
from wms_module.services import waves
from wms_module.services.picking import ConfirmPick, confirm_pick


def make_supervisor(name: str, *roles: str) -> str:
	user = make_operator(name)
	doc = frappe.get_doc("User", user)
	doc.set("roles", [])
	doc.save(ignore_permissions=True)
	doc.add_roles(*(roles or ("WMS Supervisor",)))
	return user


def allow_warehouse(user: str, warehouse: str) -> None:
	frappe.get_doc(
		{"doctype": "User Permission", "user": user, "allow": "Warehouse", "for_value": warehouse}
	).insert(ignore_permissions=True)


def age(task: str, minutes: int) -> None:
	frappe.db.sql(
		"update `tabWarehouse Task` set creation=%s where name=%s",
		(add_to_date(now_datetime(), minutes=-minutes), task),
	)


def confirm(user, task, code, item, qty, short=False, started_at=None):
	with acting_as(user):
		return confirm_pick(
			ConfirmPick(
				task=task.name,
				bin_scan=code,
				item_scan=item,
				qty=qty,
				tote=task.tote,
				short=short,
				started_at=started_at,
			)
		)


@pytest.fixture
def floor():
	"""Two zones (PICK: A-01, B-05; PICK2: C-03), a released wave of two orders, one tour each: pia's
	(A-01 then C-03), the other queued. pia short-picks A-01 (no other bin: a shortage holds the
	wave; A-01 goes under count); otto picks one line of the queued tour and has nothing else."""
	set_settings(
		pick_task_creation="On Sales Order Submit",
		totes_per_cart=1,
		picker_capacity_items=100,
		batching_method="savings",
		routing_method="best",
		count_variance_tolerance_qty=0,
	)
	site = outbound_floor("A-01", "B-05", "C-03")
	i1, i2, i3 = (factories.make_item() for _ in range(3))
	for item, code in ((i1, "A-01"), (i2, "C-03"), (i3, "B-05")):
		put_stock(site, item, code, 10)
	so1 = factories.make_sales_order(items=so_lines(site, (i1, 2), (i2, 1))).name
	so2 = factories.make_sales_order(items=so_lines(site, (i3, 1), (i1, 1))).name
	wave = waves.plan_wave(wave_name=new_wave(site, [so1, so2], mode="Cluster").name)
	wave = waves.release_wave(wave_name=wave.name)
	pia, otto = make_operator("pia"), make_operator("otto")
	tour = frappe.db.get_value("Warehouse Task", {"reference_name": so1, "pick_wave": wave.name}, "tour")
	frappe.db.sql(
		"update `tabWarehouse Task` set assigned_to=%s, status='Assigned' where pick_wave=%s and tour=%s",
		(pia, wave.name, tour),
	)
	(a01,) = tasks_of(so1, source_bin=site.bin("A-01"))
	(c03,) = tasks_of(so1, source_bin=site.bin("C-03"))
	(b05,) = tasks_of(so2, source_bin=site.bin("B-05"))
	age(c03.name, 300)  # PICK2's only task: 5 hours old
	for t in tasks_of(so2):
		age(t.name, 30)
	confirm(pia, a01, "A-01", i1, 1, short=True)
	# otto's handheld scanned B-05 90 s before he confirmed: the labour log has his time
	confirm(otto, b05, "B-05", i3, 1, started_at=add_to_date(now_datetime(), seconds=-90).isoformat())
	return frappe._dict(site=site, wave=wave.name, pia=pia, otto=otto, c03=c03.name, so2=so2)


def by(rows, key, value):
	(row,) = [r for r in rows if r[key] == value]
	return row


def test_the_floor_names_zones_ages_operators_and_bottlenecks(floor, query_counter):
	supervisor.floor(warehouse=floor.site.warehouse)  # Frappe's metadata caches warm, as on a live site
	with query_counter() as q:
		answer = supervisor.floor(warehouse=floor.site.warehouse)
	assert q.count <= 7, "\n".join(
		" ".join(x.split())[:100] for x in q.queries
	)  # 6, and today's performance (labour log)

	zones = {z["label"]: z for z in answer["zones"]}
	assert set(zones) == {"PICK", "PICK2"}
	assert zones["PICK2"]["buckets"] == {"under_15m": 0, "15_60m": 0, "1_4h": 0, "over_4h": 1}
	# PICK: so2's A-01 line (30 min, queued) and the count pia's short pick opened (new, queued)
	assert zones["PICK"]["buckets"]["15_60m"] == 1 and zones["PICK"]["buckets"]["under_15m"] == 1
	assert zones["PICK"]["queued"] == 2 and zones["PICK2"]["queued"] == 0
	assert answer["totals"]["open_tasks"] == 3

	pia = by(answer["operators"], "user", floor.pia)
	assert (pia["state"], pia["task"]["task"], pia["task"]["bin_code"], pia["task"]["wave"]) == (
		"working",
		floor.c03,
		"C-03",
		floor.wave,
	)
	# pia's handheld sent no first-scan time: her row has no duration yet, so no performance
	assert pia["last_confirmation"] and pia["performance"] is None
	otto = by(answer["operators"], "user", floor.otto)
	assert (otto["state"], otto["task"]) == ("waiting", None)
	(row,) = frappe.get_all(
		"WMS Labor Log", filters={"operator": floor.otto}, fields=["standard_s", "duration_s"]
	)
	assert 85 <= row.duration_s <= 120
	assert otto["performance"] == round(100 * row.standard_s / row.duration_s, 1)

	assert [w["wave"] for w in answer["blocked_waves"]] == [floor.wave]
	texts = [b["text"] for b in answer["bottlenecks"]]
	assert texts[0].startswith("Zone PICK2 has the oldest open work: 1 open tasks, the oldest waiting 5 h")
	assert f"Wave {floor.wave} is blocked by shortages: 1 lines (1 units) no bin can cover" in texts
	assert f"1 operators waiting for work while 2 tasks are queued: {floor.otto}" in texts
	assert answer["updated"] == answer["now"].strftime("%H:%M:%S")


def test_an_idle_operator_is_named(floor):
	frappe.db.sql(
		"update `tabWarehouse Task` set started_on=%s where name=%s",
		(add_to_date(now_datetime(), minutes=-50), floor.c03),
	)
	frappe.db.sql(
		"update `tabBin Ledger Entry` set posting_datetime=%s where user=%s",
		(add_to_date(now_datetime(), minutes=-40), floor.pia),
	)
	answer = supervisor.floor(warehouse=floor.site.warehouse, idle_minutes=15)
	assert by(answer["operators"], "user", floor.pia)["state"] == "idle"
	assert any(
		b["kind"] == "idle_operator" and b["text"].startswith(f"{floor.pia} has confirmed nothing for 40 min")
		for b in answer["bottlenecks"]
	)


def test_the_query_count_does_not_grow_with_the_floor(floor, query_counter):
	with query_counter() as q:
		supervisor.floor(warehouse=floor.site.warehouse)
	small = q.count
	item = factories.make_item()
	put_stock(floor.site, item, "B-05", 50)
	for _ in range(4):
		factories.make_sales_order(items=so_lines(floor.site, (item, 1)))
	for name in ("ana", "ben", "cid"):
		frappe.db.sql(
			"update `tabWarehouse Task` set assigned_to=%s, status='Assigned' where name=%s",
			(make_operator(name), tasks_of(floor.so2, source_bin=floor.site.bin("A-01"))[0].name),
		)
	with query_counter() as q:
		supervisor.floor(warehouse=floor.site.warehouse)
	assert q.count <= small, q.queries  # (<=: a real site's caches may be cold on the first call)


def test_an_operator_is_refused(floor):
	with acting_as(floor.otto), pytest.raises(frappe.PermissionError):
		supervisor.floor(warehouse=floor.site.warehouse)


def test_a_supervisor_sees_only_the_warehouses_their_user_permissions_allow(floor):
	other = outbound_floor("A-01")
	item = factories.make_item()
	put_stock(other, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(other, (item, 1))).name
	# B's order is on no wave (not on the floor yet); make its task a count, which always is
	(b_task,) = tasks_of(so)
	frappe.db.sql("update `tabWarehouse Task` set task_type='Count' where name=%s", (b_task.name,))

	sue = make_supervisor("sue")
	allow_warehouse(sue, floor.site.warehouse)
	with acting_as(sue):
		mine = supervisor.floor()
		assert mine["warehouses"] == [floor.site.warehouse]
		assert {z["label"] for z in mine["zones"]} == {"PICK", "PICK2"}
		assert b_task.name not in str(mine) and other.warehouse not in str(mine)
		with pytest.raises(frappe.PermissionError, match="may not see warehouse"):
			supervisor.floor(warehouse=other.warehouse)

	manager = make_supervisor("max", "WMS Manager")
	allow_warehouse(manager, floor.site.warehouse)  # a manager sees every warehouse regardless
	with acting_as(manager):
		everything = supervisor.floor(warehouse=other.warehouse)
	assert everything["totals"]["open_tasks"] >= 1


def test_the_floor_view_the_accuracy_and_the_cards_read_through_indexes(floor):
	"""Every query of the floor view, the accuracy report and the floor cards finds its rows through an
	index (the same check as tests/app/test_hot_query_indexes.py: EXPLAIN, no whole read of an app
	table but the small ones)."""
	from tests.app.test_hot_query_indexes import APP_TABLES, SMALL_TABLES, QueryRecorder, full_scans
	from wms_module.api import floor_cards
	from wms_module.services.accuracy import pick_accuracy

	with QueryRecorder() as recorder:
		supervisor.floor(warehouse=floor.site.warehouse)
		supervisor.floor()
		pick_accuracy(start=add_to_date(now_datetime(), days=-1), end=now_datetime())
		floor_cards.lines_picked_last_hour()
		floor_cards.open_tasks_older_than_1_hour()
		floor_cards.count_accuracy_30_days()
		floor_cards.lines_picked_per_hour()
	assert sum(q.lstrip().lower().startswith("select") for _p, q, _v in recorder.sent) >= 12
	scans = [
		(table, " ".join(query.split())[:200])
		for _path, query, values in recorder.sent
		if query.lstrip().lower().startswith("select")
		for table in full_scans(query, values)
		if table in APP_TABLES and table not in SMALL_TABLES
	]
	assert scans == []
