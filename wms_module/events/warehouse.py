"""doc_events for ERPNext's Warehouse: every leaf warehouse gets its unlocated bin."""

from wms_module.services.storage import ensure_unlocated_bin


def after_insert(doc, method=None):
	if not doc.is_group:
		ensure_unlocated_bin(doc.name)
