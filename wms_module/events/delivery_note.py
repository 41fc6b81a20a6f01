"""doc_events for Delivery Note: staged picks and their Delivery Note, and its stock like any
voucher's (its on_submit is ``events.stock.on_submit``, a Sales Return's inspection included)."""

from wms_module.services import delivery, returns, stock_sync


def before_submit(doc, method=None):
	delivery.plan_for_delivery_note(doc)


def on_cancel(doc, method=None):
	"""A return's open inspections are cancelled, the bins take the stock back (as for any stock
	voucher), then its picks are free again."""
	returns.cancel_inspections(doc)
	stock_sync.on_voucher_cancel(doc)
	delivery.release_delivery_note(doc)
