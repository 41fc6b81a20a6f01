"""ERPNext's Quality Inspection on Purchase Receipts, as v15 does it (both modes): an item with
"Inspection Required before Purchase" is received only with a submitted, accepted inspection
linked to its row; the Stock Settings' actions decide what a draft or rejected inspection does;
an inspection of an item that needs none is refused unless inspections after purchase are allowed;
readings from the item's template judge the lot. What WMS QC Checks build on (issue 14)."""

from __future__ import annotations

import frappe
import pytest
from erpnext.controllers.stock_controller import (
	QualityInspectionNotSubmittedError,
	QualityInspectionRejectedError,
	QualityInspectionRequiredError,
)

from tests import factories


def qi_settings(after_purchase=0, not_submitted="Stop", rejected="Stop") -> None:
	frappe.db.set_single_value(
		"Stock Settings",
		{
			"allow_to_make_quality_inspection_after_purchase_or_delivery": after_purchase,
			"action_if_quality_inspection_is_not_submitted": not_submitted,
			"action_if_quality_inspection_is_rejected": rejected,
		},
	)


@pytest.fixture
def warehouse():
	qi_settings()  # ERPNext's defaults, whatever the site was left with
	return factories.make_warehouse()


def inspected_item(**values) -> str:
	return factories.make_item(inspection_required_before_purchase=1, **values)


def draft_receipt(warehouse, *items):
	return factories.make_purchase_receipt(
		items=[{"item_code": item, "qty": 10, "warehouse": warehouse} for item in items], submit=False
	)


def row_inspection(receipt, idx=1):
	return frappe.db.get_value(
		"Purchase Receipt Item", {"parent": receipt.name, "idx": idx}, "quality_inspection"
	)


def messages() -> str:
	return " ".join(str(m.get("message")) for m in frappe.get_message_log())


def test_a_receipt_needing_inspection_saves_with_a_notice_but_is_not_submitted_without_one(warehouse):
	item = inspected_item()
	frappe.clear_messages()
	receipt = draft_receipt(warehouse, item)
	assert "Quality Inspection is required for Item" in messages()

	receipt.reload()
	with pytest.raises(QualityInspectionRequiredError, match="Row #1: Quality Inspection is required"):
		receipt.submit()


def test_a_submitted_inspection_is_linked_to_its_row_and_the_receipt_then_submits(warehouse):
	item, other = inspected_item(), factories.make_item()
	receipt = draft_receipt(warehouse, other, item)

	qi = factories.make_quality_inspection(receipt.name, item)
	assert qi.name.startswith("MAT-QA-")
	assert (qi.status, qi.company, qi.report_date is not None) == ("Accepted", receipt.company, True)
	assert qi.child_row_reference == receipt.items[1].name
	# action "Stop" (the default): a draft is not linked to the row
	assert not row_inspection(receipt, 2)

	factories.submit_inserted(qi)
	assert row_inspection(receipt, 2) == qi.name
	assert not row_inspection(receipt, 1)

	with pytest.raises(frappe.TimestampMismatchError):
		receipt.submit()  # the inspection touched the receipt: this copy is stale
	factories.submit_inserted(receipt)
	assert frappe.db.get_value("Purchase Receipt", receipt.name, "docstatus") == 1


def test_with_action_warn_a_draft_inspection_is_linked_on_save_and_lets_the_receipt_through(warehouse):
	qi_settings(not_submitted="Warn")
	item = inspected_item()
	receipt = draft_receipt(warehouse, item)

	qi = factories.make_quality_inspection(receipt.name, item)
	assert row_inspection(receipt) == qi.name

	factories.submit_inserted(receipt)
	assert frappe.db.get_value("Purchase Receipt", receipt.name, "docstatus") == 1


def test_a_draft_inspection_chosen_on_the_row_blocks_the_submit_when_the_action_is_stop(warehouse):
	item = inspected_item()
	receipt = draft_receipt(warehouse, item)
	qi = factories.make_quality_inspection(receipt.name, item)

	receipt.reload()
	receipt.items[0].quality_inspection = qi.name
	with pytest.raises(QualityInspectionNotSubmittedError, match="is not submitted for the item"):
		receipt.submit()


def test_a_rejected_inspection_blocks_the_receipt_when_the_action_is_stop_and_warns_otherwise(warehouse):
	item = inspected_item()
	receipt = draft_receipt(warehouse, item)
	qi = factories.make_quality_inspection(receipt.name, item, status="Rejected", submit=True)
	assert row_inspection(receipt) == qi.name

	receipt.reload()
	with pytest.raises(QualityInspectionRejectedError, match="was rejected for item"):
		receipt.submit()

	qi_settings(rejected="Warn")
	factories.submit_inserted(receipt)
	assert frappe.db.get_value("Purchase Receipt", receipt.name, "docstatus") == 1


def test_an_inspection_of_an_item_needing_none_is_refused_unless_allowed_after_purchase(warehouse):
	item = factories.make_item()
	receipt = draft_receipt(warehouse, item)
	with pytest.raises(
		frappe.ValidationError, match="'Inspection Required before Purchase' has disabled for the item"
	):
		factories.make_quality_inspection(receipt.name, item)

	qi_settings(after_purchase=1)
	qi = factories.make_quality_inspection(receipt.name, item, submit=True)
	assert row_inspection(receipt) == qi.name


def test_after_purchase_allowed_a_receipt_without_inspection_still_stops_unless_the_action_is_warn(warehouse):
	# v15 skips only the presence check then: the submission check reads the missing inspection's
	# docstatus (None), so "Stop" still refuses the receipt, naming Quality Inspection "None"
	qi_settings(after_purchase=1)
	receipt = draft_receipt(warehouse, inspected_item())
	receipt.reload()
	with pytest.raises(QualityInspectionNotSubmittedError, match="None"):
		receipt.submit()

	qi_settings(after_purchase=1, not_submitted="Warn")
	factories.submit_inserted(receipt)
	assert frappe.db.get_value("Purchase Receipt", receipt.name, "docstatus") == 1


def test_readings_come_from_the_items_template_and_their_limits_set_the_status(warehouse):
	length, colour = factories.unique("Length"), factories.unique("Colour")
	template = factories.make_quality_inspection_template(
		[
			{"specification": length, "min_value": 9.5, "max_value": 10.5},
			{"specification": colour, "numeric": 0, "value": "Blue"},
		]
	)
	item = inspected_item(quality_inspection_template=template)
	receipt = draft_receipt(warehouse, item)

	qi = factories.make_quality_inspection(receipt.name, item)
	assert qi.quality_inspection_template == template
	assert [(r.specification, r.min_value, r.max_value, r.value) for r in qi.readings] == [
		(length, 9.5, 10.5, None),
		(colour, 0, 0, "Blue"),
	]
	# nothing measured yet: both readings fail, so does the lot
	assert ([r.status for r in qi.readings], qi.status) == (["Rejected", "Rejected"], "Rejected")

	qi.readings[0].reading_1, qi.readings[0].reading_2 = "9.8", "10.5"
	qi.readings[1].reading_value = "Blue"
	qi.save()
	assert ([r.status for r in qi.readings], qi.status) == (["Accepted", "Accepted"], "Accepted")

	qi.readings[0].reading_3 = "10.6"
	qi.save()
	assert ([r.status for r in qi.readings], qi.status) == (["Rejected", "Accepted"], "Rejected")

	# a reading judged by hand keeps its status; an inspection judged by hand keeps the lot's
	qi.readings[0].manual_inspection = 1
	qi.readings[0].status = "Accepted"
	qi.save()
	assert qi.status == "Accepted"
	qi.manual_inspection = 1
	qi.status = "Rejected"
	qi.save()
	assert qi.status == "Rejected"


def test_a_reading_without_a_status_cannot_be_submitted(warehouse):
	item = inspected_item()
	receipt = draft_receipt(warehouse, item)
	parameter = factories.make_quality_inspection_parameter(factories.unique("Seal"))
	qi = factories.make_quality_inspection(
		receipt.name,
		item,
		readings=[{"specification": parameter, "numeric": 0, "manual_inspection": 1, "status": ""}],
	)
	with pytest.raises(frappe.ValidationError, match="Row #1: Status is mandatory"):
		factories.submit_inserted(qi)


def test_inspected_by_must_be_given_in_code_as_the_field_default_user_is_for_the_desk_form(warehouse):
	item = inspected_item()
	receipt = draft_receipt(warehouse, item)
	doc = frappe.get_doc(
		{
			"doctype": "Quality Inspection",
			"inspection_type": "Incoming",
			"reference_type": "Purchase Receipt",
			"reference_name": receipt.name,
			"item_code": item,
			"sample_size": 1,
		}
	)
	with pytest.raises(frappe.LinkValidationError, match="Inspected By"):
		doc.insert(ignore_permissions=True)


def test_cancelling_the_inspection_clears_the_row(warehouse):
	item = inspected_item()
	receipt = draft_receipt(warehouse, item)
	qi = factories.make_quality_inspection(receipt.name, item, submit=True)
	assert row_inspection(receipt) == qi.name

	qi.reload()
	qi.cancel()
	assert not row_inspection(receipt)
	receipt.reload()
	with pytest.raises(QualityInspectionRequiredError):
		receipt.submit()


def test_a_delivery_of_an_item_needing_inspection_before_delivery_waits_for_a_submitted_one(warehouse):
	item = factories.make_item(inspection_required_before_delivery=1)
	factories.receive_stock(item, warehouse, 10)
	note = factories.make_delivery_note(
		items=[{"item_code": item, "qty": 4, "warehouse": warehouse, "rate": 10}], submit=False
	)
	note.reload()
	with pytest.raises(QualityInspectionRequiredError, match="Row #1: Quality Inspection is required"):
		note.submit()

	qi = factories.make_quality_inspection(note.name, item, reference_type="Delivery Note", submit=True)
	assert qi.inspection_type == "Outgoing"
	assert frappe.db.get_value("Delivery Note Item", {"parent": note.name}, "quality_inspection") == qi.name
	factories.submit_inserted(note)
	assert frappe.db.get_value("Delivery Note", note.name, "docstatus") == 1
