# ruff: noqa: F811  (the site fixture, imported from test_qc, is the tests' parameter)

"""QC rules around the decision: quarantine has one door (no move, return or override by hand), the
switching rules move a supplier's item between normal, tightened and discontinued inspection lot by
lot, ERPNext's "Inspection Required before Purchase" keeps working through the WMS check, and a
receipt of many inspected lines stays within its query budget."""

from __future__ import annotations

import frappe
import pytest

from tests import factories
from tests.app.outbound_fixtures import balance
from tests.app.test_labor_log import make_user
from tests.app.test_qc import (  # noqa: F401
	check_of,
	hold_tasks,
	put_away,
	qc_plan,
	quarantined_lot,
	receive,
	site,
	to_quarantine,
)
from tests.app.test_returns import purchase_return
from wms_module.core import sampling
from wms_module.exceptions import WMSValidationError
from wms_module.services import moves, qc, qc_units, reconciliation
from wms_module.services.qc_decision import QCDecision, decide
from wms_module.services.qc_units import QCDisposal

PR = "Purchase Receipt"


def no_drift(site):
	assert reconciliation.find_drift(site.warehouse) == []


def reject(check, **values):
	"""Decide ``check`` with every sampled unit nonconforming (a sure rejection)."""
	c = frappe.get_doc("QC Check", check)
	return decide(QCDecision(c.name, c.sample_size, {"Dimensions": c.sample_size}, **values))


def accept(check):
	c = frappe.get_doc("QC Check", check)
	return decide(QCDecision(c.name, c.sample_size, {}))


# ------------------------------------------------------------------------------------ one door


def test_units_held_by_a_check_do_not_leave_quarantine_by_hand(site):
	item, receipt, check = quarantined_lot(site)

	with pytest.raises(WMSValidationError, match=f"held by QC Check {check.name}"):
		moves.move_stock(moves.MoveStock(item, 10, site.bin("QUA-01"), site.bin("R-01")))
	draft = purchase_return(receipt, 10, storage_bin=site.bin("QUA-01"), submit=False)
	frappe.db.savepoint("return_by_hand")
	with pytest.raises(WMSValidationError, match=f"held by QC Check {check.name}"):
		draft.submit()
	frappe.db.rollback(save_point="return_by_hand")  # as the request that submitted it would
	assert balance(site.bin("QUA-01"), item).on_hand == 100
	no_drift(site)


def test_a_lot_on_hold_cannot_be_put_away_into_storage_by_override(site):
	item = factories.make_item()
	qc_plan(item)
	receipt = receive(site, item, 10)
	(task,) = hold_tasks(receipt)
	from wms_module.services.putaway import ConfirmPutaway, confirm_putaway

	with pytest.raises(WMSValidationError, match="not a Quarantine bin"):
		confirm_putaway(
			ConfirmPutaway(task.name, task.source_bin, item, 10, site.bin("R-01"), reason="closer")
		)
	assert frappe.db.get_value("Warehouse Task", task.name, "status") == "Open"
	no_drift(site)


# ------------------------------------------------------------------------------------ switching


def test_two_lots_rejected_switch_to_tightened_and_five_accepted_back_to_normal(site):
	item = factories.make_item()
	qc_plan(item)
	first = check_of(receive(site, item, 100))
	assert reject(first.name).inspection_next == "Normal"
	second = check_of(receive(site, item, 100))
	assert reject(second.name).inspection_next == "Tightened"

	third = check_of(receive(site, item, 100))
	expected = sampling.sampling_plan(100, "2.5", level="II", severity=sampling.TIGHTENED)
	assert third.inspection_severity == "Tightened"
	assert (third.sample_size, third.acceptance_number) == (expected.sample_size, expected.acceptance_number)
	state = frappe.get_doc("WMS Inspection State", {"supplier": third.supplier, "item_code": item})
	assert (state.severity, state.lots_inspected, state.lots_rejected) == ("Tightened", 2, 2)

	nexts = [accept(check_of(receive(site, item, 100)).name).inspection_next for _ in range(4)]
	assert nexts == ["Tightened", "Tightened", "Tightened", "Tightened"]
	assert accept(third.name).inspection_next == "Normal"  # the fifth accepted on tightened


def test_five_lots_rejected_on_tightened_discontinue_until_a_manager_resumes(site):
	item = factories.make_item()
	qc_plan(item)
	waiting = check_of(receive(site, item, 100))  # received before the switches, inspected after
	assert waiting.inspection_severity == "Normal"
	for _ in range(2):
		reject(check_of(receive(site, item, 100)).name)
	assert frappe.db.get_value("QC Check", waiting.name, "inspection_severity") == "Tightened"  # follows
	for _ in range(5):
		last = reject(check_of(receive(site, item, 100)).name)
	assert last.inspection_next == "Discontinued"
	assert frappe.db.get_value("QC Check", waiting.name, "status") == "Discontinued"

	held = check_of(receive(site, item, 100))
	assert (held.status, held.inspection_severity) == ("Discontinued", "Discontinued")
	(task,) = hold_tasks(frappe.get_doc(PR, held.purchase_receipt))  # still received into quarantine
	with pytest.raises(WMSValidationError, match="discontinued"):
		decide(QCDecision(held.name, 200, {}))

	resumed = qc.resume_inspection(held.supplier, item)
	assert resumed == {"inspection": "Tightened", "checks": sorted([waiting.name, held.name])}
	check = frappe.get_doc("QC Check", held.name)
	assert (check.status, check.inspection_severity) == ("Open", "Tightened") and check.sample_size > 0
	with pytest.raises(WMSValidationError, match="not discontinued"):
		qc.resume_inspection(held.supplier, item)


def test_ten_good_lots_with_approval_switch_to_reduced_and_one_rejected_back_to_normal(site):
	item = factories.make_item()
	qc_plan(item, aql="4.0", reduced_inspection_approved=1, production_steady=1)
	# 500 units at level II: code letter H, n = 50, Ac 5 at AQL 4.0 (Ac 3 at 2.5, one step tighter):
	# a lot with no nonconforming unit scores 3; reduced at 30, after the tenth
	nexts = [accept(check_of(receive(site, item, 500)).name).inspection_next for _ in range(10)]
	assert nexts == ["Normal"] * 9 + ["Reduced"]
	state = frappe.get_doc("WMS Inspection State", {"item_code": item})
	assert (state.severity, state.lots_inspected) == ("Reduced", 10)

	lot = check_of(receive(site, item, 500))
	expected = sampling.sampling_plan(500, "4.0", level="II", severity=sampling.REDUCED)
	assert lot.inspection_severity == "Reduced"
	assert (lot.sample_size, lot.acceptance_number) == (expected.sample_size, expected.acceptance_number)
	assert lot.sample_size < 50
	assert reject(lot.name).inspection_next == "Normal"


def test_without_approval_good_lots_stay_on_normal_inspection(site):
	item = factories.make_item()
	qc_plan(item, aql="4.0")  # reduced inspection not approved (the default)
	nexts = [accept(check_of(receive(site, item, 500)).name).inspection_next for _ in range(11)]
	assert set(nexts) == {"Normal"}


# ------------------------------------------------------------------------------------ ERPNext


def test_inspection_required_before_purchase_is_met_by_the_wms_check(site):
	item = factories.make_item()
	frappe.db.set_value("Item", item, "inspection_required_before_purchase", 1)
	qc_plan(item)
	draft = receive(site, item, 100, submit=False)
	with pytest.raises(Exception, match="Quality Inspection is required"):
		frappe.get_doc(PR, draft.name).submit()

	(name,) = qc.create_checks(draft.name)
	with pytest.raises(WMSValidationError, match="accepted or rejected whole"):
		decide(QCDecision(name, 20, {}, accepted_qty=50))
	result = decide(QCDecision(name, 20, {"Label": 1}))
	assert (result.decision, result.status, result.putaway_tasks) == ("Accepted", "Closed", [])
	inspection = frappe.get_doc("Quality Inspection", result.quality_inspection)
	assert (inspection.docstatus, inspection.status, inspection.reference_name, inspection.sample_size) == (
		1,
		"Accepted",
		draft.name,
		20,
	)
	receipt = frappe.get_doc(PR, draft.name)
	assert receipt.items[0].quality_inspection == inspection.name
	factories.submit_inserted(receipt)  # ERPNext's check now passes
	assert hold_tasks(receipt) == []  # accepted before purchase: put away as usual
	assert frappe.get_all("QC Check", filters={"purchase_receipt": receipt.name}, pluck="name") == [name]
	no_drift(site)


def test_a_lot_rejected_before_purchase_is_received_on_hold_and_returned(site):
	item = factories.make_item()
	frappe.db.set_value("Item", item, "inspection_required_before_purchase", 1)
	frappe.db.set_single_value("Stock Settings", "action_if_quality_inspection_is_rejected", "Warn")
	qc_plan(item)
	draft = receive(site, item, 100, submit=False)
	(name,) = qc.create_checks(draft.name)
	assert reject(name).status == "Awaiting Disposition"
	with pytest.raises(WMSValidationError, match="not submitted"):
		qc_units.dispose(QCDisposal(name, "Return to Supplier", 100))

	receipt = frappe.get_doc(PR, draft.name)
	factories.submit_inserted(receipt)
	to_quarantine(site, receipt)
	assert balance(site.bin("QUA-01"), item).on_hand == 100
	done = qc_units.dispose(QCDisposal(name, "Return to Supplier", 100, "all bent"))
	assert done["status"] == "Closed" and balance(site.bin("QUA-01"), item).on_hand == 0
	no_drift(site)


def test_a_check_of_an_item_erpnext_does_not_inspect_makes_no_quality_inspection(site):
	item = factories.make_item()
	qc_plan(item)
	check = check_of(receive(site, item, 10))
	assert accept(check.name).quality_inspection is None
	frappe.db.set_single_value(
		"Stock Settings", "allow_to_make_quality_inspection_after_purchase_or_delivery", 1
	)
	other = check_of(receive(site, item, 10))
	made = accept(other.name).quality_inspection
	assert frappe.db.get_value("Quality Inspection", made, ["docstatus", "reference_name"]) == (
		1,
		other.purchase_receipt,
	)


# ------------------------------------------------------------------------------------ budget


def checks_made_on_submit(site, lines: int, query_counter, monkeypatch) -> list[str]:
	"""The queries of ``qc.on_receipt_submit`` for a receipt of ``lines`` inspected lines."""
	items = [factories.make_item() for _ in range(lines)]
	for item in items:
		qc_plan(item)
	draft = factories.make_purchase_receipt(
		items=[{"item_code": i, "qty": 10, "warehouse": site.warehouse} for i in items], submit=False
	)
	made, counted = qc.on_receipt_submit, {}

	def counted_checks(doc):
		with query_counter() as q:
			made(doc)
		counted["queries"] = q.queries

	monkeypatch.setattr(qc, "on_receipt_submit", counted_checks)
	factories.submit_inserted(frappe.get_doc(PR, draft.name))
	assert len(frappe.get_all("QC Check", filters={"purchase_receipt": draft.name})) == lines
	return counted["queries"]


def test_a_receipt_of_many_inspected_lines_reads_a_constant_number_of_times(site, query_counter, monkeypatch):
	few = checks_made_on_submit(site, 2, query_counter, monkeypatch)
	many = checks_made_on_submit(site, 12, query_counter, monkeypatch)

	def reads(queries):
		return [q for q in queries if str(q).lstrip().lower().startswith("select")]

	# the plans, check lists, items, switching states and existing checks: read once per receipt
	# whatever the number of lines; each check then costs its own insert (and Frappe's reads of it)
	per_check = (len(many) - len(few)) / 10
	print(f"\nQC checks on submit: 2 lines {len(few)} queries, 12 lines {len(many)}; {per_check:g} per check")
	assert len(reads(many)) - len(reads(few)) <= 10 * 3, (reads(few), reads(many))
	assert per_check <= 12, per_check


# ------------------------------------------------------------------------------------ review fixes


def test_only_a_supervisor_accepts_part_of_a_rejected_lot_and_never_the_bad_units(site):
	item, receipt, check = quarantined_lot(site)
	operator = make_user("inspector", "WMS Operator")
	frappe.set_user(operator)
	try:
		with pytest.raises(frappe.PermissionError, match="Supervisor"):
			decide(QCDecision(check.name, 100, {"Dimensions": 5}, accepted_qty=95))
	finally:
		frappe.set_user("Administrator")
	with pytest.raises(WMSValidationError, match="at most 95"):
		decide(QCDecision(check.name, 100, {"Dimensions": 5}, accepted_qty=96))
	assert decide(QCDecision(check.name, 100, {"Dimensions": 5}, accepted_qty=95)).rejected_qty == 5
	no_drift(site)


def test_a_receipt_whose_checked_units_moved_on_is_not_cancelled(site):
	item = factories.make_item()
	qc_plan(item)
	receipt = receive(site, item, 100)
	to_quarantine(site, receipt)
	accept(check_of(receipt).name)
	doc = frappe.get_doc(PR, receipt.name)
	with pytest.raises(WMSValidationError, match="has already dealt with its units"):
		doc.cancel()


def test_checks_on_demand_skip_lines_already_on_their_way_to_storage(site):
	item, other = factories.make_item(), factories.make_item()
	receipt = factories.make_purchase_receipt(
		items=[{"item_code": i, "qty": 10, "warehouse": site.warehouse} for i in (item, other)]
	)  # planned on submit: no plan applied then
	qc_plan(item)
	answer = qc.create_checks_on_demand(receipt.name)
	assert answer["checks"] == []
	assert [s["reason"] for s in answer["skipped"]] == ["its putaway is already planned"]


def test_planning_again_after_a_decision_on_the_dock_plans_nothing_twice(site):
	from wms_module.services.putaway_planning import create_receipt_putaway

	item = factories.make_item()
	qc_plan(item)
	receipt = receive(site, item, 100)
	check = check_of(receipt)
	decide(QCDecision(check.name, 20, {}))  # accepted on the dock: straight to storage
	before = len(frappe.get_all("Warehouse Task", filters={"item_code": item}))
	assert create_receipt_putaway(receipt.name)["tasks"] == []
	assert len(frappe.get_all("Warehouse Task", filters={"item_code": item})) == before
	no_drift(site)


def test_checks_made_on_a_draft_follow_it_until_it_is_submitted_or_deleted(site):
	item, other = factories.make_item(), factories.make_item()
	qc_plan(item)
	qc_plan(other)
	draft = factories.make_purchase_receipt(
		items=[{"item_code": i, "qty": 100, "warehouse": site.warehouse} for i in (item, other)], submit=False
	)
	first, second = qc.create_checks(draft.name)
	doc = frappe.get_doc(PR, draft.name)
	doc.items[0].qty = doc.items[0].received_qty = 500
	doc.remove(doc.items[1])
	doc.save(ignore_permissions=True)
	factories.submit_inserted(doc)
	grown = frappe.get_doc("QC Check", first)
	assert (grown.lot_size, grown.sample_size) == (500, 50)  # H at level II: the sample follows the lot
	assert frappe.db.get_value("QC Check", second, "status") == "Cancelled"

	gone = factories.make_purchase_receipt(
		items=[{"item_code": item, "qty": 10, "warehouse": site.warehouse}], submit=False
	)
	(made,) = qc.create_checks(gone.name)
	frappe.delete_doc(PR, gone.name, ignore_permissions=True)
	assert not frappe.db.exists("QC Check", made)


def test_a_draft_whose_decided_lot_changed_is_not_submitted(site):
	item = factories.make_item()
	frappe.db.set_value("Item", item, "inspection_required_before_purchase", 1)
	qc_plan(item)
	draft = receive(site, item, 100, submit=False)
	(name,) = qc.create_checks(draft.name)
	accept(name)
	doc = frappe.get_doc(PR, draft.name)
	doc.items[0].qty = doc.items[0].received_qty = 80
	doc.save(ignore_permissions=True)
	with pytest.raises(WMSValidationError, match=f"QC Check {name} decided a lot of 100 .* now receives 80"):
		doc.submit()


def test_a_delivery_made_by_hand_takes_from_storage_before_quarantine(site):
	from tests.app.outbound_fixtures import put_stock, set_settings

	item = factories.make_item()
	set_settings(putaway_task_creation="On Demand")  # put_stock places its units itself
	put_stock(site, item, "R-01", 10)
	set_settings(putaway_task_creation="On Receipt Submit")
	qc_plan(item)
	receipt = receive(site, item, 100)
	to_quarantine(site, receipt)
	factories.make_delivery_note(items=[{"item_code": item, "qty": 15, "warehouse": site.warehouse}])
	# 10 from storage, and only the 5 storage did not have from quarantine
	assert (balance(site.bin("R-01"), item).on_hand, balance(site.bin("QUA-01"), item).on_hand) == (0, 95)
	no_drift(site)


def test_held_units_do_not_move_between_quarantine_bins_by_hand(site):
	from tests.app.outbound_fixtures import make_bin

	make_bin(site, "QUA-02", "QUA", seq=2)
	item = factories.make_item()
	qc_plan(item)
	receipt = receive(site, item, 100)
	to_quarantine(site, receipt)
	with pytest.raises(WMSValidationError, match="held by QC Check"):
		moves.move_stock(moves.MoveStock(item, 10, site.bin("QUA-01"), site.bin("QUA-02")))
