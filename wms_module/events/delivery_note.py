"""doc_events for Delivery Note beyond the stock sync: staged picks and their Delivery Note."""

from wms_module.services import delivery


def before_submit(doc, method=None):
	delivery.plan_for_delivery_note(doc)


def on_cancel(doc, method=None):
	delivery.release_delivery_note(doc)
