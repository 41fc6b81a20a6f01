"""Going live on an existing ERPNext (issue: unmanaged warehouses untouched, existing stock adopted).

A site that ran ERPNext before the app: three warehouses with stock (one item loose, one in a
batch) and open Sales Orders, none managed. Then one warehouse is laid out and activated: its
stock is adopted into its unlocated bin at once (bins = ERPNext), its old orders are allocated in
bulk by delivery date; the other two go on as if the app were not installed. Deactivating is
refused while work is open, and afterwards every hook leaves the warehouse alone again.
"""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_days, nowdate

from tests import factories
from tests.app.outbound_fixtures import make_bin, make_outbound_site, set_settings, so_lines, tasks_of
from tests.app.storage_setup import make_stock_reconciliation
from wms_module.exceptions import WMSValidationError
from wms_module.services import going_live, moves, task_lists
from wms_module.services.reconciliation import find_drift
from wms_module.services.storage import storage_bin_name


@pytest.fixture
def erp_site():
	return make_erp_site()


def make_erp_site() -> frappe._dict:
	"""Three warehouses that ERPNext has run for a while: stock in each, open orders in two."""
	set_settings(pick_task_creation="On Sales Order Submit", default_removal_strategy="FIFO")
	sites = [make_outbound_site(layout=False) for _ in range(3)]
	loose = factories.make_item()
	batched = factories.make_item(has_batch_no=1)
	batch = factories.make_batch(batched)
	for site in sites:
		factories.receive_stock(loose, site.warehouse, 10)
		factories.receive_stock(batched, site.warehouse, 6, batch_no=batch)
	late = factories.make_sales_order(
		items=so_lines(sites[0], (loose, 4)), delivery_date=add_days(nowdate(), 9)
	)
	early = factories.make_sales_order(
		items=so_lines(sites[0], (loose, 2)), delivery_date=add_days(nowdate(), 3)
	)
	elsewhere = factories.make_sales_order(items=so_lines(sites[1], (loose, 3)))
	return frappe._dict(
		sites=sites, loose=loose, batched=batched, batch=batch, late=late, early=early, elsewhere=elsewhere
	)


def bin_rows(warehouse: str) -> tuple[int, int]:
	"""(Bin Stock rows, Bin Ledger Entry rows) of a warehouse."""
	return (
		frappe.db.count("Bin Stock", {"warehouse": warehouse}),
		frappe.db.count("Bin Ledger Entry", {"warehouse": warehouse}),
	)


def activate(site) -> frappe.model.document.Document:
	"""Lay the warehouse out (its zones and bins exist: make_outbound_site) and turn management on."""
	make_bin(site, "A-01", "PICK", aisle=0, bay=1)
	return frappe.get_doc(
		{
			"doctype": "Warehouse Layout",
			"warehouse": site.warehouse,
			"n_aisles": 4,
			"bays_per_aisle": 10,
			"staging_bin": site.staging,
			"receiving_bin": site.receiving,
			"is_active": 1,
		}
	).insert(ignore_permissions=True)


def test_warehouses_the_wms_does_not_manage_are_left_to_erpnext(erp_site):
	assert [bin_rows(s.warehouse) for s in erp_site.sites] == [(0, 0)] * 3
	assert tasks_of(erp_site.elsewhere.name) == []
	# they deliver and move stock as ERPNext alone would
	dn = factories.make_delivery_note(sales_order=erp_site.elsewhere.name)
	assert dn.docstatus == 1
	factories.make_stock_entry(
		"Material Receipt", erp_site.loose, 5, to_warehouse=erp_site.sites[2].warehouse
	)
	make_stock_reconciliation(erp_site.loose, erp_site.sites[2].warehouse, 12)
	assert [bin_rows(s.warehouse) for s in erp_site.sites] == [(0, 0)] * 3
	assert frappe.db.get_value("Sales Order", erp_site.elsewhere.name, "per_delivered") == 100


def test_activating_adopts_the_stock_and_the_old_orders_are_allocated_by_delivery_date(erp_site):
	here, other = erp_site.sites[0].warehouse, erp_site.sites[1].warehouse
	assert find_drift(here) == [] and bin_rows(here) == (0, 0)  # not managed: ERPNext's alone

	layout = activate(erp_site.sites[0])

	assert find_drift(here) == []  # bins = ERPNext from the first minute
	unlocated = storage_bin_name("UNLOCATED", here)
	held = {
		(r.item_code, r.batch_no or None): r.on_hand_qty
		for r in frappe.get_all(
			"Bin Stock", filters={"storage_bin": unlocated}, fields=["item_code", "batch_no", "on_hand_qty"]
		)
	}
	assert held == {(erp_site.loose, None): 10, (erp_site.batched, erp_site.batch): 6}
	(log,) = frappe.get_all(
		"Bin Drift Log", filters={"warehouse": here, "action": "Opening"}, fields=["name", "drift_lines"]
	)
	assert log.drift_lines == 2
	assert set(frappe.get_all("Bin Ledger Entry", filters={"warehouse": here}, pluck="movement_type")) == {
		"Opening"
	}
	assert bin_rows(other) == (0, 0)
	assert layout.is_active

	# the orders submitted before: earliest delivery first; once stock is in a pick bin, allocated
	assert going_live.open_orders(here) == [erp_site.early.name, erp_site.late.name]
	moves.move_stock(
		moves.MoveStock(
			item_code=erp_site.loose, qty=10, from_bin=unlocated, to_bin=erp_site.sites[0].bins["A-01"]
		)
	)
	out = going_live.allocate_open_orders(here)
	assert out == {"allocated": [erp_site.early.name, erp_site.late.name], "failed": []}
	assert [t.qty for t in tasks_of(erp_site.early.name)] == [2]
	assert [t.qty for t in tasks_of(erp_site.late.name)] == [4]
	assert going_live.open_orders(here) == []
	assert find_drift(here) == []


def test_deactivating_waits_for_open_work_then_every_hook_leaves_the_warehouse_alone(erp_site):
	site = erp_site.sites[0]
	layout = activate(site)
	moves.move_stock(
		moves.MoveStock(
			item_code=erp_site.loose,
			qty=10,
			from_bin=storage_bin_name("UNLOCATED", site.warehouse),
			to_bin=site.bins["A-01"],
		)
	)
	going_live.allocate_open_orders(site.warehouse)

	layout.is_active = 0
	with pytest.raises(WMSValidationError, match="open task"):
		layout.save(ignore_permissions=True)

	for so in (erp_site.early, erp_site.late):
		frappe.get_doc("Sales Order", so.name).cancel()
	layout.reload()
	layout.is_active = 0
	layout.save(ignore_permissions=True)
	before = bin_rows(site.warehouse)
	factories.receive_stock(erp_site.loose, site.warehouse, 7)
	so = factories.make_sales_order(items=so_lines(site, (erp_site.loose, 1)))
	assert bin_rows(site.warehouse) == before and tasks_of(so.name) == []

	# managed again: the bins catch up with what ERPNext did meanwhile, logged as an opening
	layout.reload()
	layout.is_active = 1
	layout.save(ignore_permissions=True)
	assert find_drift(site.warehouse) == []
	assert frappe.db.count("Bin Drift Log", {"warehouse": site.warehouse, "action": "Opening"}) == 2


def test_cancelling_a_receipt_from_before_the_go_live_keeps_the_bins_equal_to_erpnext(erp_site):
	site = erp_site.sites[2]
	receipt = factories.receive_stock(erp_site.loose, site.warehouse, 4)
	activate(site)
	assert find_drift(site.warehouse) == []
	receipt.reload()
	receipt.cancel()
	assert find_drift(site.warehouse) == []


def test_a_stock_voucher_of_unmanaged_warehouses_costs_the_wms_one_query(erp_site, query_counter):
	from wms_module.events.stock import on_submit

	entry = factories.make_stock_entry(
		"Material Receipt", erp_site.loose, 2, to_warehouse=erp_site.sites[1].warehouse
	)
	with query_counter() as q:
		on_submit(entry)
	assert q.count <= 1, q.queries


def test_the_endpoints_say_how_far_a_warehouse_is_and_refuse_what_is_not_managed(erp_site):
	from tests.app.test_my_tasks import make_operator
	from wms_module.api import going_live as api

	here, other = erp_site.sites[0].warehouse, erp_site.sites[1].warehouse
	assert api.status(other) == {
		"warehouse": other,
		"managed": False,
		"unlocated_lines": 0,
		"unlocated_units": 0,
		"open_orders": 0,
		"bins_counted": 0,
		"bins_to_count": 0,
	}
	with pytest.raises(WMSValidationError, match=f"{other}.* is not managed by the WMS"):
		api.allocate_open_orders(other)
	with pytest.raises(frappe.DoesNotExistError, match="No Such Warehouse"):
		api.status("No Such Warehouse")
	activate(erp_site.sites[0])
	assert api.status(here) == {
		"warehouse": here,
		"managed": True,
		"unlocated_lines": 2,
		"unlocated_units": 16,
		"open_orders": 2,
		"bins_counted": 0,
		"bins_to_count": 0,
	}
	frappe.set_user(make_operator("olive"))
	try:
		with pytest.raises(frappe.PermissionError):
			api.allocate_open_orders(here)
	finally:
		frappe.set_user("Administrator")


def activate_and_stock(names: dict) -> None:
	site = names["site"]
	activate(site)
	moves.move_stock(
		moves.MoveStock(
			item_code=names["loose"],
			qty=10,
			from_bin=storage_bin_name("UNLOCATED", site.warehouse),
			to_bin=site.bins["A-01"],
		)
	)


def allocate_through_the_endpoint(warehouse: str) -> dict:
	from wms_module.api import going_live as api

	return api.allocate_open_orders(warehouse)


def open_pick_qty(orders: list[str]) -> dict[str, list[float]]:
	return {so: [t.qty for t in tasks_of(so, task_type="Pick")] for so in orders}


def test_the_old_orders_are_allocated_by_a_background_job(committed_site):
	"""Through the endpoint, committed, then the real worker (site mode: bench worker --burst)."""
	from tests.harness import run_background_jobs, run_in_site

	def setup() -> dict:
		data = make_erp_site()
		return {
			"site": data.sites[0],
			"loose": data.loose,
			"orders": [data.early.name, data.late.name],
		}

	names = run_in_site(committed_site, setup)
	run_in_site(committed_site, activate_and_stock, names)
	answer = run_in_site(committed_site, allocate_through_the_endpoint, names["site"].warehouse)
	assert answer == {"warehouse": names["site"].warehouse, "queued_orders": 2}
	assert run_in_site(committed_site, open_pick_qty, names["orders"], commit=False) == {
		names["orders"][0]: [],
		names["orders"][1]: [],
	}
	run_background_jobs(committed_site, queue="long")
	assert run_in_site(committed_site, open_pick_qty, names["orders"], commit=False) == {
		names["orders"][0]: [2],
		names["orders"][1]: [4],
	}


def as_user(user: str, fn, **kwargs):
	frappe.set_user(user)
	try:
		return fn(**kwargs)
	finally:
		frappe.set_user("Administrator")


def sweep_of(warehouse: str, bin_name: str) -> str:
	return frappe.get_value(
		"Warehouse Task",
		{"warehouse": warehouse, "source_bin": bin_name, "reference_doctype": "Warehouse Layout"},
		"name",
	)


def test_the_go_live_count_places_the_adopted_stock_in_the_bins_bin_by_bin(erp_site):
	"""Blind, by scanning: each bin's sweep takes every item found there out of the unlocated bin;
	what the unlocated bin does not hold waits for a supervisor; bins = ERPNext all along."""
	from tests.app.test_my_tasks import make_operator
	from wms_module.api import going_live as api

	site = erp_site.sites[0]
	activate(site)
	make_bin(site, "B-05", "PICK", aisle=1, bay=5)
	assert api.plan_count(site.warehouse) == {"warehouse": site.warehouse, "created": 2, "already_open": 0}
	assert api.plan_count(site.warehouse)["created"] == 0  # one open sweep per bin
	operator = make_operator("gina")
	swept = {
		t["source_bin_code"]: t
		for t in task_lists.my_tasks(user=operator)
		if t["warehouse"] == site.warehouse
	}
	assert set(swept) == {"A-01", "B-05"} and swept["A-01"]["item_code"] is None  # blind: no item, no qty
	a01, b05 = sweep_of(site.warehouse, site.bins["A-01"]), sweep_of(site.warehouse, site.bins["B-05"])

	placed = as_user(
		operator, api.count_item, task=a01, bin_scan="A-01", item_scan=erp_site.loose, counted_qty=7
	)
	assert (placed["status"], placed["placed"]) == ("Done", 7)
	placed = as_user(
		operator,
		api.count_item,
		task=a01,
		bin_scan="A-01",
		item_scan=erp_site.batched,
		counted_qty=6,
		batch_no=erp_site.batch,
	)
	assert (placed["status"], placed["placed"], placed["batch_no"]) == ("Done", 6, erp_site.batch)
	# 4 more of the loose item in B-05, but the unlocated bin holds only 3: a variance, for a supervisor
	held = as_user(
		operator, api.count_item, task=b05, bin_scan="B-05", item_scan=erp_site.loose, counted_qty=4
	)
	assert (held["status"], held["posted"], held["placed"]) == ("Awaiting Approval", False, 0)
	assert not {"book_qty", "book_qty_at_count", "difference"} & set(held)  # blind

	done = as_user(operator, api.finish_bin, task=a01)
	assert done["status"] == "Done" and {i.item_code for i in done["items"]} == {
		erp_site.loose,
		erp_site.batched,
	}
	assert find_drift(site.warehouse) == []
	assert bin_qty(site.bins["A-01"]) == {(erp_site.loose, None): 7, (erp_site.batched, erp_site.batch): 6}
	assert bin_qty(storage_bin_name("UNLOCATED", site.warehouse)) == {(erp_site.loose, None): 3}
	status = api.status(site.warehouse)
	assert (status["unlocated_units"], status["bins_counted"], status["bins_to_count"]) == (3, 1, 1)


def test_a_go_live_count_refuses_a_wrong_bin_and_an_unknown_item_naming_them(erp_site):
	from wms_module.api import going_live as api
	from wms_module.exceptions import ScanMismatchError

	site = erp_site.sites[0]
	activate(site)
	api.plan_count(site.warehouse)
	a01 = sweep_of(site.warehouse, site.bins["A-01"])
	with pytest.raises(ScanMismatchError, match="Wrong bin"):
		api.count_item(task=a01, bin_scan="Z-99", item_scan=erp_site.loose, counted_qty=1)
	with pytest.raises(ScanMismatchError, match="Unknown item: scanned NO-SUCH-ITEM"):
		api.count_item(task=a01, bin_scan="A-01", item_scan="NO-SUCH-ITEM", counted_qty=1)
	with pytest.raises(WMSValidationError, match="is not managed by the WMS"):
		api.plan_count(erp_site.sites[1].warehouse)
	assert find_drift(site.warehouse) == []
	assert (
		frappe.db.count("Warehouse Task", {"reference_doctype": "Warehouse Task", "reference_name": a01}) == 0
	)


def bin_qty(storage_bin: str) -> dict:
	return {
		(r.item_code, r.batch_no or None): r.on_hand_qty
		for r in frappe.get_all(
			"Bin Stock", filters={"storage_bin": storage_bin}, fields=["item_code", "batch_no", "on_hand_qty"]
		)
		if r.on_hand_qty
	}


def test_a_bin_under_a_denial_count_and_a_go_live_count_is_active_again_when_both_are_done(erp_site):
	"""A short pick put bin A-01 under count (Counting: nothing allocated from it); the go-live count
	sweeps it too. The bin is Active again only once neither holds it, whichever ends last."""
	from tests.app.test_count_tasks import denial
	from wms_module.api import going_live as api
	from wms_module.services.counts import confirm_count

	site = erp_site.sites[0]
	activate(site)
	count = denial(site, factories.make_item(), "A-01", stock=5, ordered=3, found=1)
	api.plan_count(site.warehouse)
	a01 = sweep_of(site.warehouse, site.bins["A-01"])
	assert frappe.db.get_value("Storage Bin", site.bins["A-01"], "status") == "Counting"

	confirm_count(task=count, counted_qty=1)
	assert frappe.db.get_value("Storage Bin", site.bins["A-01"], "status") == "Counting"  # the sweep holds it
	api.finish_bin(task=a01)
	assert frappe.db.get_value("Storage Bin", site.bins["A-01"], "status") == "Active"
	assert find_drift(site.warehouse) == []
