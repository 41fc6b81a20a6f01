"""Site creation, insert/save/get_doc, frappe.db.get_value/get_all basics."""

import datetime

import frappe
import pytest


def test_site_has_installed_apps_users_and_fixture_roles():
	assert frappe.get_installed_apps() == ["frappe", "bl_testapp"]
	assert frappe.db.exists("User", "Administrator")
	assert frappe.db.exists("Role", "BL User")  # from bl_testapp/fixtures/role.json
	assert frappe.db.exists("BL Customer", "Installed Customer")  # after_install hook ran
	assert "System Manager" in frappe.get_roles("Administrator")
	assert frappe.get_roles("Guest") == ["Guest"]


def test_insert_get_doc_and_get_value(customer):
	task = frappe.get_doc({"doctype": "BL Task", "customer": customer, "qty": "2.5", "count": "3"}).insert()
	loaded = frappe.get_doc("BL Task", task.name)
	assert loaded.qty == 2.5 and isinstance(loaded.qty, float)
	assert loaded.count == 3
	assert loaded.status == "Open"  # Select default
	assert loaded.customer_territory == "North"  # fetch_from
	assert isinstance(loaded.creation, datetime.datetime)
	assert frappe.db.get_value("BL Task", task.name, "customer") == customer
	assert frappe.db.get_value("BL Task", task.name, ["customer", "qty"]) == (customer, 2.5)
	assert frappe.db.get_value("BL Task", {"customer": customer}, "name") == task.name
	assert frappe.db.get_value("BL Task", "nope", "name") is None
	row = frappe.db.get_value("BL Task", task.name, "*", as_dict=True)
	assert row.name == task.name and row.docstatus == 0


def test_child_rows_get_names_idx_and_parent(customer):
	task = frappe.new_doc("BL Task")
	task.customer = customer
	task.append("items", {"item_code": "A", "qty": 1})
	task.append("items", {"item_code": "B", "qty": 2})
	task.insert()
	rows = frappe.get_all(
		"BL Task Item",
		filters={"parent": task.name},
		fields=["name", "idx", "parent", "parenttype", "parentfield"],
		order_by="idx asc",
	)
	assert [r.idx for r in rows] == [1, 2]
	assert {(r.parent, r.parenttype, r.parentfield) for r in rows} == {(task.name, "BL Task", "items")}
	assert all(len(r.name) == 10 for r in rows)
	task.items.pop(0)
	task.save()
	assert frappe.get_all("BL Task Item", filters={"parent": task.name}, pluck="item_code") == ["B"]


def test_singles_round_trip():
	settings = frappe.get_single("BL Settings")
	settings.default_qty = 7
	settings.save()
	assert frappe.db.get_single_value("BL Settings", "default_qty") == 7
	frappe.db.set_single_value("BL Settings", "label", "x")
	assert frappe.get_doc("BL Settings").label == "x"
	with pytest.raises(frappe.DoesNotExistError):
		frappe.db.get_single_value("BL Settings", "no_such_field")


def test_set_value_exists_count_delete(customer):
	task = frappe.get_doc({"doctype": "BL Task", "customer": customer}).insert()
	frappe.db.set_value("BL Task", task.name, {"qty": 4, "status": "Working"})
	assert frappe.db.get_value("BL Task", task.name, ["qty", "status"], as_dict=True) == {
		"qty": 4.0,
		"status": "Working",
	}
	assert frappe.db.exists("BL Task", task.name) == task.name
	assert frappe.db.exists("BL Task", {"status": "Working"}) == task.name
	assert frappe.db.exists({"doctype": "BL Task", "status": "Nope"}) is None
	assert frappe.db.count("BL Task", {"customer": customer}) == 1
	frappe.db.delete("BL Task", {"name": task.name})
	assert frappe.db.count("BL Task") == 0


def test_unknown_doctype_and_case_insensitive_links(customer):
	with pytest.raises(frappe.DoesNotExistError):
		frappe.get_meta("No Such Doctype")
	task = frappe.get_doc({"doctype": "BL Task", "customer": customer.upper()}).insert()
	assert task.customer == customer  # MariaDB compares case-insensitively; Frappe stores the real name


def test_new_doc_defaults_and_dynamic_defaults():
	doc = frappe.new_doc("BL Task")
	assert doc.status == "Open" and doc.priority == "" and doc.docstatus == 0
	assert doc.items == [] and doc.is_new()
	settings = frappe.new_doc("BL Settings")
	assert settings.default_qty is None
	meta = frappe.get_meta("BL Task")
	assert meta.is_submittable and meta.get_field("customer").options == "BL Customer"
	assert [df.fieldname for df in meta.get("fields", {"reqd": 1})] == ["customer"]


def test_dates_are_stored_canonically_and_compare_as_values(customer):
	doc = frappe.get_doc({"doctype": "BL Task", "customer": customer, "due_date": "2024-1-5"}).insert()
	assert frappe.db.sql("select due_date from `tabBL Task` where name=%s", (doc.name,))[0][
		0
	] == datetime.date(2024, 1, 5)
	assert frappe.get_all("BL Task", filters={"due_date": "2024-01-05"}, pluck="name") == [doc.name]
	frappe.db.set_value("BL Task", doc.name, "modified", "2024-01-01 10:00:00", update_modified=False)
	assert frappe.get_all("BL Task", filters={"modified": "2024-01-01 10:00:00"}, pluck="name") == [doc.name]
	with pytest.raises(frappe.ValidationError, match="not a valid date"):
		frappe.get_doc({"doctype": "BL Task", "customer": customer, "due_date": "05/01/2024"}).insert()


def test_schema_checks_at_site_creation():
	from frappe.model.meta import Meta, get_doctype_registry

	from benchless.site import check_doctype

	def meta(fields):
		data = {"doctype": "DocType", "name": "Bad", "module": "BL Test", "fields": fields}
		return Meta(frappe._dict(app="bl_testapp", module="BL Test", path="bad.json", data=data))

	registry = get_doctype_registry()
	check_doctype(meta([{"fieldname": "a", "fieldtype": "Data"}]), registry)
	for fields, message in (
		([{"fieldname": "a", "fieldtype": "Data"}, {"fieldname": "a", "fieldtype": "Int"}], "more than once"),
		([{"fieldname": "t", "fieldtype": "Table", "options": "BL Customer"}], "not a child table"),
		([{"fieldname": "d", "fieldtype": "Dynamic Link", "options": "nope"}], "must name a field"),
		([{"fieldname": "x", "fieldtype": "Strange"}], "unknown fieldtype"),
	):
		with pytest.raises(frappe.ValidationError, match=message):
			check_doctype(meta(fields), registry)
