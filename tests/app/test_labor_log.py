"""The labour log: written by pick confirmations and count submissions, indirect time from the
handheld, the operator's own day, the privacy rules and the log write's query budget."""

from __future__ import annotations

from datetime import timedelta

import frappe
import pytest
from frappe.utils import get_datetime, now_datetime

from tests import factories
from tests.app.outbound_fixtures import (
	new_wave,
	outbound_defaults,
	outbound_floor,
	put_stock,
	set_settings,
	so_lines,
	tasks_of,
)
from tests.app.test_count_tasks import acting_as, denial
from tests.app.test_my_tasks import make_operator
from wms_module.api import counts as counts_api
from wms_module.api import labor as labor_api
from wms_module.api import picking as picking_api
from wms_module.core.layout import PickLocation, WarehouseLayout
from wms_module.permissions import labor_log_has_permission
from wms_module.services import labor, waves
from wms_module.services.geometry import core_layout, warehouse_layouts

LOG = "WMS Labor Log"
FIELDS = ["*"]


def log_rows(**filters) -> list:
	return frappe.get_all(LOG, filters=filters, fields=FIELDS, order_by="started_on asc, creation asc")


def make_user(name: str, role: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "User",
				"email": f"{name}.{frappe.generate_hash(length=6)}@example.com",
				"first_name": name.title(),
				"user_type": "System User",
				"roles": [{"role": role}],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def released_tour(operator: str | None = None):
	"""Three orders of one item each at A-01, B-05 and C-07, one Batch tour released to ``operator``:
	(site, tasks in walking order)."""
	outbound_defaults(picker_capacity_items=100, batching_method="fcfs", routing_method="best")
	site = outbound_floor("A-01", "B-05", "C-07")
	items = [factories.make_item(barcode=None) for _ in range(3)]
	for item, code in zip(items, ("A-01", "B-05", "C-07"), strict=True):
		put_stock(site, item, code, 10)
	orders = [factories.make_sales_order(items=so_lines(site, (item, 2))).name for item in items]
	wave = new_wave(site, orders, mode="Batch")
	waves.release_wave(
		wave_name=waves.plan_wave(wave_name=wave.name).name, operators=[operator] if operator else None
	)
	tasks = sorted((t for so in orders for t in tasks_of(so)), key=lambda t: t.sequence)
	return site, tasks


def layout_of(site) -> WarehouseLayout:
	return core_layout(warehouse_layouts([site.warehouse])[site.warehouse])


BINS = {"A-01": PickLocation(0, 1), "B-05": PickLocation(1, 5), "C-07": PickLocation(2, 7)}


def bin_code(site, t) -> str:
	return next(code for code, name in site.bins.items() if name == t.source_bin)


def test_each_pick_of_a_tour_logs_its_leg_and_standard():
	site, tasks = released_tour()
	layout = layout_of(site)
	start = now_datetime()  # the tasks exist: a first scan cannot be older than its task
	codes = [bin_code(site, t) for t in tasks]
	for i, t in enumerate(tasks):
		started = (start + timedelta(milliseconds=i)).isoformat()
		picking_api.confirm(task=t.name, bin_scan=codes[i], item_scan=t.item_code, qty=2, started_at=started)
	rows = [log_rows(warehouse_task=t.name)[0] for t in tasks]
	stops = [BINS[c] for c in codes]
	expected_legs = [
		layout.distance(layout.depot, stops[0]),
		layout.distance(stops[0], stops[1]),
		layout.distance(stops[1], stops[2]) + layout.distance(stops[2], layout.depot),
	]
	assert [r.travel_m for r in rows] == pytest.approx(expected_legs)
	for r, t in zip(rows, tasks, strict=True):
		assert (r.activity, r.is_direct, r.operator, r.warehouse, r.pick_wave) == (
			"Pick",
			1,
			"Administrator",
			site.warehouse,
			t.pick_wave,
		)
		assert (r.lines, r.units) == (1, 2)
		assert r.standard_s == pytest.approx(r.travel_m / 0.8 + 10 + 6 + 2 * 2)  # the defaults
		assert r.duration_s == pytest.approx(
			(get_datetime(r.ended_on) - get_datetime(r.started_on)).total_seconds()
		)
		assert (r.shift, str(r.shift_date)) == ("WMS Settings", str(r.shift_date))
	# the first stop starts at its first scan; the next ones where the previous stop ended (the walk
	# between them is theirs, as their travel is in their standard)
	assert get_datetime(rows[0].started_on) == start
	assert get_datetime(rows[1].started_on) == get_datetime(rows[0].ended_on)
	assert get_datetime(rows[2].started_on) == get_datetime(rows[1].ended_on)


def test_a_started_at_that_cannot_be_believed_falls_back_to_the_previous_row_or_now():
	# a new operator: "nothing before" must hold on a shared site where others have logged work
	operator = make_operator("faller")
	site, tasks = released_tour(operator)
	now = now_datetime()
	cases = [(now + timedelta(hours=1)).isoformat(), "not a time", (now - timedelta(hours=13)).isoformat()]
	with acting_as(operator):
		for t, started in zip(tasks, cases, strict=True):
			picking_api.confirm(
				task=t.name, bin_scan=bin_code(site, t), item_scan=t.item_code, qty=2, started_at=started
			)
	first, second, third = (log_rows(warehouse_task=t.name)[0] for t in tasks)
	# nothing before: the confirmation time; then the previous row's end
	assert get_datetime(first.started_on) == get_datetime(first.ended_on)
	assert get_datetime(second.started_on) == get_datetime(first.ended_on)
	assert get_datetime(third.started_on) == get_datetime(second.ended_on)


def test_a_confirmation_queued_offline_is_logged_when_it_was_made_not_when_it_arrived(monkeypatch):
	site, tasks = released_tour()
	scanned = now_datetime()
	confirmed = scanned + timedelta(seconds=30)
	arrived = scanned + timedelta(minutes=20)  # the connection came back 20 minutes later
	monkeypatch.setattr(labor, "now_datetime", lambda: arrived)
	first, second = tasks[0], tasks[1]
	picking_api.confirm(
		task=first.name,
		bin_scan=bin_code(site, first),
		item_scan=first.item_code,
		qty=2,
		started_at=scanned.isoformat(),
		confirmed_at=confirmed.isoformat(),
	)
	(row,) = log_rows(warehouse_task=first.name)
	assert (get_datetime(row.started_on), get_datetime(row.ended_on), row.duration_s) == (
		scanned,
		confirmed,
		30,
	)
	# a confirmed_at that cannot be believed (the future): the arrival
	picking_api.confirm(
		task=second.name,
		bin_scan=bin_code(site, second),
		item_scan=second.item_code,
		qty=2,
		confirmed_at=(arrived + timedelta(hours=1)).isoformat(),
	)
	(row,) = log_rows(warehouse_task=second.name)
	assert get_datetime(row.ended_on) == arrived


def test_a_task_confirmed_in_two_parts_counts_its_walk_and_line_once():
	site, tasks = released_tour()
	t = tasks[0]
	code = bin_code(site, t)
	picking_api.confirm(task=t.name, bin_scan=code, item_scan=t.item_code, qty=1)
	picking_api.confirm(task=t.name, bin_scan=code, item_scan=t.item_code, qty=1)
	first, second = log_rows(warehouse_task=t.name)
	assert (first.lines, second.lines, second.travel_m) == (1, 0, 0)
	assert second.standard_s == pytest.approx(2.0)  # one unit


def test_zone_standards_win_over_the_task_type_and_the_defaults():
	site, tasks = released_tour()
	set_settings(totes_per_cart=8, max_orders_per_wave=50, max_lines_per_wave=500)  # saved with the rest
	settings = frappe.get_single("WMS Settings")
	settings.labor_walking_speed_m_s = 1.0
	settings.set(
		"labor_standards",
		[
			{"task_type": "Pick", "per_line_s": 20},
			{"task_type": "Pick", "zone": site.zones["PICK"], "per_unit_s": 5},
		],
	)
	settings.save()
	t = tasks[0]
	picking_api.confirm(task=t.name, bin_scan=bin_code(site, t), item_scan=t.item_code, qty=2)
	(row,) = log_rows(warehouse_task=t.name)
	assert row.standard_s == pytest.approx(row.travel_m / 1.0 + 10 + 20 + 5 * 2)


def test_the_log_write_costs_two_reads_and_one_insert(query_counter):
	site, tasks = released_tour()
	t = frappe._dict(tasks[0])
	picking_api.confirm(
		task=tasks[1].name, bin_scan=bin_code(site, tasks[1]), item_scan=tasks[1].item_code, qty=2
	)
	frappe.get_installed_apps()  # warm, as a running site has it (HRMS or not)
	with query_counter() as q:
		labor.record_pick(t, qty=2, first=True, final=True)
	assert q.count == 3, q.queries  # WMS Settings (labour), the labour context, the INSERT


def test_an_operators_count_is_logged_as_count_work(monkeypatch):
	outbound_defaults(count_variance_tolerance_qty=0, count_variance_tolerance_percent=0)
	site = outbound_floor("A-01", "B-05")
	operator = make_operator("carla")
	item = factories.make_item()
	count = denial(site, item, "A-01", stock=6, ordered=4, found=2)
	started = now_datetime()
	monkeypatch.setattr(labor, "now_datetime", lambda: started + timedelta(minutes=3))  # 3 minutes later
	with acting_as(operator):
		counts_api.submit(
			task=count, bin_scan="A-01", item_scan=item, counted_qty=4, started_at=started.isoformat()
		)
	(row,) = log_rows(warehouse_task=count)
	assert (row.activity, row.operator, row.lines, row.units, row.travel_m) == ("Count", operator, 1, 4, 0)
	assert row.standard_s == pytest.approx(10 + 6 + 2 * 4)
	assert row.duration_s == pytest.approx(180, abs=5)


def test_indirect_time_is_logged_and_overlaps_and_bad_input_are_refused():
	operator = make_operator("ida")
	now = now_datetime()
	with acting_as(operator):
		out = labor_api.indirect(
			activity="Break",
			started_at=(now - timedelta(minutes=40)).isoformat(),
			ended_at=(now - timedelta(minutes=25)).isoformat(),
		)
		assert (out["activity"], out["is_direct"], out["minutes"]) == ("Break", 0, 15.0)
		with pytest.raises(frappe.ValidationError, match="overlaps your Break"):
			labor_api.indirect(
				activity="Meeting",
				started_at=(now - timedelta(minutes=30)).isoformat(),
				ended_at=(now - timedelta(minutes=20)).isoformat(),
			)
		with pytest.raises(frappe.ValidationError, match="activity must be one of"):
			labor_api.indirect(activity="Nap", started_at=now.isoformat(), ended_at=now.isoformat())
		with pytest.raises(frappe.ValidationError, match="started_at must be an ISO datetime"):
			labor_api.indirect(activity="Other", started_at="yesterday", ended_at=now.isoformat())
		with pytest.raises(frappe.ValidationError, match="ended_at must be after started_at"):
			labor_api.indirect(
				activity="Cleaning",
				started_at=(now - timedelta(minutes=5)).isoformat(),
				ended_at=(now - timedelta(minutes=10)).isoformat(),
			)
		with pytest.raises(frappe.ValidationError, match="future"):
			labor_api.indirect(
				activity="Cleaning",
				started_at=now.isoformat(),
				ended_at=(now + timedelta(hours=1)).isoformat(),
			)
		# touching the break is fine
		labor_api.indirect(
			activity="Meeting",
			started_at=(now - timedelta(minutes=25)).isoformat(),
			ended_at=(now - timedelta(minutes=20)).isoformat(),
		)
		day = labor_api.my_day()
	assert (day["indirect_minutes"], day["direct_minutes"], day["performance_percent"]) == (20.0, 0, None)
	assert len(log_rows(operator=operator)) == 2


def test_an_iso_time_with_an_offset_is_moved_to_the_server_clock():
	from datetime import datetime, timezone

	from wms_module.services.labor_settings import parse_client_time

	utc_now = datetime.now(timezone.utc).replace(microsecond=0)
	assert (
		abs((parse_client_time(utc_now.isoformat().replace("+00:00", "Z")) - now_datetime()).total_seconds())
		< 5
	)
	assert parse_client_time("2026-12-05 10:00:00") == datetime(2026, 12, 5, 10, 0)
	assert parse_client_time("garbage") is None and parse_client_time(None) is None


def seed_rows(site_warehouse: str, other_warehouse: str) -> tuple[str, str]:
	"""Two operators' rows in two warehouses, written by the service."""
	pia, otto = make_operator("pia"), make_operator("otto")
	now = now_datetime()
	for user, start in ((pia, 50), (otto, 40)):
		with acting_as(user):
			labor_api.indirect(
				activity="Cleaning",
				started_at=(now - timedelta(minutes=start)).isoformat(),
				ended_at=(now - timedelta(minutes=start - 5)).isoformat(),
			)
	frappe.db.set_value(LOG, {"operator": pia}, "warehouse", site_warehouse)
	frappe.db.set_value(LOG, {"operator": otto}, "warehouse", other_warehouse)
	return pia, otto


def test_an_operator_sees_only_their_own_rows_and_a_manager_all():
	w1, w2 = factories.make_warehouse(), factories.make_warehouse()
	pia, otto = seed_rows(w1, w2)
	manager = make_user("mona", "WMS Manager")
	otto_row = frappe.get_doc(LOG, log_rows(operator=otto)[0].name)
	with acting_as(pia):
		assert {r.operator for r in frappe.get_list(LOG, fields=["operator"])} == {pia}
		assert frappe.has_permission(LOG, "read", doc=otto_row) is False
		assert labor_log_has_permission(otto_row, "read", pia) is False
	with acting_as(manager):
		seen = {r.operator for r in frappe.get_list(LOG, fields=["operator"], limit_page_length=0)}
		assert {pia, otto} <= seen
		assert frappe.has_permission(LOG, "read", doc=otto_row) is True
	assert labor_log_has_permission(otto_row, "read", "Administrator") is True


def test_neither_desk_nor_rest_may_create_a_labour_row():
	operator = make_operator("rita")
	with acting_as(operator), pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{"doctype": LOG, "operator": operator, "activity": "Break", "started_on": now_datetime()}
		).insert()
	meta = frappe.get_meta(LOG)
	assert meta.in_create and meta.read_only


def test_a_supervisor_sees_the_rows_of_their_warehouse_through_user_permissions():
	w1, w2 = factories.make_warehouse(), factories.make_warehouse()
	pia, otto = seed_rows(w1, w2)
	supervisor = make_user("sue", "WMS Supervisor")
	with acting_as(supervisor):  # no User Permission: every warehouse
		assert {pia, otto} <= {
			r.operator for r in frappe.get_list(LOG, fields=["operator"], limit_page_length=0)
		}
	frappe.permissions.add_user_permission("Warehouse", w1, supervisor, ignore_permissions=True)
	with acting_as(supervisor):
		seen = {r.operator for r in frappe.get_list(LOG, fields=["operator"], limit_page_length=0)}
		assert pia in seen and otto not in seen
		otto_row = frappe.get_doc(LOG, log_rows(operator=otto)[0].name)
		assert frappe.has_permission(LOG, "read", doc=otto_row) is False


def make_employee(user: str) -> str:
	"""An Active Employee of ``user`` (the fields a real site also requires where its meta has them)."""
	company = frappe.db.get_value("Company", {}, "name")
	values = {
		"doctype": "Employee",
		"first_name": "Labour",
		"company": company,
		"user_id": user,
		"status": "Active",
	}
	meta = frappe.get_meta("Employee")
	extra = {"gender": "Male", "date_of_birth": "1990-01-01", "date_of_joining": "2020-01-01"}
	values.update({k: v for k, v in extra.items() if meta.has_field(k)})
	if meta.has_field("create_user_permission"):
		values["create_user_permission"] = 0
	return frappe.get_doc(values).insert(ignore_permissions=True).name


def test_the_row_names_the_operators_employee():
	operator = make_operator("emma")
	employee = make_employee(operator)
	now = now_datetime()
	with acting_as(operator):
		labor_api.indirect(
			activity="Equipment",
			started_at=(now - timedelta(minutes=9)).isoformat(),
			ended_at=(now - timedelta(minutes=2)).isoformat(),
		)
	(row,) = log_rows(operator=operator)
	assert row.employee == employee


@pytest.mark.benchless_only
def test_with_hrms_the_operators_shift_assignment_gives_shift_and_shift_date(monkeypatch):
	"""HRMS is on no site here: its two tables are made for the test (SQLite DDL rolls back), so the
	context query's HRMS part runs at least on SQLite."""
	from datetime import time

	from wms_module.core.labor import Shift, shift_date_of
	from wms_module.services import labor_settings

	frappe.db.sql(
		"create table `tabShift Type` (name varchar(140) primary key, start_time time, end_time time)"
	)
	frappe.db.sql(
		"""create table `tabShift Assignment` (name varchar(140) primary key, docstatus int, status varchar(20),
		employee varchar(140), shift_type varchar(140), start_date date, end_date date)"""
	)
	operator = make_operator("nina")
	employee = make_employee(operator)
	now = now_datetime()
	frappe.db.sql("insert into `tabShift Type` values ('Night', '22:00:00', '06:00:00')")
	frappe.db.sql(
		"insert into `tabShift Assignment` values ('SA-1', 1, 'Active', %s, 'Night', %s, null)",
		(employee, now.date() - timedelta(days=3)),
	)
	monkeypatch.setattr(labor_settings, "hrms_installed", lambda: True)
	started = now - timedelta(minutes=30)
	with acting_as(operator):
		labor_api.indirect(
			activity="Meeting",
			started_at=started.isoformat(),
			ended_at=(now - timedelta(minutes=10)).isoformat(),
		)
	(row,) = log_rows(operator=operator)
	night = Shift("Night", time(22), time(6))
	assert (row.shift, str(row.shift_date)) == ("Night", str(shift_date_of(night, started)))


def test_utilisation_pays_the_shift_and_the_overtime_worked_after_it():
	from datetime import date, datetime

	from wms_module.core.labor import LaborDefaults
	from wms_module.services import labor_figures, labor_settings

	day = date(2026, 12, 4)

	def row(start_h, end_h, direct):
		start, end = datetime(2026, 12, 4, *start_h), datetime(2026, 12, 4, *end_h)
		return frappe._dict(
			operator="op@example.com",
			shift_date=day,
			shift="WMS Settings",
			is_direct=direct,
			started_on=start,
			ended_on=end,
			duration_s=(end - start).total_seconds(),
			standard_s=0,
		)

	# the defaults (06:00-14:00, 30 paid break minutes), not the site's: on the shared real site
	# another test may have set WMS Settings' shift
	settings = labor_settings.LaborSettings(LaborDefaults())
	(u,) = labor_figures.utilisation_rows(
		[row((13, 0), (15, 0), 1), row((10, 0), (10, 15), 0), row((10, 10), (10, 20), 1)], settings
	)
	assert u["paid_hours"] == pytest.approx(9.0)  # 06:00-15:00: an hour of overtime
	assert u["direct_hours"] == pytest.approx(2 + 10 / 60)
	assert u["indirect_hours"] == pytest.approx(0.5)  # 10 min logged (the overlap is direct) < 30 paid
	assert u["idle_hours"] == pytest.approx(9.0 - 2 - 10 / 60 - 0.5)


def test_the_shift_frappe_sets_to_the_moment_of_install_is_repaired_and_a_typed_one_kept():
	"""Frappe v15 saves a new WMS Settings when it installs the app (installer.init_singles), and a new
	document's Time fields are the current time whatever their default (create_new.py
	set_dynamic_default_values): a fresh site's shift started and ended at 14:02:11 (found on the CI
	site: utilisation counted 28 paid hours). Install and migrate put the documented shift back; a
	shift someone typed is left alone."""
	from wms_module.services import labor_settings

	set_settings(labor_shift_start="14:02:11.384394", labor_shift_end="14:02:11.384488")
	labor_settings.ensure_labor_defaults()
	shift = labor_settings.labor_settings().shift
	assert (str(shift.start), str(shift.end)) == ("06:00:00", "14:00:00")

	set_settings(labor_shift_start="22:00:00", labor_shift_end="06:00:00")  # a night shift, typed
	labor_settings.ensure_labor_defaults()
	shift = labor_settings.labor_settings().shift
	assert (str(shift.start), str(shift.end)) == ("22:00:00", "06:00:00")
