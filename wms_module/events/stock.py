"""doc_events for ERPNext's stock vouchers: their stock into the bins; a Sales Return's rows then
wait for inspection (services.returns; nothing for any other voucher, and no query)."""

from wms_module.services import returns, stock_sync


def on_submit(doc, method=None):
	stock_sync.on_voucher_submit(doc)
	returns.open_inspections(doc)


def on_cancel(doc, method=None):
	returns.cancel_inspections(doc)
	stock_sync.on_voucher_cancel(doc)
