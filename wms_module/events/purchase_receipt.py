"""doc_events for Purchase Receipt: its stock into the bins like any voucher's, then its putaway.

One handler per (doctype, event) (hooks.py): on submit the bins follow ERPNext's postings first
(services/stock_sync.py puts the receipt in the receiving bin), then directed putaway makes the
tasks from what landed there (services/putaway_planning.py), when WMS Settings says so.
"""

from wms_module.events import stock
from wms_module.services import putaway_planning, qc, qc_drafts, stock_sync


def on_submit(doc, method=None):
	stock_sync.on_voucher_submit(doc)
	qc.on_receipt_submit(doc)  # before the putaway: a lot to inspect goes to quarantine
	putaway_planning.on_receipt_submit(doc)


def before_submit(doc, method=None):
	qc_drafts.before_receipt_submit(doc)


def on_trash(doc, method=None):
	qc_drafts.on_receipt_trash(doc)


def before_cancel(doc, method=None):
	qc.before_receipt_cancel(doc)


def on_cancel(doc, method=None):
	stock.on_cancel(doc, method)
	qc.on_receipt_cancel(doc)
