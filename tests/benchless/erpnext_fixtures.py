"""Shared set-up for tests/benchless/test_erpnext_*.py: a fresh benchless site with
frappe + erpnext installed, connected as Administrator for the whole module.

Import with ``from tests.benchless.erpnext_fixtures import *``.
"""

import pytest


@pytest.fixture(scope="module")
def erp_site(tmp_path_factory):
	import benchless

	benchless.activate()
	import frappe
	from benchless.site import create_site

	sites_path = str(tmp_path_factory.mktemp("erpsites"))
	site = "erp.test"
	create_site(f"{sites_path}/{site}", apps=["frappe", "erpnext"])
	frappe.init(site, sites_path=sites_path, force=True)
	frappe.connect()
	frappe.set_user("Administrator")
	yield frappe
	frappe.destroy()


@pytest.fixture()
def erp(erp_site):
	"""The connected frappe module; rolls back whatever a test left uncommitted."""
	yield erp_site
	erp_site.db.rollback()


def bin_qty(frappe, item_code, warehouse, field="actual_qty"):
	value = frappe.db.get_value("Bin", {"item_code": item_code, "warehouse": warehouse}, field)
	return float(value or 0)


def sles(frappe, voucher_type, voucher_no):
	return frappe.get_all(
		"Stock Ledger Entry",
		filters={"voucher_type": voucher_type, "voucher_no": voucher_no},
		fields=["item_code", "warehouse", "actual_qty", "qty_after_transaction", "batch_no", "is_cancelled", "voucher_detail_no"],
		order_by="creation asc",
	)
