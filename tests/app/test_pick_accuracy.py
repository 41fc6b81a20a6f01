"""Pick accuracy from the counts (issue 15): a count that finds a bin short points back to the last
picks of that item from that bin, the operator who made them is blamed, and the Pick Accuracy
report shows each operator's accuracy and, in its second view, the blamed picks."""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_to_date, now_datetime

from tests import factories
from tests.app.outbound_fixtures import outbound_defaults, outbound_floor, put_stock, so_lines, tasks_of
from tests.app.test_count_tasks import acting_as
from tests.app.test_my_tasks import make_operator
from wms_module.api import counts as counts_api
from wms_module.reports.pick_accuracy import execute
from wms_module.services.accuracy import pick_accuracy
from wms_module.services.picking import ConfirmPick, confirm_pick


def picker(name: str) -> str:
	# WMS Supervisor too: a supervisor may confirm a pick on no released wave, so the test needs no wave
	user = make_operator(name)
	frappe.get_doc("User", user).add_roles("WMS Supervisor")
	return user


@pytest.fixture
def floor():
	outbound_defaults(count_variance_tolerance_qty=0, count_variance_tolerance_percent=0)
	site = outbound_floor("A-01", "B-05")
	item = factories.make_item()
	put_stock(site, item, "A-01", 10)
	return site, item


def pick_as(user: str, site, item, ordered: float, found: float | None = None) -> str:
	"""``user`` picks an order of ``ordered`` from A-01 (``found``: a short pick of that many)."""
	so = factories.make_sales_order(items=so_lines(site, (item, ordered)))
	(t,) = tasks_of(so.name, task_type="Pick", source_bin=site.bin("A-01"))
	short = found is not None
	with acting_as(user):
		out = confirm_pick(
			ConfirmPick(
				task=t.name, bin_scan="A-01", item_scan=item, qty=found if short else ordered, short=short
			)
		)
	return out.count_task if short else t.name


def window():
	now = now_datetime()
	return add_to_date(now, hours=-1), add_to_date(now, minutes=1)


def test_a_count_that_finds_the_bin_short_blames_the_last_picker(floor, query_counter):
	site, item = floor
	ann, bob, cat, dan = (picker(n) for n in ("ann", "bob", "cat", "dan"))
	ann_pick = pick_as(ann, site, item, 3)  # books 7
	bob_pick = pick_as(bob, site, item, 2)  # books 5
	# cat finds 4 where the books say 5: a short pick, and a count of A-01 follows (books now 1)
	count = pick_as(cat, site, item, 5, found=4)
	with acting_as(dan):
		counts_api.submit(task=count, bin_scan="A-01", item_scan=item, counted_qty=0)  # variance -1
	counts_api.approve(task=count)

	start, end = window()
	with query_counter() as q:
		result = pick_accuracy(start=start, end=end, warehouse=site.warehouse)
	assert q.count <= 3, q.queries  # counts, the picks from their bins, the picks made

	(b,) = [b for b in result.blames if b.count.task == count]
	assert (b.count.variance, b.unexplained) == (-1, 0)
	# bob's 2 were the last picks that could hide 1 unit; cat reported the bin short (found it)
	assert [(p.task, p.operator) for p in b.picks] == [(bob_pick, bob)]
	scores = {a.operator: (a.picks, a.blamed, a.accuracy) for a in result.operators}
	assert scores[ann] == (1, 0, 1.0) and scores[bob] == (1, 1, 0.0) and scores[cat] == (1, 0, 1.0)
	assert ann_pick not in {p.task for bl in result.blames for p in bl.picks}


def test_the_report_lists_operators_and_the_blamed_picks(floor):
	site, item = floor
	ann, bob = picker("ann"), picker("bob")
	pick_as(ann, site, item, 3)
	bob_pick = pick_as(bob, site, item, 2)
	count = pick_as(ann, site, item, 5, found=4)
	counts_api.confirm(task=count, counted_qty=0)  # a supervisor's own count, variance -1 too
	today = str(now_datetime().date())
	filters = {"from_date": today, "to_date": today, "warehouse": site.warehouse}

	columns, rows, _message, chart = execute(filters)
	assert [c["fieldname"] for c in columns] == ["operator", "picks", "blamed", "accuracy"]
	by_operator = {r["operator"]: r for r in rows}
	assert (by_operator[ann]["picks"], by_operator[ann]["blamed"], by_operator[ann]["accuracy"]) == (
		2,
		0,
		100.0,
	)
	assert (by_operator[bob]["picks"], by_operator[bob]["blamed"], by_operator[bob]["accuracy"]) == (
		1,
		1,
		0.0,
	)
	assert chart["data"]["labels"]

	columns, rows = execute({**filters, "view": "Blamed Picks"})
	assert [(r["count_task"], r["pick_task"], r["operator"], r["variance"]) for r in rows] == [
		(count, bob_pick, bob, -1)
	]
	assert execute({**filters, "view": "Blamed Picks", "operator": ann})[1] == []


def test_a_go_live_count_blames_nobody():
	"""Go-live counts adopt stock nobody had placed: their variances are not mis-picks."""
	from tests.app.outbound_fixtures import activated_after_erpnext
	from wms_module.services import go_live_counts

	site, item, _layout = activated_after_erpnext(("GL-01",), 5)
	go_live_counts.plan_sweeps(warehouse=site.warehouse)
	sweep = frappe.get_value("Warehouse Task", {"source_bin": site.bins["GL-01"]}, "name")
	go_live_counts.record_item(task=sweep, bin_scan="GL-01", item_scan=item, counted_qty=5)
	start, end = window()
	assert pick_accuracy(start=start, end=end, warehouse=site.warehouse).blames == []
