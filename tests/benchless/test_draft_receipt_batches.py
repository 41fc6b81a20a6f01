"""The stand-in, as ERPNext v15: a draft Purchase Receipt of a batch-tracked item may wait for its
batch (the handheld scans it in from the supplier's GS1 label); submitting without one is refused.
v15 checks the batch when the ledger rows are made, at submit
(erpnext/stock/doctype/stock_ledger_entry/stock_ledger_entry.py validate_serial_batch_no_bundle),
not in StockController.validate."""

from __future__ import annotations

import pytest

from tests import factories as f
from tests.benchless import erpnext_fixtures

erp_site_info = erpnext_fixtures.erp_site_info  # pytest fixtures
erp = erpnext_fixtures.erp


def test_a_draft_receipt_waits_for_its_batch_and_submit_needs_one(erp):
	frappe = erp
	from erpnext.controllers.stock_controller import BatchRequiredError

	wh = f.make_warehouse()
	batched = f.make_item(has_batch_no=1)
	pr = f.make_purchase_receipt(items=[{"item_code": batched, "qty": 2, "warehouse": wh}], submit=False)
	assert frappe.db.get_value("Purchase Receipt", pr.name, "docstatus") == 0
	with pytest.raises(BatchRequiredError, match=batched):
		frappe.get_doc("Purchase Receipt", pr.name).submit()
	batch = f.make_batch(batched)
	doc = frappe.get_doc("Purchase Receipt", pr.name)
	doc.items[0].batch_no = batch
	doc.items[0].use_serial_batch_fields = 1
	doc.save()
	doc.submit()
	assert doc.docstatus == 1
