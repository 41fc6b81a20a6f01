"""Labour end to end: two operators pick the same work of a released wave at different paces; the
Operator Productivity report shows each one's lines, units, times and performance %, the faster one
higher; Labor Utilization splits their paid time.

The clock of the labour log (``services.labor.now_datetime``) is driven by the test, so the times
are exact in both modes (benchless and a real site); the handheld's ``started_at`` is sent as it
would be (ISO, UTC with ``Z``).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import frappe
import pytest
from frappe.utils import add_days, now_datetime

from tests import factories
from tests.app.outbound_fixtures import (
	make_bin,
	make_outbound_site,
	new_wave,
	outbound_defaults,
	put_stock,
	so_lines,
	tasks_of,
)
from tests.app.test_count_tasks import acting_as
from tests.app.test_my_tasks import make_operator
from wms_module.api import labor as labor_api
from wms_module.api import picking as picking_api
from wms_module.reports import labor_utilization, operator_productivity
from wms_module.services import labor, waves


class Clock:
	"""The labour log's now, moved by the test."""

	def __init__(self, start: datetime):
		self.now = start

	def __call__(self) -> datetime:
		return self.now

	def iso(self, seconds_ahead: float = 0) -> str:
		"""``now + seconds_ahead`` as the handheld sends it: ISO in UTC with ``Z``."""
		offset = now_datetime() - datetime.now(timezone.utc).replace(tzinfo=None)
		utc = self.now + timedelta(seconds=seconds_ahead) - offset
		return utc.replace(microsecond=0).isoformat() + "Z"


def floor_and_wave(pia: str, otto: str):
	"""Two identical orders (2 lines each: 3 and 2 units, bins B-03 and D-08), one tour each."""
	outbound_defaults(
		picker_capacity_items=100, batching_method="fcfs", routing_method="best", totes_per_cart=1
	)
	site = make_outbound_site(n_aisles=4, bays=10)
	make_bin(site, "B-03", "PICK", aisle=1, bay=3)
	make_bin(site, "D-08", "PICK", aisle=3, bay=8)
	bolt, nut = factories.make_item(barcode=None), factories.make_item(barcode=None)
	put_stock(site, bolt, "B-03", 10)
	put_stock(site, nut, "D-08", 10)
	orders = [factories.make_sales_order(items=so_lines(site, (bolt, 3), (nut, 2))).name for _ in range(2)]
	wave = new_wave(site, orders, mode="Cluster")
	wave = waves.release_wave(wave_name=waves.plan_wave(wave_name=wave.name).name, operators=[pia, otto])
	assert len(wave.tours) == 2
	codes = {name: code for code, name in site.bins.items()}
	tours = {}
	for so in orders:
		tasks = sorted(tasks_of(so), key=lambda t: t.sequence)
		tours[tasks[0].assigned_to] = [(t, codes[t.source_bin]) for t in tasks]
	assert set(tours) == {pia, otto}
	return site, tours


def pick_tour(operator: str, tour, clock: Clock, seconds_per_task: float) -> None:
	"""``operator`` walks the tour: the first scan of each stop, then its confirmation
	``seconds_per_task`` after the previous one ended."""
	with acting_as(operator):
		for t, code in tour:
			started_at = clock.iso(5)  # scanned on arrival, 5 s into this stop's time
			clock.now += timedelta(seconds=seconds_per_task)
			picking_api.confirm(
				task=t.name,
				bin_scan=code,
				item_scan=t.item_code,
				qty=t.qty,
				tote=tote_of(t),
				started_at=started_at,
			)


def tote_of(t) -> str:
	return frappe.db.get_value("Warehouse Task", t.name, "tote")


@pytest.fixture
def clock(monkeypatch):
	c = Clock(now_datetime().replace(microsecond=0) + timedelta(minutes=1))
	monkeypatch.setattr(labor, "now_datetime", c)
	return c


def test_the_faster_operator_shows_the_higher_performance(clock):
	pia, otto = make_operator("pia"), make_operator("otto")
	site, tours = floor_and_wave(pia, otto)
	pick_tour(pia, tours[pia], clock, seconds_per_task=40)
	clock.now += timedelta(minutes=2)
	pick_tour(otto, tours[otto], clock, seconds_per_task=80)

	day = frappe.get_all("WMS Labor Log", filters={"operator": pia}, pluck="shift_date", limit=1)[0]
	columns, data, _message, chart = operator_productivity.execute(
		{"from_date": add_days(day, -1), "to_date": add_days(day, 1), "warehouse": site.warehouse}
	)
	by_operator = {row["operator"]: row for row in data}
	assert set(by_operator) == {pia, otto}
	fast, slow = by_operator[pia], by_operator[otto]
	assert (fast["lines"], fast["units"]) == (slow["lines"], slow["units"]) == (2, 5)
	# same bins, same units: the same standard; the first stop from its first scan, the second from
	# the end of the first (the walk between them is its time)
	assert fast["standard_hours"] == pytest.approx(slow["standard_hours"])
	assert fast["direct_hours"] == pytest.approx((35 + 40) / 3600, abs=1e-3)
	assert slow["direct_hours"] == pytest.approx((75 + 80) / 3600, abs=1e-3)
	assert fast["performance_percent"] > slow["performance_percent"]
	assert fast["performance_percent"] == pytest.approx(
		100 * fast["standard_hours"] / fast["direct_hours"], rel=2e-2
	)  # hours are shown to 4 decimals
	assert {c["fieldname"] for c in columns} >= {
		"operator",
		"lines",
		"units",
		"direct_hours",
		"standard_hours",
		"performance_percent",
	}
	assert chart["type"] == "bar" and sorted(chart["data"]["labels"]) == sorted([pia, otto])

	# Labor Utilization: Pia also took a 10 minute break; her paid day is the shift
	with acting_as(pia):
		labor_api.indirect(
			activity="Break",
			started_at=(clock.now - timedelta(minutes=30)).isoformat(),
			ended_at=(clock.now - timedelta(minutes=20)).isoformat(),
		)
	_columns, util = labor_utilization.execute({"from_date": add_days(day, -1), "to_date": add_days(day, 1)})
	pia_util = next(r for r in util if r["operator"] == pia)
	assert pia_util["paid_hours"] >= 8.0  # the shift (more when the test runs at its edge: overtime)
	assert pia_util["direct_hours"] == pytest.approx(fast["direct_hours"], abs=1e-3)
	assert pia_util["indirect_hours"] == pytest.approx(0.5)  # the 30 paid break minutes cover the 10 taken
	total = pia_util["direct_hours"] + pia_util["indirect_hours"] + pia_util["idle_hours"]
	assert total == pytest.approx(pia_util["paid_hours"], abs=1e-2)


def test_an_operator_reads_only_their_own_line_of_the_report(clock):
	pia, otto = make_operator("pia"), make_operator("otto")
	_site, tours = floor_and_wave(pia, otto)
	pick_tour(pia, tours[pia], clock, seconds_per_task=40)
	pick_tour(otto, tours[otto], clock, seconds_per_task=80)
	day = frappe.get_all("WMS Labor Log", filters={"operator": pia}, pluck="shift_date", limit=1)[0]
	with acting_as(pia):
		_c, data, _m, _chart = operator_productivity.execute(
			{"from_date": add_days(day, -1), "to_date": add_days(day, 1)}
		)
		assert {r["operator"] for r in data} == {pia}
		mine = labor_api.my_day()
	assert (mine["lines"], mine["units"]) == (2, 5)
	assert mine["performance_percent"] == pytest.approx(data[0]["performance_percent"], abs=0.2)
