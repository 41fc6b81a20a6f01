"""benchless stand-in for frappe/handler.py (v15): the ``/api/method/<cmd>`` dispatcher.

- ``handle()`` runs ``execute_cmd(frappe.form_dict.cmd)`` (except for ``login``, which
  LoginManager already did while the request was initialised); a non-None return value
  goes to ``frappe.response["message"]``; a returned werkzeug Response is passed through.
- ``execute_cmd``: ``override_whitelisted_methods`` hook, ``get_attr`` (a bare name is
  looked up in this module: ``ping``, ``version``, ``logout``), ``is_whitelisted``
  (PermissionError 403 "Method Not Allowed" for non-whitelisted or guest-not-allowed),
  ``is_valid_http_method`` (PermissionError 403 "Not permitted" when the HTTP method is
  not in ``methods=``), then ``frappe.call(method, **form_dict)``.
"""

import inspect

from werkzeug.wrappers import Response

import frappe
from frappe.utils.response import build_response
from frappe.utils.typing_validations import is_validated, transform_parameter_types


def _(msg, *args, **kwargs):
	translate = getattr(frappe, "_", None)
	return translate(msg) if translate else msg


def handle():
	"""handle request"""
	cmd = frappe.local.form_dict.cmd
	data = None

	if cmd != "login":
		data = execute_cmd(cmd)

	# data can be an empty string or list which are valid responses
	if data is not None:
		if isinstance(data, Response):
			return data
		frappe.response["message"] = data

	return build_response("json")


def execute_cmd(cmd, from_async=False):
	"""execute a request as python module"""
	for hook in _get_hooks("override_whitelisted_methods", {}).get(cmd, []):
		cmd = hook
		break

	try:
		method = get_attr(cmd)
	except Exception as e:
		_throw(_("Failed to get method for command {0} with {1}").format(cmd, e))

	if method is not run_doc_method:
		is_whitelisted(method)
		is_valid_http_method(method)

	return call(method, **frappe.form_dict)


def is_whitelisted(method):
	"""Real code: frappe/__init__.py:is_whitelisted. Uses H1's frappe.is_whitelisted when present."""
	real = getattr(frappe, "is_whitelisted", None)
	if real is not None and real is not is_whitelisted:
		return real(method)

	whitelisted = getattr(frappe, "whitelisted", ())
	guest_methods = getattr(frappe, "guest_methods", ())
	is_guest = frappe.session.user == "Guest"
	if method not in whitelisted or (is_guest and method not in guest_methods):
		summary = _("You are not permitted to access this resource. Login to access")
		name = f"{getattr(method, '__module__', '?')}.{getattr(method, '__name__', method)}"
		detail = _("Function {0} is not whitelisted.").format(f"<b>{name}</b>")
		_throw(f"<details><summary>{summary}</summary>{detail}</details>", frappe.PermissionError, title=_("Method Not Allowed"))


def is_valid_http_method(method):
	flags = getattr(frappe.local, "flags", None) or {}
	if flags.get("in_safe_exec"):
		return
	http_method = frappe.local.request.method
	allowed = getattr(frappe, "allowed_http_methods_for_whitelisted_func", {}).get(method)
	if allowed is None:
		allowed = ["GET", "POST", "PUT", "DELETE"]
	if http_method not in allowed:
		throw_permission_error()


def throw_permission_error():
	_throw(_("Not permitted"), frappe.PermissionError)


def get_attr(cmd):
	"""get method object from cmd"""
	if "." in cmd:
		return frappe.get_attr(cmd)
	return globals()[cmd]


def call(fn, *args, **kwargs):
	"""frappe.call: pass only the keyword arguments ``fn`` accepts (all of them if it has
	``**kwargs``), minus ``ignore_permissions`` and ``flags``; check argument types."""
	newargs = get_newargs(fn, kwargs)
	if not is_validated(fn):
		# H1's whitelist may not wrap with validate_argument_types: check here instead,
		# which is where the real wrapper would run (inside a request).
		args, newargs = transform_parameter_types(fn, args, newargs)
	return fn(*args, **newargs)


def get_newargs(fn, kwargs):
	try:
		signature = inspect.signature(fn)
	except (TypeError, ValueError):
		return dict(kwargs)
	fnargs = list(signature.parameters)
	varkw_exist = False
	for param_name, parameter in signature.parameters.items():
		if parameter.kind == inspect.Parameter.VAR_KEYWORD:
			varkw_exist = True
			fnargs.remove(param_name)
			break
	newargs = {a: kwargs.get(a) for a in kwargs if a in fnargs or varkw_exist}
	newargs.pop("ignore_permissions", None)
	newargs.pop("flags", None)
	return newargs


def _throw(msg, exc=None, title=None):
	exc = exc or frappe.ValidationError
	thrower = getattr(frappe, "throw", None)
	if thrower is not None:
		if title is not None:
			thrower(msg, exc, title=title)
		thrower(msg, exc)
	raise exc(msg)


def _get_hooks(name, default):
	getter = getattr(frappe, "get_hooks", None)
	if getter is None:
		return default
	try:
		value = getter(name)
	except Exception:
		return default
	return value or default


def _whitelist(allow_guest=False, methods=None):
	decorator = getattr(frappe, "whitelist", None)
	if decorator is None:  # pragma: no cover - H1 provides frappe.whitelist
		return lambda fn: fn
	if methods is None:
		return decorator(allow_guest=allow_guest)
	return decorator(allow_guest=allow_guest, methods=methods)


@_whitelist(allow_guest=True)
def version():
	return getattr(frappe, "__version__", "15.0.0-benchless")


@_whitelist(allow_guest=True)
def ping():
	return "pong"


@_whitelist(allow_guest=True)
def logout():
	frappe.local.login_manager.logout()
	frappe.db.commit()


@_whitelist(allow_guest=True)
def web_logout():
	frappe.local.login_manager.logout()
	frappe.db.commit()
	frappe.local.response["type"] = "redirect"
	frappe.local.response["location"] = "/login"


def run_doc_method(method, docs=None, dt=None, dn=None, arg=None, args=None):
	"""run a whitelisted controller method (frappe/handler.py:run_doc_method)"""
	from inspect import signature

	if not args and arg:
		args = arg
	if dt:
		doc = frappe.get_doc(dt, dn or dt)
	else:
		docs = frappe.parse_json(docs)
		doc = frappe.get_doc(docs)
	if not doc:
		throw_permission_error()
	doc.check_permission("read")
	try:
		args = frappe.parse_json(args)
	except ValueError:
		pass

	method_obj = getattr(doc, method)
	fn = getattr(method_obj, "__func__", method_obj)
	is_whitelisted(fn)
	is_valid_http_method(fn)

	# signature() follows the whitelist wrapper to the real parameters (v15 handler.py)
	fnargs = list(signature(method_obj).parameters)
	if not fnargs or (len(fnargs) == 1 and fnargs[0] == "self"):
		response = doc.run_method(method)
	elif "args" in fnargs or not isinstance(args, dict):
		response = doc.run_method(method, args)
	else:
		response = doc.run_method(method, **args)

	frappe.response.setdefault("docs", []).append(doc)
	if response is None:
		return
	frappe.response["message"] = response


runserverobj = run_doc_method
