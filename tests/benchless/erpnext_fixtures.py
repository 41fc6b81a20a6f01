"""Shared helpers for tests/benchless/test_erpnext_*.py (the ERPNext stand-in's own tests).

``erp`` is the frappe module connected to a frappe + erpnext site (no wms_module),
rolled back after each test. Import with ``from tests.benchless.erpnext_fixtures import ...``.
"""

import pytest


@pytest.fixture(scope="session")
def erp_site_info(tmp_path_factory):
	"""One site with only frappe + erpnext, so wms_module's doc_events stay out of the
	stand-in's own tests."""
	from benchless.site import create_site

	return create_site(tmp_path_factory.mktemp("erpsites") / "erp_test_site", apps=("frappe", "erpnext"))


@pytest.fixture()
def erp(erp_site_info):
	"""This thread switched to the erpnext-only site as Administrator; rolled back after."""
	from benchless.site import site_context

	with site_context(erp_site_info):
		import frappe

		frappe.flags.in_test = True
		try:
			yield frappe
		finally:
			frappe.db.rollback()


def bin_qty(frappe, item_code, warehouse, field="actual_qty"):
	value = frappe.db.get_value("Bin", {"item_code": item_code, "warehouse": warehouse}, field)
	return float(value or 0)


def sles(frappe, voucher_type, voucher_no):
	return frappe.get_all(
		"Stock Ledger Entry",
		filters={"voucher_type": voucher_type, "voucher_no": voucher_no},
		fields=[
			"item_code",
			"warehouse",
			"actual_qty",
			"qty_after_transaction",
			"batch_no",
			"is_cancelled",
			"voucher_detail_no",
		],
		order_by="creation asc",
	)
