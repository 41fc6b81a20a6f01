"""Returns: a Sales Return lands in the returns bin and waits for inspection (restock, quarantine,
scrap, in parts); a Purchase Return takes its stock from the bins its rows name. After each, the
bins add up to ERPNext per (warehouse, item, batch)."""

from __future__ import annotations

import frappe
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.app.outbound_fixtures import balance, make_bin, make_zone, outbound_floor, put_stock
from wms_module.api import returns as returns_api
from wms_module.services import reconciliation
from wms_module.services.returns import InspectionDecision, decide_inspection


def returns_floor(*, returns_bin: bool = True):
	site = outbound_floor("A-01", "R-01")
	site.zones["RET"] = make_zone(site.warehouse, "RET", "Returns")
	site.zones["QUA"] = make_zone(site.warehouse, "QUA", "Quarantine")
	make_bin(site, "RET-01", "RET")
	make_bin(site, "QUA-01", "QUA", seq=2)
	make_bin(site, "QUA-00", "QUA", seq=1)
	if returns_bin:
		layout = frappe.get_doc("Warehouse Layout", site.warehouse)
		layout.returns_bin = site.bin("RET-01")
		layout.save()
	return site


def delivered_and_returned(site, qty=5, returned=3):
	"""``qty`` put in A-01, delivered by hand, ``returned`` of it sent back (a Sales Return)."""
	item = factories.make_item()
	put_stock(site, item, "A-01", qty)
	dn = factories.make_delivery_note(items=[{"item_code": item, "qty": qty, "warehouse": site.warehouse}])
	sales_return = factories.make_delivery_note(
		items=[
			{
				"item_code": item,
				"qty": -returned,
				"warehouse": site.warehouse,
				"dn_detail": dn.items[0].name,
				"rate": dn.items[0].rate,
			}
		],
		customer=dn.customer,
		is_return=1,
		return_against=dn.name,
	)
	return item, sales_return


def inspections(sales_return) -> list:
	return frappe.get_all(
		"Warehouse Task",
		filters={"reference_doctype": "Delivery Note", "reference_name": sales_return.name},
		fields=["*"],
		order_by="creation asc",
	)


def no_drift(site):
	assert reconciliation.find_drift(site.warehouse) == []


def test_sales_return_lands_in_the_returns_bin_with_an_inspection_task():
	site = returns_floor()
	item, sales_return = delivered_and_returned(site)

	assert balance(site.bin("RET-01"), item).on_hand == 3
	(task,) = inspections(sales_return)
	assert (task.task_type, task.status, task.qty, task.source_bin) == (
		"Inspect",
		"Open",
		3,
		site.bin("RET-01"),
	)
	assert task.reference_detail == sales_return.items[0].name
	assert task.zone == site.zones["RET"]
	no_drift(site)


def test_partial_decisions_restock_two_and_scrap_one():
	site = returns_floor()
	item, sales_return = delivered_and_returned(site)
	(task,) = inspections(sales_return)
	erp_before = frappe.db.get_value("Bin", {"item_code": item, "warehouse": site.warehouse}, "actual_qty")

	first = decide_inspection(InspectionDecision(task.name, "restock", 2, "as new", to_bin=site.bin("A-01")))
	assert (first.status, first.decided_qty, first.remaining_qty) == ("In Progress", 2, 1)
	(putaway_name,) = first.putaway_tasks
	putaway = frappe.get_doc("Warehouse Task", putaway_name)
	assert (putaway.task_type, putaway.source_bin, putaway.destination_bin, putaway.qty) == (
		"Putaway",
		site.bin("RET-01"),
		site.bin("A-01"),
		2,
	)
	assert putaway.putaway_rule == "Return: restock" and putaway.reference_name == sales_return.name

	second = decide_inspection(InspectionDecision(task.name, "scrap", 1, "crushed box"))
	assert (second.status, second.remaining_qty) == ("Done", 0)
	entry = frappe.get_doc("Stock Entry", second.stock_entry)
	assert (entry.docstatus, entry.purpose, entry.items[0].qty) == (1, "Material Issue", 1)
	assert frappe.db.get_value("Bin", {"item_code": item, "warehouse": site.warehouse}, "actual_qty") == (
		erp_before - 1
	)
	assert balance(site.bin("RET-01"), item).on_hand == 2  # the restock waits for its putaway
	assert "crushed box" in frappe.db.get_value("Warehouse Task", task.name, "exception_reason")
	logged = frappe.get_all(
		"WMS Labor Log",
		filters={"warehouse_task": task.name},
		fields=["activity", "units"],
		order_by="units desc",
	)
	assert [(r.activity, r.units) for r in logged] == [("Inspect", 2), ("Inspect", 1)]
	no_drift(site)

	with pytest.raises(frappe.ValidationError, match="is Done; there is nothing left to inspect"):
		decide_inspection(InspectionDecision(task.name, "scrap", 1))

	put_away(putaway)
	assert balance(site.bin("A-01"), item).on_hand == 2 and balance(site.bin("RET-01"), item).on_hand == 0
	no_drift(site)


def put_away(task):
	"""The operator puts a decided return away (services.putaway, the one door for Putaway tasks)."""
	from wms_module.services.putaway import ConfirmPutaway, confirm_putaway

	code = frappe.db.get_value("Storage Bin", task.source_bin, "bin_code")
	destination = frappe.db.get_value("Storage Bin", task.destination_bin, "bin_code")
	return confirm_putaway(ConfirmPutaway(task.name, code, task.item_code, task.qty, destination))


def test_quarantine_goes_where_directed_putaway_puts_held_stock_unless_a_bin_is_named():
	site = returns_floor()
	_item, sales_return = delivered_and_returned(site)
	(task,) = inspections(sales_return)

	first = decide_inspection(InspectionDecision(task.name, "quarantine", 1, "smells"))
	(chosen,) = first.putaway_tasks
	destination, rule = frappe.db.get_value("Warehouse Task", chosen, ["destination_bin", "putaway_rule"])
	assert destination in (site.bin("QUA-00"), site.bin("QUA-01")) and rule.startswith("Return: quarantine")
	named = decide_inspection(InspectionDecision(task.name, "quarantine", 1, to_bin=site.bin("QUA-01")))
	assert frappe.db.get_value("Warehouse Task", named.putaway_tasks[0], "destination_bin") == site.bin(
		"QUA-01"
	)
	with pytest.raises(frappe.ValidationError, match="to_bin .* must be an active bin of a Quarantine zone"):
		decide_inspection(InspectionDecision(task.name, "quarantine", 1, to_bin=site.bin("A-01")))


def test_restock_goes_where_directed_putaway_puts_it_unless_a_bin_is_named():
	site = returns_floor()
	item, sales_return = delivered_and_returned(site)
	(task,) = inspections(sales_return)

	result = decide_inspection(InspectionDecision(task.name, "restock", 3))

	tasks = [frappe.get_doc("Warehouse Task", name) for name in result.putaway_tasks]
	assert sum(t.qty for t in tasks) == 3
	assert {t.destination_bin for t in tasks} <= {site.bin("A-01"), site.bin("R-01")}
	assert all(t.putaway_rule.startswith("Return: restock") for t in tasks)
	for t in tasks:
		put_away(t)
	assert balance(site.bin("RET-01"), item).on_hand == 0
	no_drift(site)


@pytest.mark.parametrize(
	("decision", "qty", "to_bin", "message"),
	[
		("restock", 4, "A-01", "at most the 3 left to inspect, got 4"),
		("restock", 0, "A-01", "more than 0"),
		("restock", 1, "QUA-01", "a Pick or Reserve zone"),
		("keep", 1, None, "decision must be one of restock, quarantine, scrap, got 'keep'"),
	],
)
def test_bad_decisions_are_refused_and_change_nothing(decision, qty, to_bin, message):
	site = returns_floor()
	item, sales_return = delivered_and_returned(site)
	(task,) = inspections(sales_return)
	with pytest.raises(frappe.ValidationError, match=message):
		decide_inspection(InspectionDecision(task.name, decision, qty, to_bin=to_bin and site.bin(to_bin)))
	assert frappe.db.get_value("Warehouse Task", task.name, ["status", "picked_qty"]) == ("Open", 0)
	assert balance(site.bin("RET-01"), item).on_hand == 3


def test_only_a_supervisor_scraps_and_the_endpoint_decides():
	from tests.app.http_fixtures import make_users

	site = returns_floor()
	_item, sales_return = delivered_and_returned(site)
	(task,) = inspections(sales_return)
	make_users((("ivo.inspector@example.com", ["WMS Operator"]),), "Inspect-Secret-1", "Ivo")
	frappe.set_user("ivo.inspector@example.com")
	try:
		with pytest.raises(frappe.PermissionError, match="Supervisor or Manager"):
			returns_api.inspect(task.name, "scrap", 1)
		answer = returns_api.inspect(task.name, "restock", 3, "fine", site.bin("A-01"))
	finally:
		frappe.set_user("Administrator")
	assert answer["status"] == "Done" and answer["putaway_tasks"]


def test_without_a_returns_bin_the_return_lands_in_the_receiving_bin():
	site = returns_floor(returns_bin=False)
	item, sales_return = delivered_and_returned(site, returned=2)
	assert balance(site.receiving, item).on_hand == 2
	assert [t.source_bin for t in inspections(sales_return)] == [site.receiving]
	no_drift(site)


def test_a_cancelled_return_cancels_its_inspection_and_the_bins_follow():
	site = returns_floor()
	item, sales_return = delivered_and_returned(site)
	sales_return.reload()
	sales_return.cancel()
	assert [t.status for t in inspections(sales_return)] == ["Cancelled"]
	assert balance(site.bin("RET-01"), item).on_hand == 0
	no_drift(site)


def test_a_return_cancelled_after_its_restock_takes_the_units_from_where_they_went():
	site = returns_floor()
	item, sales_return = delivered_and_returned(site)
	(task,) = inspections(sales_return)
	restock = decide_inspection(InspectionDecision(task.name, "restock", 2, to_bin=site.bin("A-01")))
	put_away(frappe.get_doc("Warehouse Task", restock.putaway_tasks[0]))
	assert balance(site.bin("A-01"), item).on_hand == 2

	sales_return.reload()
	sales_return.cancel()

	assert balance(site.bin("A-01"), item).on_hand == 0
	assert balance(site.bin("RET-01"), item).on_hand == 0
	assert frappe.db.get_value("Warehouse Task", task.name, "status") == "Cancelled"
	no_drift(site)


def test_the_returns_bin_must_be_in_a_returns_zone():
	site = returns_floor(returns_bin=False)
	layout = frappe.get_doc("Warehouse Layout", site.warehouse)
	layout.returns_bin = site.bin("A-01")
	with pytest.raises(frappe.ValidationError, match="is in a Pick zone; expected a bin of a Returns zone"):
		layout.save()


# ---------------------------------------------------------------------------- Purchase Returns


def received_in_bins(site, a01=6, r01=4):
	item = factories.make_item()
	receipt = factories.make_purchase_receipt(
		items=[{"item_code": item, "qty": a01 + r01, "warehouse": site.warehouse}]
	)
	from wms_module.services import moves

	for code, qty in (("A-01", a01), ("R-01", r01)):
		moves.move_stock(moves.MoveStock(item, qty, site.receiving, site.bin(code)))
	return item, receipt


def purchase_return(receipt, qty, storage_bin=None, submit=True):
	row = receipt.items[0]
	values = {
		"item_code": row.item_code,
		"qty": -qty,
		"received_qty": -qty,
		"warehouse": row.warehouse,
		"purchase_receipt_item": row.name,
	}
	if storage_bin:
		values["wms_storage_bin"] = storage_bin
	return factories.make_purchase_receipt(
		items=[values], supplier=receipt.supplier, is_return=1, return_against=receipt.name, submit=submit
	)


def test_purchase_return_takes_stock_from_the_bin_it_names():
	site = returns_floor()
	item, receipt = received_in_bins(site)
	purchase_return(receipt, 3, storage_bin=site.bin("R-01"))
	assert balance(site.bin("R-01"), item).on_hand == 1
	assert balance(site.bin("A-01"), item).on_hand == 6
	no_drift(site)


def test_purchase_return_naming_a_bin_without_enough_is_refused_at_submit():
	site = returns_floor()
	item, receipt = received_in_bins(site)
	draft = purchase_return(receipt, 5, storage_bin=site.bin("R-01"), submit=False)
	with pytest.raises(frappe.ValidationError) as refused:
		draft.submit()
	message = str(refused.value)
	assert site.bin("R-01") in message and item in message and "holds 4" in message and "takes 5" in message
	assert balance(site.bin("R-01"), item).on_hand == 4


def test_purchase_return_without_a_bin_follows_the_removal_rule():
	site = returns_floor()
	item, receipt = received_in_bins(site)
	purchase_return(receipt, 7)
	assert balance(site.bin("A-01"), item).on_hand + balance(site.bin("R-01"), item).on_hand == 3
	no_drift(site)


# ---------------------------------------------------------------------------- invariant


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
	st.lists(
		st.tuples(st.sampled_from(["restock", "quarantine", "scrap"]), st.integers(1, 3)),
		min_size=1,
		max_size=5,
	)
)
def test_any_split_of_decisions_keeps_the_books(frappe_site, steps):
	"""Whatever the inspector decides, part by part: never more than was returned is decided, what is
	decided is on a Putaway task or written off, and the bins equal ERPNext after every decision
	(a refused decision changes nothing)."""
	site = returns_floor()
	item, sales_return = delivered_and_returned(site, qty=6, returned=4)
	(task,) = inspections(sales_return)
	targets = {"restock": site.bin("A-01"), "quarantine": site.bin("QUA-01"), "scrap": None}
	decided = 0
	for decision, qty in steps:
		try:
			decide_inspection(InspectionDecision(task.name, decision, qty, to_bin=targets[decision]))
			decided += qty
		except frappe.ValidationError:
			assert decided + qty > 4
		assert decided <= 4
		putaways = frappe.get_all(
			"Warehouse Task",
			filters={"reference_name": sales_return.name, "task_type": "Putaway"},
			pluck="qty",
		)
		scrapped = (
			4 - balance(site.bin("RET-01"), item).on_hand
		)  # all that left the returns bin (none put away yet)
		assert sum(putaways) + scrapped == decided
		assert frappe.db.get_value("Warehouse Task", task.name, "picked_qty") == decided
		no_drift(site)


def test_opening_inspections_costs_the_same_for_one_row_or_many(query_counter):
	from wms_module.services.returns import open_inspections

	site = returns_floor()

	def counted(n):
		items = [factories.make_item() for _ in range(n)]
		for item in items:
			put_stock(site, item, "A-01", 2)
		sent = [{"item_code": i, "qty": 1, "warehouse": site.warehouse, "rate": 20} for i in items]
		dn = factories.make_delivery_note(items=sent)
		rows = [
			{
				"item_code": r.item_code,
				"qty": -1,
				"warehouse": site.warehouse,
				"rate": 20,
				"dn_detail": r.name,
			}
			for r in dn.items
		]
		sales_return = factories.make_delivery_note(
			items=rows, customer=dn.customer, is_return=1, return_against=dn.name, submit=False
		)
		sales_return.submit()
		assert len(inspections(sales_return)) == n
		with query_counter() as q:
			open_inspections(sales_return)
		return q.count

	assert counted(1) == counted(5) <= 5
