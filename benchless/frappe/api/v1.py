"""benchless stand-in for frappe/api/v1.py (v15).

Routes (mounted at /api and /api/v1):
	/method/<path:method>                   any HTTP method -> frappe.handler.handle()
	GET    /resource/<doctype>              list (frappe.client.get_list semantics)
	POST   /resource/<doctype>              insert; body JSON (or form) is the document
	GET    /resource/<doctype>/<name>       read (check_permission("read")); ?run_method=x
	                                        calls a whitelisted doc method
	PUT    /resource/<doctype>/<name>       update + save
	DELETE /resource/<doctype>/<name>       delete -> 202 {"data": "ok"}
	POST   /resource/<doctype>/<name>       run_method (write permission)
"""

import json

from werkzeug.routing import Rule

import frappe
from frappe.handler import is_valid_http_method
from frappe.handler import call as _call

DefaultOrderBy = "KEEP_DEFAULT_ORDERING"


def _sbool(x):
	if isinstance(x, str):
		val = x.lower()
		if val in ("true", "1"):
			return True
		if val in ("false", "0"):
			return False
	return x


def _cint(x, default=0):
	try:
		return int(float(x))
	except (TypeError, ValueError):
		return default


def _loads_if_str(value, name):
	if isinstance(value, str):
		try:
			return json.loads(value)
		except ValueError:
			if name == "fields":
				# DatabaseQuery accepts a comma separated string too
				return [f.strip() for f in value.split(",") if f.strip()]
			frappe.throw(
				f"Query parameter {name!r} must be JSON (e.g. {name}=[[\"status\",\"=\",\"Open\"]]), got {value!r}",
				frappe.ValidationError,
			)
	return value


def document_list(doctype: str):
	if frappe.form_dict.get("fields"):
		frappe.form_dict["fields"] = json.loads(frappe.form_dict["fields"])

	frappe.form_dict.setdefault(
		"limit_page_length",
		frappe.form_dict.limit or frappe.form_dict.limit_page_length or 20,
	)
	frappe.form_dict.setdefault("order_by", DefaultOrderBy)

	for param in ("as_dict", "debug"):
		param_val = frappe.form_dict.get(param)
		if param_val is not None:
			frappe.form_dict[param] = _sbool(param_val)

	return _call(get_list, doctype, **frappe.form_dict)


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
	"""frappe.client.get_list: frappe.get_list with permission checks; JSON strings parsed
	here because DatabaseQuery.execute accepts them in real Frappe."""
	client = _frappe_client()
	if client is not None and getattr(client, "get_list", None) is not None:
		return client.get_list(
			doctype,
			fields=fields,
			filters=filters,
			group_by=group_by,
			order_by=order_by,
			limit_start=limit_start,
			limit_page_length=limit_page_length,
			parent=parent,
			debug=debug,
			as_dict=as_dict,
			or_filters=or_filters,
		)
	kwargs = {
		"fields": _loads_if_str(fields, "fields") or None,
		"filters": _loads_if_str(filters, "filters") or None,
		"or_filters": _loads_if_str(or_filters, "or_filters") or None,
		"limit_start": _cint(limit_start),
		"limit_page_length": _cint(limit_page_length),
	}
	if group_by:
		kwargs["group_by"] = group_by
	if order_by and order_by != DefaultOrderBy:
		kwargs["order_by"] = order_by
	if not as_dict:
		kwargs["as_list"] = True
	kwargs = {k: v for k, v in kwargs.items() if v is not None}
	return frappe.get_list(doctype, **kwargs)


def _frappe_client():
	try:
		import frappe.client as client  # provided by the ORM side if at all
	except ImportError:
		return None
	return client


def handle_rpc_call(method: str):
	import frappe.handler

	method = method.split("/")[0]  # for backward compatibility
	frappe.form_dict.cmd = method
	return frappe.handler.handle()


def create_doc(doctype: str):
	data = get_request_form_data()
	data.pop("doctype", None)
	doc = frappe.new_doc(doctype)
	doc.update(data)
	return doc.insert()


def update_doc(doctype: str, name: str):
	data = get_request_form_data()
	doc = frappe.get_doc(doctype, name, for_update=True)
	if "flags" in data:
		del data["flags"]
	doc.update(data)
	doc.save()
	if doc.get("parenttype"):
		frappe.get_doc(doc.parenttype, doc.parent).save()
	return doc


def delete_doc(doctype: str, name: str):
	frappe.delete_doc(doctype, name, ignore_missing=False)
	frappe.response.http_status_code = 202
	return "ok"


def read_doc(doctype: str, name: str):
	if "run_method" in frappe.form_dict:
		return execute_doc_method(doctype, name)

	doc = frappe.get_doc(doctype, name)
	_check_permission(doc, "read")
	apply = getattr(doc, "apply_fieldlevel_read_permissions", None)
	if callable(apply):
		apply()
	return doc


def execute_doc_method(doctype: str, name: str, method: str | None = None):
	method = method or frappe.form_dict.pop("run_method")
	doc = frappe.get_doc(doctype, name)
	doc_is_whitelisted = getattr(doc, "is_whitelisted", None)
	if callable(doc_is_whitelisted):
		doc_is_whitelisted(method)
	else:
		_doc_method_is_whitelisted(doc, method)
	method_obj = getattr(doc, method)
	fn = getattr(method_obj, "__func__", method_obj)
	is_valid_http_method(fn)

	if frappe.request.method == "GET":
		_check_permission(doc, "read")
	else:
		_check_permission(doc, "write")
	return doc.run_method(method, **frappe.form_dict)


def _doc_method_is_whitelisted(doc, method_name):
	method = getattr(doc, method_name, None)
	fn = getattr(method, "__func__", method)
	if not fn or fn not in getattr(frappe, "whitelisted", ()):
		frappe.throw(f"Method {method_name!r} of {doc.doctype} is not whitelisted", frappe.PermissionError)


def _check_permission(doc, ptype):
	check = getattr(doc, "check_permission", None)
	if callable(check):
		return check(ptype)
	if not frappe.has_permission(doc.doctype, ptype, doc=doc):
		frappe.throw(f"No permission to {ptype} {doc.doctype} {doc.name}", frappe.PermissionError)


def get_request_form_data():
	if frappe.form_dict.data is None:
		data = frappe.request.get_data(as_text=True)
	else:
		data = frappe.form_dict.data
	try:
		parsed = json.loads(data) if isinstance(data, str | bytes) else data
	except ValueError:
		return frappe.form_dict
	if not isinstance(parsed, dict):
		return frappe.form_dict
	return frappe._dict(parsed)


url_rules = [
	Rule("/method/<path:method>", endpoint=handle_rpc_call),
	Rule("/resource/<doctype>", methods=["GET"], endpoint=document_list),
	Rule("/resource/<doctype>", methods=["POST"], endpoint=create_doc),
	Rule("/resource/<doctype>/<path:name>/", methods=["GET"], endpoint=read_doc),
	Rule("/resource/<doctype>/<path:name>/", methods=["PUT"], endpoint=update_doc),
	Rule("/resource/<doctype>/<path:name>/", methods=["DELETE"], endpoint=delete_doc),
	Rule("/resource/<doctype>/<path:name>/", methods=["POST"], endpoint=execute_doc_method),
]
