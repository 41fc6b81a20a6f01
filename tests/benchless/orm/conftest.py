"""Tests of the benchless stand-in itself (skipped in site mode by tests/conftest.py).

They run on their own site with the tiny fake app ``bl_testapp`` (this folder), so they do
not depend on the erpnext stand-in or on wms_module's doctypes. Each test gets its own
connection to that site, rolled back at the end.
"""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
	sys.path.insert(0, HERE)

pytestmark = pytest.mark.benchless_only


@pytest.fixture(scope="session")
def bl_site(tmp_path_factory):
	from benchless.site import create_site

	return create_site(tmp_path_factory.mktemp("bl_sites") / "bl_site", apps=("frappe", "bl_testapp"))


@pytest.fixture(autouse=True)
def _frappe_test_transaction(request):
	"""Overrides the suite-wide fixture: connect to the bl_testapp site, roll back after."""
	if "committed_site" in request.fixturenames and "bl_site" not in request.fixturenames:
		yield
		return
	info = request.getfixturevalue("bl_site")
	import frappe

	from benchless.site import site_context

	with site_context(info):
		frappe.flags.in_test = True
		from bl_testapp.events import CALLS

		CALLS.clear()
		try:
			yield
		finally:
			frappe.db.rollback()


@pytest.fixture
def frappe_site(bl_site):
	import frappe

	return frappe.local.site


@pytest.fixture
def bl_user():
	"""A System User with only the 'BL User' role; returns its name."""
	import frappe

	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": "bl.user@example.com",
			"first_name": "BL",
			"roles": [{"role": "BL User"}],
		}
	).insert()
	return user.name


@pytest.fixture
def customer():
	import frappe

	return (
		frappe.get_doc({"doctype": "BL Customer", "customer_name": "Acme", "territory": "North"})
		.insert()
		.name
	)
