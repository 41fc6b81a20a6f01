"""Back-link checks on delete and cancel (frappe/model/delete_doc.py, v15)."""

import frappe
import pytest


def test_delete_blocked_by_any_linking_document_unless_force(customer):
	frappe.get_doc({"doctype": "BL Task", "customer": customer}).insert()
	with pytest.raises(frappe.LinkExistsError, match="is linked with BL Task"):
		frappe.delete_doc("BL Customer", customer)
	frappe.delete_doc("BL Customer", customer, force=True)
	assert not frappe.db.exists("BL Customer", customer)


def test_delete_blocked_by_child_row_link(customer):
	other = frappe.get_doc({"doctype": "BL Customer", "customer_name": "Other"}).insert().name
	task = frappe.get_doc(
		{"doctype": "BL Task", "customer": other, "items": [{"item_code": "A", "customer": customer}]}
	).insert()
	with pytest.raises(frappe.LinkExistsError, match=task.name):
		frappe.delete_doc("BL Customer", customer)


def test_cancel_blocked_only_by_submitted_links_and_ignore_linked_doctypes(customer):
	task = frappe.get_doc({"doctype": "BL Task", "customer": customer}).insert()
	task.submit()
	draft = frappe.get_doc({"doctype": "BL Task Link", "task": task.name}).insert()
	submitted = frappe.get_doc({"doctype": "BL Task Link", "task": task.name}).insert()
	submitted.submit()
	frappe.db.savepoint("before_cancel")
	with pytest.raises(frappe.LinkExistsError, match=submitted.name):
		frappe.get_doc("BL Task", task.name).cancel()
	# the failed cancel already wrote docstatus=2 (as in MariaDB); a request would roll back
	frappe.db.rollback(save_point="before_cancel")
	assert frappe.db.get_value("BL Task", task.name, "docstatus") == 1
	doc = frappe.get_doc("BL Task", task.name)
	doc.ignore_linked_doctypes = ("BL Task Link",)
	doc.cancel()
	assert frappe.db.get_value("BL Task", task.name, "docstatus") == 2
	assert draft.docstatus == 0


def test_delete_missing_document_is_quiet_unless_asked():
	assert frappe.delete_doc("BL Hash Doc", "missing") is False
	with pytest.raises(frappe.DoesNotExistError):
		frappe.delete_doc("BL Hash Doc", "missing", ignore_missing=False)


def test_dynamic_link_blocks_delete(customer):
	task = frappe.get_doc({"doctype": "BL Task", "customer": customer, "ref_doctype": "BL Hash Doc"})
	target = frappe.get_doc({"doctype": "BL Hash Doc", "title": "t"}).insert()
	task.ref_name = target.name
	task.insert()
	with pytest.raises(frappe.LinkExistsError, match=task.name):
		frappe.delete_doc("BL Hash Doc", target.name)


def test_rename_updates_links_children_and_singles(customer):
	task = frappe.get_doc(
		{"doctype": "BL Task", "customer": customer, "items": [{"item_code": "A", "customer": customer}]}
	).insert()
	with pytest.raises(frappe.ValidationError, match="not allowed to be renamed"):
		frappe.rename_doc("BL Customer", customer, "Acme 2")
	assert frappe.rename_doc("BL Customer", customer, "Acme 2", force=True) == "Acme 2"
	assert frappe.db.get_value("BL Task", task.name, "customer") == "Acme 2"
	assert frappe.db.get_value("BL Task Item", {"parent": task.name}, "customer") == "Acme 2"
	assert frappe.db.get_value("BL Customer", "Acme 2", "customer_name") == "Acme 2"
	new_task = frappe.rename_doc("BL Task", task.name, "TASK-RENAMED", force=True)
	assert frappe.get_doc("BL Task", new_task).items[0].parent == "TASK-RENAMED"
