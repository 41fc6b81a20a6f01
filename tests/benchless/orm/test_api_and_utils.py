"""Module API: hooks, whitelist, roles, log_error, enqueue signature; frappe.utils helpers."""

import datetime

import frappe
import pytest
from frappe.utils import (
	add_days,
	add_to_date,
	cint,
	cstr,
	date_diff,
	flt,
	get_datetime,
	getdate,
	now,
	nowdate,
	time_diff_in_hours,
	time_diff_in_seconds,
)


def test_get_hooks_merges_apps_in_install_order():
	assert frappe.get_hooks("app_name") == ["frappe", "bl_testapp"]
	doc_events = frappe.get_hooks("doc_events")
	assert doc_events["BL Task"]["on_submit"] == [
		"bl_testapp.events.task_on_submit",
		"bl_testapp.events.task_on_submit_again",
	]
	assert frappe.get_hooks("no_such_hook") == []
	assert frappe.get_hooks("no_such_hook", default=None) is None
	assert frappe.get_hooks("app_name", app_name="bl_testapp") == ["bl_testapp"]
	assert frappe.get_doc_hooks()["BL Customer"]["validate"] == ["bl_testapp.events.tuple_validate"]


def test_whitelist_registers_like_v15():
	@frappe.whitelist(allow_guest=True, methods=["POST"])
	def guest_fn(x: int):
		return x

	@frappe.whitelist()
	def member_fn():
		return 1

	assert guest_fn in frappe.whitelisted and guest_fn in frappe.guest_methods
	assert frappe.allowed_http_methods_for_whitelisted_func[guest_fn] == ["POST"]
	assert frappe.allowed_http_methods_for_whitelisted_func[member_fn] == ["GET", "POST", "PUT", "DELETE"]
	frappe.set_user("Guest")
	with pytest.raises(frappe.PermissionError):
		frappe.is_whitelisted(member_fn)
	frappe.is_whitelisted(guest_fn)


def test_roles_follow_user_changes(bl_user):
	assert "System Manager" not in frappe.get_roles(bl_user)
	user = frappe.get_doc("User", bl_user)
	user.append("roles", {"role": "System Manager"})
	user.save()
	assert "System Manager" in frappe.get_roles(bl_user)


def test_log_error_inserts_error_log():
	try:
		raise ValueError("boom")
	except ValueError:
		log = frappe.log_error("Import failed", reference_doctype="BL Customer", reference_name="x")
	assert log.method == "Import failed" and "ValueError: boom" in log.error
	assert frappe.db.exists("Error Log", log.name)


def test_get_value_alias_and_paths():
	assert frappe.get_value("User", "Administrator", "first_name") == "Administrator"
	assert frappe.get_app_path("bl_testapp").endswith("bl_testapp")
	assert frappe.get_module_path("BL Test").endswith("bl_testapp/bl_test")
	assert len(frappe.generate_hash(length=12)) == 12
	assert frappe.scrub("WMS Task-Item") == "wms_task_item"
	assert frappe.parse_json('{"a": 1}').a == 1
	assert '"a": 1' in frappe.as_json({"a": 1})


def test_sql_placeholders_and_percent_literals():
	frappe.get_doc({"doctype": "BL Customer", "customer_name": "50% Off"}).insert()
	assert frappe.db.sql("select name from `tabBL Customer` where name like %s", ("50%%",), pluck=True) == [
		"50% Off"
	]
	assert frappe.db.sql("select name from `tabBL Customer` where name like '50%%'", pluck=True) == [
		"50% Off"
	]
	assert frappe.db.sql("select %(a)s + %(a)s", {"a": 2})[0][0] == 4
	assert frappe.db.escape("it's") == "'it''s'"


def test_flt_cint_cstr():
	assert flt("1,234.567", 2) == 1234.57
	assert flt(None) == 0.0 and flt("abc") == 0.0
	assert flt(2.675, 2) == 2.68  # Frappe's legacy banker's rounding on the 8-digit rounded value
	assert flt(0.5, 0) == 0 and flt(1.5, 0) == 2
	assert cint("12.9") == 12 and cint("x") == 0 and cint(None, default=5) == 5
	assert cstr(None) == "" and cstr(3) == "3"


def test_dates():
	assert getdate("2024-02-29") == datetime.date(2024, 2, 29)
	assert getdate(None) == datetime.date.today()
	assert getdate("0001-01-01") is None
	assert add_days("2024-02-28", 2) == "2024-03-01"
	assert add_days(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 1)
	assert add_to_date("2024-01-31", months=1) == "2024-02-29"
	assert add_to_date("2024-01-31 10:00:00", hours=3) == "2024-01-31 13:00:00.000000"
	assert date_diff("2024-03-01", "2024-02-28") == 2
	assert time_diff_in_seconds("2024-01-01 10:00:30", "2024-01-01 10:00:00") == 30
	assert time_diff_in_hours("2024-01-01 12:00:00", "2024-01-01 10:30:00") == 1.5
	assert get_datetime("2024-01-01 10:00:00.5") == datetime.datetime(2024, 1, 1, 10, 0, 0, 500000)
	assert len(now()) == 26 and nowdate() == datetime.date.today().isoformat()


def test_mariadb_functions_available_in_raw_sql():
	row = frappe.db.sql(
		"select concat('a', 'b'), concat('a', null), greatest(1, 3, 2), least(1, null), "
		"datediff('2024-03-01', '2024-02-28'), timestamp('2024-01-01', '10:00:00'), locate('b', 'abc')"
	)[0]
	assert row == ("ab", None, 3, None, 2, "2024-01-01 10:00:00", 2)
	frappe.db.sql("insert ignore into `tabBL Customer` (name, customer_name) values ('Ign', 'Ign')")
	frappe.db.sql("insert ignore into `tabBL Customer` (name, customer_name) values ('Ign', 'Ign')")
	assert frappe.db.count("BL Customer", {"name": "Ign"}) == 1


def test_frappe_test_case_helpers(customer):
	from frappe.tests.utils import FrappeTestCase, patch_hooks

	class T(FrappeTestCase):
		def runTest(self):
			pass

	case = T()
	with case.assertQueryCount(1):
		frappe.db.get_value("BL Customer", customer, "territory")
	with pytest.raises(AssertionError):
		with case.assertQueryCount(1):
			frappe.db.get_value("BL Customer", customer, "territory")
			frappe.db.get_value("BL Customer", customer, "territory")
	seen = []
	with patch_hooks({"doc_events": {"BL Customer": {"validate": ["bl_testapp.events.tuple_validate"]}}}):
		from bl_testapp.events import CALLS

		CALLS.clear()
		frappe.get_doc({"doctype": "BL Customer", "customer_name": "Patched"}).insert()
		seen = [c[0] for c in CALLS]
	assert seen == ["hook-tuple:validate"]  # the "*" on_update hook is gone while patched


def test_cache_is_per_site_and_not_rolled_back():
	frappe.cache.set_value("scan:abc", {"done": 1})
	assert frappe.cache().get_value("scan:abc") == {"done": 1}
	frappe.db.rollback()
	assert frappe.cache.get_value("scan:abc") == {"done": 1}  # redis is not transactional
	frappe.cache.hset("h", "k", 1)
	assert frappe.cache.hget("h", "k") == 1 and frappe.cache.hget("h", "x", generator=lambda: 2) == 2
	frappe.cache.delete_value("scan:abc")
	assert frappe.cache.get_value("scan:abc") is None
	assert frappe.cache.get_value("gen", generator=lambda: 5) == 5
