"""The WMS workspace's floor cards and chart (issue 15): "Lines Picked (last hour)", "Open Tasks Older
Than 1 Hour", "Count Accuracy (30 days)" and "Lines Picked per Hour (today)".

They are Frappe v15 "Custom" Number Cards and a "Custom" Dashboard Chart (a relative window such as
"the last hour" and a ratio are beyond a Document Type card's fixed filters; a chart's time series
goes no finer than Daily): the desk calls the card's ``method`` with ``filters``
(number_card_widget.js) and the chart source's method with the chart's arguments
(chart_widget.js). The tests call those methods as the desk does, after steps that change each
figure, and read the shipped JSON the way Frappe syncs it. Other tests' data may be on a real site:
each test reads what its own steps add."""

from __future__ import annotations

import json

import frappe
import pytest
from frappe.utils import add_to_date, now_datetime

from tests import factories
from tests.app.app_files import MODULE_DIR, load
from tests.app.outbound_fixtures import outbound_defaults, outbound_floor, put_stock, so_lines, tasks_of
from tests.conftest import SITE_MODE
from wms_module.api import counts as counts_api
from wms_module.api import floor_cards as cards_api
from wms_module.services.picking import ConfirmPick, confirm_pick

CARDS = {
	key: load(MODULE_DIR / "number_card" / folder / f"{folder}.json")
	for key, folder in (
		("lines_picked_last_hour", "lines_picked_(last_hour)"),
		("open_tasks_older_than_1_hour", "open_tasks_older_than_1_hour"),
		("count_accuracy_30_days", "count_accuracy_(30_days)"),
	)
}
CHART = load(
	MODULE_DIR / "dashboard_chart" / "lines_picked_per_hour_(today)" / "lines_picked_per_hour_(today).json"
)
SOURCE_DIR = MODULE_DIR / "dashboard_chart_source" / "lines_picked_per_hour"
SOURCE = load(SOURCE_DIR / "lines_picked_per_hour.json")
WORKSPACE = load(MODULE_DIR / "workspace" / "wms" / "wms.json")


def card_value(card: dict) -> float:
	"""What the desk shows: the card's method called with the card's filters (number_card_widget.js)."""
	method = frappe.get_attr(card["method"])
	return method(filters=card["filters_json"])["value"]


def chart_values() -> dict[str, int]:
	data = cards_api.lines_picked_per_hour(chart_name=CHART["name"], filters=CHART["filters_json"], refresh=1)
	(dataset,) = data["datasets"]
	return dict(zip(data["labels"], dataset["values"], strict=True))


@pytest.fixture
def site():
	outbound_defaults(count_variance_tolerance_qty=0, count_variance_tolerance_percent=0)
	return outbound_floor("A-01", "B-05")


def order_of(site, code: str, qty: float = 2):
	item = factories.make_item()
	put_stock(site, item, code, 10)
	so = factories.make_sales_order(items=so_lines(site, (item, qty)))
	(t,) = tasks_of(so.name)
	return t, item


def test_lines_picked_last_hour_and_per_hour_count_finished_lines(site):
	before, hours_before = card_value(CARDS["lines_picked_last_hour"]), chart_values()
	t, item = order_of(site, "A-01")
	confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=2))
	old, old_item = order_of(site, "B-05")
	confirm_pick(
		ConfirmPick(task=old.name, bin_scan="B-05", item_scan=old_item, qty=1)
	)  # partial: not a line yet
	assert card_value(CARDS["lines_picked_last_hour"]) == before + 1
	hour = f"{now_datetime().hour:02d}:00"
	assert chart_values()[hour] == hours_before.get(hour, 0) + 1

	two_hours_ago = add_to_date(now_datetime(), hours=-2)
	frappe.db.sql("update `tabWarehouse Task` set completed_on=%s where name=%s", (two_hours_ago, t.name))
	assert card_value(CARDS["lines_picked_last_hour"]) == before


def test_open_tasks_older_than_an_hour(site):
	before = card_value(CARDS["open_tasks_older_than_1_hour"])
	t, _item = order_of(site, "A-01")  # on no wave: not on the floor
	# a count (always on the floor), waiting for 61 minutes
	frappe.db.sql(
		"update `tabWarehouse Task` set task_type='Count', creation=%s where name=%s",
		(add_to_date(now_datetime(), minutes=-61), t.name),
	)
	answer = cards_api.open_tasks_older_than_1_hour(filters="[]")
	assert answer["value"] == before + 1
	assert answer["route"] == ["List", "Warehouse Task"] and answer["route_options"]["status"][0] == "in"


def test_count_accuracy_is_the_share_of_counts_that_found_the_books(site):
	def denial(code):
		t, item = order_of(site, code, qty=3)
		out = confirm_pick(ConfirmPick(task=t.name, bin_scan=code, item_scan=item, qty=1, short=True))
		return out.count_task

	before = cards_api.count_accuracy_30_days(filters="[]")
	exact, off = denial("A-01"), denial("B-05")  # books after the short picks: 9 each
	counts_api.confirm(task=exact, counted_qty=9)
	counts_api.confirm(task=off, counted_qty=7)
	after = cards_api.count_accuracy_30_days(filters="[]")
	assert (after["counts"], after["exact"]) == (before["counts"] + 2, before["exact"] + 1)
	assert after["fieldtype"] == "Percent"
	assert after["value"] == pytest.approx(100.0 * after["exact"] / after["counts"])


def test_the_cards_and_chart_are_custom_and_on_the_workspace():
	for card in CARDS.values():
		assert (card["type"], card["document_type"], card["is_standard"], card["module"]) == (
			"Custom",
			"Warehouse Task",  # Frappe shows a Custom card to users who read this doctype
			1,
			"WMS Module",
		)
		method = frappe.get_attr(card["method"])
		assert method in frappe.whitelisted, card["method"]
	assert (CHART["chart_type"], CHART["source"]) == ("Custom", SOURCE["name"])
	js = (SOURCE_DIR / "lines_picked_per_hour.js").read_text()
	assert (
		f'chart_sources["{SOURCE["name"]}"]' in js
		and "wms_module.api.floor_cards.lines_picked_per_hour" in js
	)
	blocks = json.loads(WORKSPACE["content"])
	cards_shown = {b["data"]["number_card_name"] for b in blocks if b["type"] == "number_card"}
	assert {c["name"] for c in CARDS.values()} <= cards_shown
	assert {c["name"] for c in CARDS.values()} <= {r["number_card_name"] for r in WORKSPACE["number_cards"]}
	assert CHART["name"] in {b["data"]["chart_name"] for b in blocks if b["type"] == "chart"}
	assert CHART["name"] in {r["chart_name"] for r in WORKSPACE["charts"]}


@pytest.mark.skipif(not SITE_MODE, reason="Number Card and Dashboard Chart records exist only on a real site")
def test_on_the_site_the_records_are_migrated_and_the_source_config_is_served():
	from frappe.desk.doctype.dashboard_chart_source.dashboard_chart_source import get_config

	for shipped in CARDS.values():
		card = frappe.get_doc("Number Card", shipped["name"])
		assert (card.type, card.method) == ("Custom", shipped["method"])
	chart = frappe.get_doc("Dashboard Chart", CHART["name"])
	assert (chart.chart_type, chart.source) == ("Custom", SOURCE["name"])
	assert "wms_module.api.floor_cards.lines_picked_per_hour" in get_config(SOURCE["name"])
	workspace = frappe.get_doc("Workspace", "WMS")
	assert CHART["name"] in [r.chart_name for r in workspace.charts]
