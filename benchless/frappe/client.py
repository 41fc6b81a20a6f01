"""frappe.client (v15 subset): whitelisted document helpers used by ``/api/resource``.

Modelled on frappe/frappe ``frappe/client.py``: ``get_list`` (REST default page length
20), ``get_count``, ``get``, ``get_value``, ``insert``, ``save``, ``set_value``, ``delete``,
``submit``, ``cancel``. Permission checks go through ``frappe.get_list`` /
``Document.check_permission`` as in real Frappe.
"""

import json

import frappe
from frappe import _


@frappe.whitelist()
def get_list(
	doctype,
	fields=None,
	filters=None,
	group_by=None,
	order_by=None,
	limit_start=None,
	limit_page_length=20,
	parent=None,
	debug=False,
	as_dict=True,
	or_filters=None,
):
	args = frappe._dict(
		doctype=doctype,
		parent_doctype=parent,
		fields=fields,
		filters=filters,
		or_filters=or_filters,
		group_by=group_by,
		order_by=order_by,
		limit_start=limit_start,
		limit_page_length=limit_page_length,
		debug=debug,
		as_list=not as_dict,
	)
	if order_by is None:
		args.pop("order_by")
	return frappe.get_list(**args)


@frappe.whitelist()
def get_count(doctype, filters=None, debug=False, cache=False):
	return len(frappe.get_list(doctype, filters=filters, pluck="name"))


@frappe.whitelist()
def get(doctype, name=None, filters=None, parent=None):
	if frappe.is_table(doctype):
		frappe.throw(_("Cannot fetch a child document directly"), frappe.PermissionError)
	if name:
		doc = frappe.get_doc(doctype, name)
	elif filters or filters == {}:
		doc = frappe.get_doc(doctype, frappe.parse_json(filters))
	else:
		doc = frappe.get_doc(doctype)
	doc.check_permission()
	return doc.as_dict()


@frappe.whitelist()
def get_value(doctype, fieldname, filters=None, as_dict=True, debug=False, parent=None):
	if not frappe.has_permission(doctype, parent_doctype=parent):
		frappe.throw(_("No permission for {0}").format(_(doctype)), frappe.PermissionError)
	filters = frappe.parse_json(filters) if isinstance(filters, str) and filters.startswith(("{", "[")) else filters
	try:
		fields = frappe.parse_json(fieldname)
	except (TypeError, ValueError):
		fields = [fieldname]
	if isinstance(fields, str):
		fields = [fields]
	if frappe.get_meta(doctype).issingle:
		return frappe.db.get_value(doctype, doctype, fields, as_dict=as_dict)
	rows = frappe.get_list(doctype, filters=filters, fields=fields, limit_page_length=1, order_by=None, as_list=not as_dict)
	return rows[0] if rows else None


@frappe.whitelist(methods=["POST", "PUT"])
def set_value(doctype, name, fieldname, value=None):
	values = frappe.parse_json(fieldname) if isinstance(fieldname, str) and fieldname.startswith("{") else {fieldname: value}
	doc = frappe.get_doc(doctype, name)
	doc.update(values)
	doc.save()
	return doc.as_dict()


@frappe.whitelist(methods=["POST", "PUT"])
def insert(doc=None):
	if isinstance(doc, str):
		doc = json.loads(doc)
	return frappe.get_doc(doc).insert().as_dict()


@frappe.whitelist(methods=["POST", "PUT"])
def save(doc):
	if isinstance(doc, str):
		doc = json.loads(doc)
	d = frappe.get_doc(doc["doctype"], doc["name"])
	d.update(doc)
	d.save()
	return d.as_dict()


@frappe.whitelist(methods=["POST", "PUT"])
def submit(doc):
	if isinstance(doc, str):
		doc = json.loads(doc)
	d = frappe.get_doc(doc["doctype"], doc["name"])
	d.submit()
	return d.as_dict()


@frappe.whitelist(methods=["POST", "PUT"])
def cancel(doctype, name):
	d = frappe.get_doc(doctype, name)
	d.cancel()
	return d.as_dict()


@frappe.whitelist(methods=["DELETE", "POST"])
def delete(doctype, name):
	frappe.delete_doc(doctype, name, ignore_missing=False)
