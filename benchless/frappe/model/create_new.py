"""New documents with defaults (frappe/model/create_new.py, v15): static defaults,
``__user``, ``Today``/``now``, first option of a Select without default."""

import copy

import frappe
from frappe.model import no_value_fields, table_fields
from frappe.utils import cstr, now, nowdate


def get_new_doc(doctype, parent_doc=None, parentfield=None, as_dict=False):
	templates = frappe.local.new_doc_templates
	if doctype not in templates:
		templates[doctype] = make_new_doc(doctype)
	doc = copy.deepcopy(templates[doctype])
	set_dynamic_default_values(doc, parent_doc, parentfield)
	if as_dict:
		return doc
	return frappe.get_doc(doc)


def make_new_doc(doctype):
	doc = frappe._dict({"doctype": doctype, "__islocal": 1, "owner": None, "docstatus": 0})
	meta = frappe.get_meta(doctype)
	for df in meta.fields:
		if df.fieldtype in table_fields:
			doc[df.fieldname] = []
			continue
		if df.fieldtype in no_value_fields or not df.fieldname:
			continue
		value = get_static_default_value(df)
		if value is not None:
			doc[df.fieldname] = _cast(df, value)
	if not meta.istable:
		doc.pop("parent", None)
	return doc


def _cast(df, value):
	from frappe.utils import cint, flt

	if df.fieldtype in ("Int", "Check"):
		return cint(value)
	if df.fieldtype in ("Float", "Currency", "Percent"):
		return flt(value)
	return value


def get_static_default_value(df):
	if df.get("default"):
		default = cstr(df.default)
		if default in ("__user", "Today", "now") or default.lower() in ("today", "now") or default.startswith(":"):
			return None  # dynamic, set later
		return df.default
	if df.fieldtype == "Select" and df.options and df.options not in ("[Select]", "Loading..."):
		return df.options.split("\n", 1)[0]
	if df.fieldtype == "Check":
		return 0
	return None


def set_dynamic_default_values(doc, parent_doc, parentfield):
	meta = frappe.get_meta(doc["doctype"])
	for df in meta.fields:
		if df.fieldtype == "Time":
			# v15 (frappe/model/create_new.py set_dynamic_default_values): every Time field of a new
			# document is the current time, whatever its default, outside the ``if df.get("default")``
			doc[df.fieldname] = frappe.utils.nowtime()
			continue
		default = cstr(df.get("default"))
		if not default:
			continue
		if default == "__user":
			doc[df.fieldname] = frappe.session.user
		elif default.lower() == "today" or (df.fieldtype == "Date" and default.lower() == "now"):
			doc[df.fieldname] = nowdate()
		elif df.fieldtype == "Datetime" and default.lower() == "now":
			doc[df.fieldname] = now()
	if parent_doc:
		doc["parent"] = parent_doc.name
		doc["parenttype"] = parent_doc.doctype
	if parentfield:
		doc["parentfield"] = parentfield
