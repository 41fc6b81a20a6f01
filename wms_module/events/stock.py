"""doc_events for ERPNext's stock vouchers: one service call each."""

from wms_module.services import stock_sync


def on_submit(doc, method=None):
	stock_sync.on_voucher_submit(doc)


def on_cancel(doc, method=None):
	stock_sync.on_voucher_cancel(doc)
