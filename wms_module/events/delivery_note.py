"""doc_events for Delivery Note: staged picks and their Delivery Note, and its stock like any voucher's."""

from wms_module.services import delivery, stock_sync


def before_submit(doc, method=None):
	delivery.plan_for_delivery_note(doc)


def on_cancel(doc, method=None):
	"""The bins take the stock back (as for any stock voucher), then its picks are free again."""
	stock_sync.on_voucher_cancel(doc)
	delivery.release_delivery_note(doc)
