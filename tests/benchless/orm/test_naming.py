"""Naming forms of frappe/model/naming.py (v15)."""

import re

import frappe
import pytest
from frappe.utils import nowdate


def year():
	return nowdate()[:4]


def test_format_autoname_with_braced_series_and_date(customer):
	a = frappe.get_doc({"doctype": "BL Task", "customer": customer}).insert()
	b = frappe.get_doc({"doctype": "BL Task", "customer": customer}).insert()
	assert a.name == f"TASK-{year()}-00001"
	assert b.name == f"TASK-{year()}-00002"
	assert frappe.db.get_value("Series", f"TASK-{year()}-", "current") == 2


def test_naming_series_default_and_chosen():
	a = frappe.get_doc({"doctype": "BL Series Doc", "title": "a"}).insert()
	assert a.name == f"BLS-{year()}-00001"  # first non-empty option, ".#####" appended
	b = frappe.get_doc({"doctype": "BL Series Doc", "naming_series": "ALT-.####"}).insert()
	assert b.name == "ALT-0001"


def test_old_style_expression_hash_and_field():
	assert frappe.get_doc({"doctype": "BL Expr Doc"}).insert().name == "EXP-001"
	h = frappe.get_doc({"doctype": "BL Hash Doc"}).insert().name
	assert re.fullmatch(r"[0-9a-v]{10}", h)
	c = frappe.get_doc({"doctype": "BL Customer", "customer_name": "  Field Named "}).insert()
	assert c.name == "Field Named"


def test_name_given_by_caller_is_wiped_unless_prompt_or_set_name():
	doc = frappe.get_doc({"doctype": "BL Hash Doc", "name": "mine"}).insert()
	assert doc.name != "mine"
	assert frappe.get_doc({"doctype": "BL Hash Doc"}).insert(set_name="forced").name == "forced"
	assert frappe.get_doc({"doctype": "BL Prompt Doc", "name": "chosen"}).insert().name == "chosen"
	with pytest.raises(frappe.ValidationError, match="set the document name"):
		frappe.get_doc({"doctype": "BL Prompt Doc"}).insert()


def test_autoincrement_gives_integers():
	a = frappe.get_doc({"doctype": "BL Auto Doc"}).insert()
	b = frappe.get_doc({"doctype": "BL Auto Doc"}).insert()
	assert isinstance(a.name, int) and b.name == a.name + 1
	assert frappe.db.get_value("BL Auto Doc", b.name, "name") == b.name


def test_controller_autoname_wins_over_meta(monkeypatch):
	from bl_testapp.bl_test.doctype.bl_expr_doc.bl_expr_doc import BLExprDoc

	monkeypatch.setattr(
		BLExprDoc, "autoname", lambda self: setattr(self, "name", f"CTRL-{self.title}"), raising=False
	)
	assert frappe.get_doc({"doctype": "BL Expr Doc", "title": "z"}).insert().name == "CTRL-z"


def test_invalid_names_refused():
	with pytest.raises(frappe.NameError):
		frappe.get_doc({"doctype": "BL Hash Doc"}).insert(set_name="a<b")


def test_deleting_the_last_document_reverts_the_series(customer):
	a = frappe.get_doc({"doctype": "BL Expr Doc"}).insert()
	assert a.name == "EXP-001"
	a.delete()
	assert frappe.get_doc({"doctype": "BL Expr Doc"}).insert().name == "EXP-001"
