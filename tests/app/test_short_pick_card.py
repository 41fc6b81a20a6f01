"""The WMS workspace's "Short Picks Today" number card counts the picks an operator reported short
today (issue 10: supervisors act in the desk).

The card's own filters are read from the shipped JSON and evaluated as Frappe's Number Card does
(frappe/desk/doctype/number_card/number_card.py ``get_result``: ``frappe.get_list`` of
``count(*)`` with the desk's filters, which for this card are its ``filters_json``). In site mode
the real ``get_result`` runs too, on the card record ``bench migrate`` made, as the workspace the
site serves references it."""

from __future__ import annotations

import json

import frappe
import pytest
from frappe.utils import add_to_date, now_datetime

from tests import factories
from tests.app.app_files import MODULE_DIR, load
from tests.app.outbound_fixtures import outbound_defaults, outbound_floor, put_stock, so_lines, tasks_of
from tests.conftest import SITE_MODE
from wms_module.services.picking import ConfirmPick, confirm_pick

CARD = load(MODULE_DIR / "number_card" / "short_picks_today" / "short_picks_today.json")
WORKSPACE = load(MODULE_DIR / "workspace" / "wms" / "wms.json")


@pytest.fixture
def site():
	outbound_defaults()
	return outbound_floor("A-01", "A-02", "C-03", "B-05")


def card_filters() -> list:
	# what the desk sends: frappe.dashboard_utils.get_all_filters (no dynamic filters on this card)
	assert not CARD.get("dynamic_filters_json")
	return json.loads(CARD["filters_json"])


def card_count() -> int:
	"""The card's number, computed as number_card.get_result does for a Count card."""
	rows = frappe.get_list(CARD["document_type"], fields=["count(*) as result"], filters=card_filters())
	return int(rows[0]["result"]) if rows else 0


def order_line(site, stock: dict[str, float], ordered: float):
	"""A submitted order of one line over stock in bins: its Pick task (from the first bin listed)."""
	item = factories.make_item()
	for code, qty in stock.items():
		put_stock(site, item, code, qty)
	so = factories.make_sales_order(items=so_lines(site, (item, ordered)))
	(t,) = tasks_of(so.name)
	assert t.source_bin == site.bin(next(iter(stock)))
	return t


def pick(site, t, qty: float, *, short: bool = False) -> str:
	"""Confirm ``qty`` of ``t`` at its bin; ``short``: the bin held no more (the operator's short pick)."""
	code = next(c for c in site.bins if site.bin(c) == t.source_bin)
	confirm_pick(ConfirmPick(task=t.name, bin_scan=code, item_scan=t.item_code, qty=qty, short=short))
	return t.name


def test_the_card_counts_todays_short_picks_and_nothing_else(site):
	"""Each bin an operator found short today counts once, whether another bin covered the rest or
	the line stayed short; a full pick, the shortage record of an uncovered line (no bin) and a
	short pick of an earlier day do not."""
	before = card_count()
	# every bin is stocked first: a short pick puts its bin under a count, closed to new stock
	covered = order_line(site, {"A-01": 3, "B-05": 5}, ordered=3)
	uncovered = order_line(site, {"A-02": 3}, ordered=3)
	full = order_line(site, {"C-03": 2}, ordered=2)
	pick(site, covered, 1, short=True)
	pick(site, uncovered, 1, short=True)
	pick(site, full, 2)
	(record,) = [
		t.name for t in tasks_of(uncovered.reference_name) if t.status == "Exception" and not t.source_bin
	]
	assert card_count() == before + 2
	counted = set(frappe.get_list(CARD["document_type"], filters=card_filters(), pluck="name"))
	assert {covered.name, uncovered.name} <= counted and not {record, full.name} & counted

	frappe.db.set_value("Warehouse Task", covered.name, "completed_on", add_to_date(now_datetime(), days=-1))
	assert card_count() == before + 1


def test_the_workspace_shows_the_card():
	"""Frappe places workspace blocks by name: the content's number_card block and the
	number_cards row both name the card."""
	blocks = [b for b in json.loads(WORKSPACE["content"]) if b["type"] == "number_card"]
	assert CARD["name"] in [b["data"]["number_card_name"] for b in blocks]
	assert CARD["name"] in [r["number_card_name"] for r in WORKSPACE["number_cards"]]


@pytest.mark.skipif(not SITE_MODE, reason="Number Card and Workspace records exist only on a real site")
def test_on_the_site_the_card_is_migrated_referenced_and_counted_by_frappe(site):
	from frappe.desk.doctype.number_card.number_card import get_result

	from tests.app.test_my_tasks import make_operator

	card = frappe.get_doc("Number Card", CARD["name"])
	assert (card.document_type, card.function, card.is_standard, card.module) == (
		"Warehouse Task",
		"Count",
		1,
		"WMS Module",
	)
	assert json.loads(card.filters_json) == card_filters()
	workspace = frappe.get_doc("Workspace", "WMS")
	assert CARD["name"] in [r.number_card_name for r in workspace.number_cards]
	assert CARD["name"] in [b["data"].get("number_card_name") for b in json.loads(workspace.content)]

	before = get_result(card.as_json(), card.filters_json)
	pick(site, order_line(site, {"A-01": 2}, ordered=2), 1, short=True)
	assert get_result(card.as_json(), card.filters_json) == before + 1 == card_count()

	# a supervisor (a desk user who reads Warehouse Task) sees the card on the workspace and its number
	supervisor = make_operator("sven")
	frappe.get_doc("User", supervisor).add_roles("WMS Supervisor")
	frappe.set_user(supervisor)
	try:
		assert frappe.has_permission("Number Card", doc=card.name)
		assert get_result(card.as_json(), card.filters_json) == before + 1
	finally:
		frappe.set_user("Administrator")
