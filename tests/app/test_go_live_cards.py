"""The WMS workspace shows how far going live is: "Units Unlocated" (adopted stock not yet counted
into a bin) and "Go-Live Bins to Count" (open sweeps of the go-live count).

Each card's own filters are read from the shipped JSON and evaluated as Frappe's Number Card does
(frappe/desk/doctype/number_card/number_card.py ``get_result``: ``frappe.get_list`` of the card's
function over its document type with its filters); in site mode the real ``get_result`` runs on
the records ``bench migrate`` made. Other tests' data may be on a real site: the tests read what
their own steps add."""

from __future__ import annotations

import json

import frappe
import pytest

from tests.app.app_files import MODULE_DIR, load
from tests.app.outbound_fixtures import activated_after_erpnext
from tests.conftest import SITE_MODE
from wms_module.services import go_live_counts, going_live

UNLOCATED = load(MODULE_DIR / "number_card" / "units_unlocated" / "units_unlocated.json")
TO_COUNT = load(MODULE_DIR / "number_card" / "go_live_bins_to_count" / "go_live_bins_to_count.json")
WORKSPACE = load(MODULE_DIR / "workspace" / "wms" / "wms.json")


def number(card: dict) -> float:
	"""The card's number as number_card.get_result computes it."""
	function = {"Count": "count(*)", "Sum": f"sum({card.get('aggregate_function_based_on')})"}[
		card["function"]
	]
	rows = frappe.get_list(
		card["document_type"], fields=[f"{function} as result"], filters=json.loads(card["filters_json"])
	)
	return float(rows[0]["result"] or 0) if rows else 0.0


def test_the_cards_follow_a_go_live_from_adoption_to_the_last_bin():
	unlocated, to_count = number(UNLOCATED), number(TO_COUNT)
	site, item, _layout = activated_after_erpnext(("GL-01", "GL-02"), 9)
	assert number(UNLOCATED) == unlocated + 9  # adopted, in no real bin yet
	assert going_live.status(site.warehouse)["unlocated_units"] == 9

	go_live_counts.plan_sweeps(warehouse=site.warehouse)
	assert number(TO_COUNT) == to_count + 2
	sweep = frappe.get_value("Warehouse Task", {"source_bin": site.bins["GL-01"]}, "name")
	go_live_counts.record_item(task=sweep, bin_scan="GL-01", item_scan=item, counted_qty=9)
	go_live_counts.finish_sweep(task=sweep)
	assert (number(UNLOCATED), number(TO_COUNT)) == (unlocated, to_count + 1)


def test_the_workspace_shows_both_cards():
	names = {UNLOCATED["name"], TO_COUNT["name"]}
	blocks = {
		b["data"]["number_card_name"] for b in json.loads(WORKSPACE["content"]) if b["type"] == "number_card"
	}
	assert names <= blocks
	assert names <= {r["number_card_name"] for r in WORKSPACE["number_cards"]}


@pytest.mark.skipif(not SITE_MODE, reason="Number Card records exist only on a real site")
def test_on_the_site_frappe_counts_them_the_same():
	from frappe.desk.doctype.number_card.number_card import get_result

	site, _item, _layout = activated_after_erpnext(("GL-01",), 4)
	go_live_counts.plan_sweeps(warehouse=site.warehouse)
	for shipped in (UNLOCATED, TO_COUNT):
		card = frappe.get_doc("Number Card", shipped["name"])
		assert json.loads(card.filters_json) == json.loads(shipped["filters_json"])
		assert get_result(card.as_json(), card.filters_json) == number(shipped)
	assert UNLOCATED["name"] in [r.number_card_name for r in frappe.get_doc("Workspace", "WMS").number_cards]
