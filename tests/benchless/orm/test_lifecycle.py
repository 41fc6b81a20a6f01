"""Lifecycle order and doc_events, as in frappe/model/document.py (v15)."""

import frappe
import pytest
from bl_testapp.events import CALLS


def names(doctype="BL Task"):
	return [c[0] for c in CALLS if c[1] == doctype]


def test_insert_order_controller_then_hooks(customer):
	CALLS.clear()
	frappe.get_doc({"doctype": "BL Task", "customer": customer}).insert()
	assert names() == [
		"controller:before_insert",
		"hook:before_insert",
		"controller:before_naming",
		"controller:before_validate",
		"controller:validate",
		"hook-tuple:validate",
		"controller:before_save",
		"controller:after_insert",
		"controller:on_update",
		"hook*:on_update",
		"controller:on_change",
	]


def test_name_is_set_after_before_insert_and_links_checked_before(customer):
	seen = {}

	class Probe:
		pass

	doc = frappe.get_doc({"doctype": "BL Task", "customer": "No Such Customer"})
	with pytest.raises(frappe.LinkValidationError):
		doc.insert()
	assert not [c for c in CALLS if c[0] == "controller:before_insert"]  # links fail before before_insert
	doc = frappe.get_doc({"doctype": "BL Task", "customer": customer}).insert()
	before_insert = [c for c in CALLS if c[0] == "controller:before_insert"][-1]
	assert before_insert[2] is None  # no name yet in before_insert
	assert doc.name.startswith("TASK-")
	_ = (seen, Probe)


def test_save_submit_update_after_submit_cancel_orders(customer):
	doc = frappe.get_doc({"doctype": "BL Task", "customer": customer}).insert()
	CALLS.clear()
	doc.qty = 3
	doc.save()
	assert names() == [
		"controller:before_validate",
		"controller:validate",
		"hook-tuple:validate",
		"controller:before_save",
		"controller:on_update",
		"hook*:on_update",
		"controller:on_change",
	]
	CALLS.clear()
	doc.submit()
	assert names() == [
		"controller:before_validate",
		"controller:validate",
		"hook-tuple:validate",
		"controller:before_submit",
		"controller:on_update",
		"hook*:on_update",
		"controller:on_submit",
		"hook1:on_submit",
		"hook2:on_submit",
		"controller:on_change",
	]
	CALLS.clear()
	doc.notes = "allowed after submit"
	doc.save()
	assert names() == [
		"controller:before_update_after_submit",
		"controller:on_update_after_submit",
		"controller:on_change",
	]
	CALLS.clear()
	doc.cancel()
	assert names() == ["controller:before_cancel", "controller:on_cancel", "controller:on_change"]
	assert frappe.db.get_value("BL Task", doc.name, "docstatus") == 2


def test_insert_with_docstatus_1_runs_submit_path(customer):
	CALLS.clear()
	frappe.get_doc({"doctype": "BL Task", "customer": customer, "docstatus": 1}).insert()
	assert "controller:before_submit" in names() and "controller:on_submit" in names()
	assert "controller:before_save" not in names()


def test_delete_order_and_star_hook_fires_for_other_doctypes(customer):
	doc = frappe.get_doc({"doctype": "BL Task", "customer": customer}).insert()
	CALLS.clear()
	doc.delete()
	assert names() == ["controller:on_trash", "controller:on_change", "controller:after_delete"]
	assert not frappe.db.exists("BL Task", doc.name)
	assert frappe.db.exists("Deleted Document", {"deleted_name": doc.name, "deleted_doctype": "BL Task"})
	CALLS.clear()
	frappe.get_doc({"doctype": "BL Hash Doc", "title": "x"}).insert()
	assert [c[0] for c in CALLS] == ["hook*:on_update"]  # "*" applies to every doctype


def test_doc_before_save_and_value_changed(customer):
	doc = frappe.get_doc({"doctype": "BL Task", "customer": customer, "qty": 1}).insert()
	assert doc.get_doc_before_save() is None
	doc.qty = 5
	doc.save()
	assert doc.get_doc_before_save().qty == 1
	assert doc.has_value_changed("qty") and not doc.has_value_changed("customer")


def test_db_set_skips_validation_but_runs_on_change(customer):
	doc = frappe.get_doc({"doctype": "BL Task", "customer": customer}).insert()
	CALLS.clear()
	doc.db_set("status", "Not An Option")
	assert frappe.db.get_value("BL Task", doc.name, "status") == "Not An Option"
	assert names() == ["controller:on_change"]


def test_reload_and_is_new(customer):
	doc = frappe.new_doc("BL Task")
	assert doc.is_new()
	doc.customer = customer
	doc.insert()
	assert not doc.is_new()
	frappe.db.set_value("BL Task", doc.name, "qty", 9)
	assert doc.reload().qty == 9


def test_wrong_controller_class_name_raises_import_error():
	with pytest.raises(ImportError):
		frappe.get_doc({"doctype": "BL Bad Class", "title": "x"})
