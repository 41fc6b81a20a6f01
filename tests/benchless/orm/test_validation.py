"""Validation errors: unknown fields, mandatory, select, links, docstatus, allow_on_submit,
set_only_once, TimestampMismatch, unique, lengths, coercion."""

import frappe
import pytest


def test_unknown_fieldname_rejected_at_construction(customer):
	with pytest.raises(frappe.InvalidColumnName, match="no field 'custmer'"):
		frappe.get_doc({"doctype": "BL Task", "custmer": customer})
	doc = frappe.new_doc("BL Task")
	with pytest.raises(frappe.InvalidColumnName):
		doc.append("items", {"item_code": "A", "quantity": 1})
	with pytest.raises(frappe.InvalidColumnName):
		doc.update({"no_such": 1})


def test_mandatory_error_lists_missing_fields_including_child_rows():
	doc = frappe.get_doc({"doctype": "BL Task", "items": [{"qty": 1}]})
	with pytest.raises(frappe.MandatoryError) as e:
		doc.insert(ignore_links=True)
	assert "customer" in str(e.value) and "item_code" in str(e.value)
	assert str(e.value).startswith("[BL Task, ")


def test_select_options_enforced(customer):
	with pytest.raises(frappe.ValidationError, match='cannot be "Closed"'):
		frappe.get_doc({"doctype": "BL Task", "customer": customer, "status": "Closed"}).insert()
	doc = frappe.get_doc({"doctype": "BL Task", "customer": customer, "priority": ""}).insert()
	assert doc.priority == ""  # a leading empty option allows blank


def test_link_and_dynamic_link_targets_must_exist(customer):
	with pytest.raises(frappe.LinkValidationError, match="Could not find"):
		frappe.get_doc(
			{"doctype": "BL Task", "customer": customer, "items": [{"item_code": "A", "customer": "Ghost"}]}
		).insert()
	with pytest.raises(frappe.ValidationError, match="must be set first"):
		frappe.get_doc({"doctype": "BL Task", "customer": customer, "ref_name": "x"}).insert()
	with pytest.raises(frappe.LinkValidationError):
		frappe.get_doc(
			{"doctype": "BL Task", "customer": customer, "ref_doctype": "BL Customer", "ref_name": "Ghost"}
		).insert()
	with pytest.raises(frappe.LinkValidationError):
		frappe.get_doc({"doctype": "BL Task", "customer": customer, "ref_doctype": "Not A DocType"}).insert()
	doc = frappe.get_doc(
		{"doctype": "BL Task", "customer": customer, "ref_doctype": "BL Customer", "ref_name": customer}
	).insert()
	assert doc.ref_name == customer
	assert (
		frappe.get_doc({"doctype": "BL Task", "customer": "Ghost"}).insert(ignore_links=True).customer
		== "Ghost"
	)


def test_linking_a_cancelled_document_is_refused(customer):
	task = frappe.get_doc({"doctype": "BL Task", "customer": customer}).insert()
	task.submit()
	task.cancel()
	with pytest.raises(frappe.CancelledLinkError):
		frappe.get_doc({"doctype": "BL Task Link", "task": task.name}).insert()


def test_docstatus_transitions(customer):
	doc = frappe.get_doc({"doctype": "BL Task", "customer": customer}).insert()
	doc.docstatus = 2
	with pytest.raises(frappe.DocstatusTransitionError):
		doc.save()
	doc = frappe.get_doc("BL Task", doc.name)
	doc.submit()
	doc.docstatus = 0
	with pytest.raises(frappe.DocstatusTransitionError):
		doc.save()
	doc = frappe.get_doc("BL Task", doc.name)
	doc.cancel()
	doc = frappe.get_doc("BL Task", doc.name)
	with pytest.raises(frappe.ValidationError, match="Cannot edit cancelled document"):
		doc.save()


def test_update_after_submit_only_for_allow_on_submit_fields(customer):
	doc = frappe.get_doc({"doctype": "BL Task", "customer": customer, "qty": 1}).insert()
	doc.submit()
	doc.notes = "fine"
	doc.save()
	doc.qty = 2
	with pytest.raises(frappe.UpdateAfterSubmitError):
		doc.save()
	doc = frappe.get_doc("BL Task", doc.name)
	doc.append("items", {"item_code": "late"})
	with pytest.raises(frappe.UpdateAfterSubmitError):
		doc.save()


def test_submitted_document_cannot_be_deleted(customer):
	doc = frappe.get_doc({"doctype": "BL Task", "customer": customer}).insert()
	doc.submit()
	with pytest.raises(frappe.ValidationError, match="Submitted Record cannot be deleted"):
		doc.delete()


def test_timestamp_mismatch_on_stale_copy(customer):
	doc = frappe.get_doc({"doctype": "BL Task", "customer": customer}).insert()
	stale = frappe.get_doc("BL Task", doc.name)
	doc.qty = 1
	doc.save()
	stale.qty = 2
	with pytest.raises(frappe.TimestampMismatchError):
		stale.save()


def test_set_only_once(customer):
	doc = frappe.get_doc({"doctype": "BL Task", "customer": customer, "code": "A1"}).insert()
	doc.code = "B2"
	with pytest.raises(frappe.CannotChangeConstantError):
		doc.save()


def test_unique_and_duplicate_name(customer):
	frappe.get_doc({"doctype": "BL Task", "customer": customer, "external_id": "X-1"}).insert()
	with pytest.raises(frappe.UniqueValidationError):
		frappe.get_doc(
			{"doctype": "BL Task", "customer": customer, "external_id": "x-1"}
		).insert()  # case-insensitive
	with pytest.raises(frappe.DuplicateEntryError):
		frappe.get_doc({"doctype": "BL Customer", "customer_name": customer}).insert()
	assert issubclass(frappe.DuplicateEntryError, frappe.NameError)
	assert frappe.DuplicateEntryError.http_status_code == 409


def test_length_and_coercion(customer):
	with pytest.raises(frappe.CharacterLengthExceededError):
		frappe.get_doc({"doctype": "BL Task", "customer": customer, "code": "x" * 141}).insert()
	doc = frappe.get_doc(
		{"doctype": "BL Task", "customer": customer, "qty": "1,234.5", "count": "7.9"}
	).insert()
	assert frappe.db.get_value("BL Task", doc.name, ["qty", "count"]) == (1234.5, 7)


def test_exception_status_codes():
	assert frappe.ValidationError.http_status_code == 417
	assert frappe.MandatoryError.http_status_code == 417
	assert frappe.PermissionError.http_status_code == 403
	assert frappe.DoesNotExistError.http_status_code == 404
	assert frappe.AuthenticationError.http_status_code == 401
	assert frappe.TooManyRequestsError.http_status_code == 429
	assert issubclass(frappe.DoesNotExistError, frappe.ValidationError)
	assert issubclass(frappe.LinkExistsError, frappe.ValidationError)


def test_get_doc_of_missing_document():
	with pytest.raises(frappe.DoesNotExistError):
		frappe.get_doc("BL Task", "TASK-0000-00000")
