"""QC checks end to end: a Purchase Receipt of an item a WMS QC Plan applies to -> a QC Check with
its ISO 2859-1 plan, the lot on QC hold in quarantine -> the decision (accept, reject, part) -> the
units to storage, back to the supplier, to scrap or to rework. After every step the bins add up to
ERPNext per (warehouse, item, batch), and the refusals change nothing."""

from __future__ import annotations

import frappe
import pytest

from tests import factories
from tests.app.outbound_fixtures import balance, make_bin, make_zone, outbound_defaults, outbound_floor
from wms_module.exceptions import WMSValidationError
from wms_module.services import qc, qc_units, reconciliation
from wms_module.services import tasks as task_service
from wms_module.services.putaway import ConfirmPutaway, confirm_putaway
from wms_module.services.qc_decision import QCDecision, decide
from wms_module.services.qc_units import QCDisposal

PR = "Purchase Receipt"


@pytest.fixture
def site():
	outbound_defaults(putaway_task_creation="On Receipt Submit")
	site = outbound_floor("A-01", "R-01")
	site.zones["QUA"] = make_zone(site.warehouse, "QUA", "Quarantine")
	make_bin(site, "QUA-01", "QUA", seq=1)
	return site


def qc_plan(item=None, *, supplier=None, aql="2.5", level="II", method="AQL Sampling", **values) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "WMS QC Plan",
			"plan_name": f"QC {frappe.generate_hash(length=6)}",
			"applies_to": "Item" if item else "Supplier",
			"item_code": item,
			"supplier": supplier,
			"method": method,
			"inspection_level": level,
			"aql": aql,
			"characteristics": [{"characteristic": "Dimensions"}, {"characteristic": "Label"}],
			**values,
		}
	).insert(ignore_permissions=True)
	return doc.name


def receive(site, item, qty, **values):
	return factories.make_purchase_receipt(
		items=[{"item_code": item, "qty": qty, "warehouse": site.warehouse}], **values
	)


def check_of(receipt) -> frappe._dict:
	(row,) = frappe.get_all("QC Check", filters={"purchase_receipt": receipt.name}, fields=["*"])
	return row


def hold_tasks(receipt) -> list:
	return [
		t for t in task_service.tasks_of(PR, receipt.name) if (t.putaway_rule or "").startswith("QC hold")
	]


def put_away(task, site, to):
	t = frappe.get_doc("Warehouse Task", task)
	return confirm_putaway(
		ConfirmPutaway(
			task=t.name, source_scan=t.source_bin, item_scan=t.item_code, qty=t.qty, destination_scan=to
		)
	)


def to_quarantine(site, receipt):
	for t in hold_tasks(receipt):
		if t.status == "Open":
			put_away(t.name, site, site.bin("QUA-01"))


def quarantined_lot(site, qty: float = 100):
	"""A new item under a QC plan, ``qty`` of it received and put into quarantine: (item, receipt, check)."""
	item = factories.make_item()
	qc_plan(item)
	receipt = receive(site, item, qty)
	to_quarantine(site, receipt)
	return item, receipt, check_of(receipt)


def no_drift(site):
	assert reconciliation.find_drift(site.warehouse) == []


def test_receipt_makes_a_check_with_the_iso_plan_and_holds_the_lot_in_quarantine(site):
	item = factories.make_item()
	plan = qc_plan(item)
	receipt = receive(site, item, 2400)

	check = check_of(receipt)
	assert (check.status, check.qc_plan, check.lot_size, check.inspection_severity) == (
		"Open",
		plan,
		2400,
		"Normal",
	)
	# Table I: 2400 at level II is K; Table II-A K / 2.5: n = 125, Ac 7, Re 8
	assert (check.code_letter, check.sample_size, check.acceptance_number, check.rejection_number) == (
		"K",
		125,
		7,
		8,
	)
	(task,) = hold_tasks(receipt)
	assert (task.destination_bin, task.qty) == (site.bin("QUA-01"), 2400)
	assert not [t for t in task_service.tasks_of(PR, receipt.name) if t.name != task.name]
	no_drift(site)


def test_a_plan_at_aql_10_inspects_by_its_own_column(site):
	item = factories.make_item()
	qc_plan(item, aql="10")
	check = check_of(receive(site, item, 100))
	# Table I: 100 at level II is F (n = 20); Table II-A F / 10: Ac 5, Re 6
	assert (check.code_letter, check.sample_size, check.acceptance_number, check.rejection_number) == (
		"F",
		20,
		5,
		6,
	)


def test_an_item_without_a_plan_gets_no_check_and_is_put_away_as_before(site):
	item = factories.make_item()
	receipt = receive(site, item, 5)
	assert frappe.get_all("QC Check", filters={"purchase_receipt": receipt.name}) == []
	(task,) = task_service.tasks_of(PR, receipt.name)
	assert task.destination_bin == site.bin("R-01") or task.destination_bin == site.bin("A-01")


def test_accepted_lot_goes_from_quarantine_to_storage(site):
	item = factories.make_item()
	qc_plan(item)
	receipt = receive(site, item, 100)  # F: n = 20, Ac 1 at 2.5
	to_quarantine(site, receipt)
	check = check_of(receipt)
	assert balance(site.bin("QUA-01"), item).on_hand == 100

	result = decide(QCDecision(check.name, 20, {"Dimensions": 1}))
	assert (result.decision, result.status, result.accepted_qty, result.rejected_qty) == (
		"Accepted",
		"Closed",
		100,
		0,
	)
	(task,) = [frappe.get_doc("Warehouse Task", t) for t in result.putaway_tasks]
	assert (task.source_bin, task.qty, task.reference_doctype, task.reference_name) == (
		site.bin("QUA-01"),
		100,
		"QC Check",
		check.name,
	)
	assert task.destination_bin in (site.bin("A-01"), site.bin("R-01"))
	put_away(task.name, site, task.destination_bin)
	assert balance(site.bin("QUA-01"), item).on_hand == 0
	doc = frappe.get_doc("QC Check", check.name)
	assert (doc.decided_by, doc.nonconforming, doc.sample_inspected) == (frappe.session.user, 1, 20)
	assert [(r.characteristic, r.nonconforming) for r in doc.characteristics] == [
		("Dimensions", 1),
		("Label", 0),
	]
	no_drift(site)


def test_rejected_lot_is_returned_scrapped_and_reworked_in_parts(site):
	item, receipt, check = quarantined_lot(site)

	result = decide(QCDecision(check.name, 20, {"Dimensions": 1, "Label": 1}))  # Re 2
	assert (result.decision, result.status, result.rejected_qty, result.putaway_tasks) == (
		"Rejected",
		"Awaiting Disposition",
		100,
		[],
	)
	erp_before = frappe.db.get_value("Bin", {"item_code": item, "warehouse": site.warehouse}, "actual_qty")

	returned = qc_units.dispose(QCDisposal(check.name, "Return to Supplier", 75, "wrong size"))
	ret = frappe.get_doc(PR, returned["document"])
	assert (ret.docstatus, ret.is_return, ret.return_against, ret.items[0].qty) == (1, 1, receipt.name, -75)
	scrapped = qc_units.dispose(QCDisposal(check.name, "Scrap", 15))
	assert frappe.db.get_value("Stock Entry", scrapped["document"], "purpose") == "Material Issue"
	reworked = qc_units.dispose(QCDisposal(check.name, "Rework", 10))
	assert reworked["status"] == "Closed" and reworked["left_to_dispose"] == 0

	assert (
		frappe.db.get_value("Bin", {"item_code": item, "warehouse": site.warehouse}, "actual_qty")
		== erp_before - 90
	)
	assert balance(site.bin("QUA-01"), item).on_hand == 10
	rework = frappe.get_doc("QC Check", reworked["document"])
	assert (rework.status, rework.lot_size, rework.resubmitted_from) == ("Open", 10, check.name)
	again = decide(QCDecision(rework.name, rework.sample_size, {}))
	assert again.decision == "Accepted" and again.inspection_next is None  # a resubmitted lot does not count
	assert balance(site.bin("QUA-01"), item).on_hand == 10  # until its putaway is confirmed
	no_drift(site)


def test_partial_acceptance_puts_away_part_and_holds_the_rest(site):
	item, receipt, check = quarantined_lot(site)
	result = decide(QCDecision(check.name, 100, {"Dimensions": 4}, accepted_qty=96, remarks="sorted 100 %"))
	assert (result.decision, result.accepted_qty, result.rejected_qty, result.status) == (
		"Rejected",
		96,
		4,
		"Awaiting Disposition",
	)
	assert sum(frappe.db.get_value("Warehouse Task", t, "qty") for t in result.putaway_tasks) == 96
	no_drift(site)


def test_decision_on_the_dock_sends_accepted_units_straight_to_storage(site):
	item = factories.make_item()
	qc_plan(item)
	receipt = receive(site, item, 100)
	check = check_of(receipt)
	(hold,) = hold_tasks(receipt)

	result = decide(QCDecision(check.name, 20, {}, accepted_qty=90))
	assert frappe.db.get_value("Warehouse Task", hold.name, "status") == "Cancelled"
	moved = [frappe.get_doc("Warehouse Task", t) for t in result.putaway_tasks]
	assert {t.source_bin for t in moved} == {site.receiving} and sum(t.qty for t in moved) == 90
	(again,) = [t for t in hold_tasks(receipt) if t.status == "Open"]
	assert (again.qty, again.destination_bin) == (
		10,
		site.bin("QUA-01"),
	)  # the rejected 10 still go to quarantine
	with pytest.raises(WMSValidationError, match="still on the dock"):
		qc_units.dispose(QCDisposal(check.name, "Scrap", 10))
	no_drift(site)


def test_bad_decisions_are_refused_and_change_nothing(site):
	item, receipt, check = quarantined_lot(site)

	with pytest.raises(WMSValidationError, match="at least the sample size 20"):
		decide(QCDecision(check.name, 5, {}))
	with pytest.raises(WMSValidationError, match="'Colour' is not checked by its plan"):
		decide(QCDecision(check.name, 20, {"Colour": 1}))
	with pytest.raises(WMSValidationError, match="whole number"):
		decide(QCDecision(check.name, 20, {"Label": -1}))
	with pytest.raises(WMSValidationError, match="a unit counts once"):
		decide(QCDecision(check.name, 20, {"Label": 15, "Dimensions": 10}))
	with pytest.raises(WMSValidationError, match="accepted_qty must be between 0 and the lot of 100"):
		decide(QCDecision(check.name, 20, {}, accepted_qty=101))
	status, decision = frappe.db.get_value("QC Check", check.name, ["status", "decision"])
	assert status == "Open" and not decision

	decide(QCDecision(check.name, 20, {}))
	with pytest.raises(WMSValidationError, match="is Closed by .*: a lot is decided once"):
		decide(QCDecision(check.name, 20, {"Label": 5}))
	assert frappe.db.get_value("QC Check", check.name, "decision") == "Accepted"
	no_drift(site)


def test_the_desk_and_rest_cannot_make_or_change_a_check(site):
	item = factories.make_item()
	qc_plan(item)
	receipt = receive(site, item, 10)
	check = frappe.get_doc("QC Check", check_of(receipt).name)
	check.decision = "Accepted"
	with pytest.raises(frappe.PermissionError, match="change only through the WMS"):
		check.save(ignore_permissions=True)
	with pytest.raises(frappe.PermissionError, match="made by the WMS"):
		frappe.get_doc({"doctype": "QC Check", "item_code": item, "lot_size": 1}).insert(
			ignore_permissions=True
		)
	check.reload()
	check.remarks = "pallet wrapped badly"
	check.save(ignore_permissions=True)  # a remark is free text


def test_receipt_cancel_cancels_its_open_checks(site):
	item = factories.make_item()
	qc_plan(item)
	receipt = receive(site, item, 10)
	receipt.reload()
	receipt.cancel()
	assert check_of(receipt).status == "Cancelled"
	no_drift(site)
