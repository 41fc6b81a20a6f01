"""Records only a WMS service writes (a QC Check, an inspection state): the desk and REST may read
them, and change at most a few free-text fields; everything else changes through the service that
checks the rules and keeps the ledgers (``services.qc``). The service marks the documents it saves
with ``doc.flags.wms_service``; a flag is never taken from a request's JSON, so a REST caller
cannot set it."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model import no_value_fields

SERVICE_FLAG = "wms_service"


def by_service(doc) -> bool:
	return bool(doc.flags.get(SERVICE_FLAG))


def refuse_insert_by_hand(doc, how: str) -> None:
	"""A document of this kind is made by a service only; ``how`` says which."""
	if not by_service(doc):
		frappe.throw(
			_("{0} records are made by the WMS ({1}), not through the desk or REST").format(doc.doctype, how),
			frappe.PermissionError,
		)


def refuse_changes_by_hand(doc, editable: frozenset[str], how: str) -> None:
	"""Outside a service, only ``editable`` fields may change; ``how`` names the service door."""
	if by_service(doc) or doc.is_new():
		return
	before = doc.get_doc_before_save()
	changed = [
		f.fieldname
		for f in doc.meta.fields
		if f.fieldtype not in no_value_fields
		and f.fieldtype != "Table"
		and f.fieldname not in editable
		and (before.get(f.fieldname) or None) != (doc.get(f.fieldname) or None)
		and not _same_number(before.get(f.fieldname), doc.get(f.fieldname))
	]
	tables = [
		f.fieldname
		for f in doc.meta.get_table_fields()
		if len(before.get(f.fieldname) or []) != len(doc.get(f.fieldname) or [])
	]
	if changed or tables:
		frappe.throw(
			_("{0} {1}: {2} change only through the WMS ({3}), not here").format(
				doc.doctype, doc.name, ", ".join(doc.meta.get_label(f) for f in changed + tables), how
			),
			frappe.PermissionError,
		)


def refuse_delete(doc, why: str) -> None:
	frappe.throw(
		_("{0} {1} cannot be deleted: {2}").format(doc.doctype, doc.name, why), frappe.PermissionError
	)


def _same_number(a, b) -> bool:
	if isinstance(a, int | float) or isinstance(b, int | float):
		try:
			return abs(float(a or 0) - float(b or 0)) < 1e-9
		except (TypeError, ValueError):
			return False
	return False
