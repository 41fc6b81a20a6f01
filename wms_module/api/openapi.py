"""The OpenAPI 3.1 description of the app's REST methods, generated from the code.

Every function ``frappe.whitelist`` records (``frappe.whitelisted``) in a module of
``wms_module.api`` becomes ``/api/method/wms_module.api.<module>.<function>`` with:

- the HTTP methods the whitelist allows (``frappe.allowed_http_methods_for_whitelisted_func``;
  any other method is refused by Frappe with 403 PermissionError, frappe/handler.py
  ``is_valid_http_method``);
- its parameters from the signature and type hints (query parameters for GET, a JSON or
  form body for POST; a list sent in a query or a form is JSON text), required when they
  have no default;
- the success envelope ``{"message": <return value>}`` typed from the return hint, or the
  file a download endpoint answers (``file_response``);
- the summary (first docstring line) and description (the rest, plus the roles
  ``require_roles`` demands);
- Frappe's error body (``exc_type``, ``_server_messages``, ``exception``) for the statuses of
  frappe/exceptions.py (v15) ``http_status_code``: 401 AuthenticationError, 403
  PermissionError, 404 DoesNotExistError, 409 DuplicateEntryError (a NameError), 417
  ValidationError and the app's subclasses (wms_module/exceptions.py) and FrappeTypeError.

``build_openapi(endpoints)`` is pure (functions in, dict out); ``app_endpoints()`` walks the
package. ``python -m wms_module.api.openapi > docs/openapi.json`` writes the committed copy.
"""

import datetime
import importlib
import inspect
import json
import pkgutil
import sys
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass

if __name__ == "__main__":  # outside a bench: the benchless stand-in provides ``frappe``
	try:
		import benchless

		benchless.activate()
	except ImportError:
		pass

import frappe

import wms_module

PACKAGE = "wms_module.api"
PATH_PREFIX = "/api/method/"
TITLE = "wms_module REST API"
DEFAULT_SERVER = "http://localhost:8000"
SUPERUSER_NOTE = "System Manager passes every role check."
_EMPTY = inspect.Parameter.empty


@dataclass(frozen=True)
class Endpoint:
	"""One whitelisted function: its dotted path, the function and the HTTP methods allowed."""

	dotted: str
	fn: Callable
	methods: tuple[str, ...]


def file_response(content_type: str) -> Callable:
	"""Mark an endpoint that answers a file download (``frappe.response.type = "download"``)
	of ``content_type`` instead of ``{"message": ...}``; put it under ``@require_roles``."""

	def mark(fn: Callable) -> Callable:
		fn.openapi_file_response = content_type
		return fn

	return mark


# --- the walk ------------------------------------------------------------------------------


def app_endpoints(package: str = PACKAGE) -> list[Endpoint]:
	"""Every whitelisted function of the modules of ``package`` (imported here), by path."""
	pkg = importlib.import_module(package)
	allowed = frappe.allowed_http_methods_for_whitelisted_func
	found = []
	for info in pkgutil.iter_modules(pkg.__path__, f"{package}."):
		module = importlib.import_module(info.name)
		for name, obj in vars(module).items():
			if inspect.isfunction(obj) and obj.__module__ == info.name and obj in frappe.whitelisted:
				methods = tuple(m.upper() for m in allowed.get(obj) or ("GET", "POST", "PUT", "DELETE"))
				found.append(Endpoint(f"{info.name}.{name}", obj, methods))
	return sorted(found, key=lambda e: e.dotted)


# --- types -> JSON Schema (2020-12, what OpenAPI 3.1 uses) ------------------------------------

_SIMPLE = {
	str: {"type": "string"},
	bool: {"type": "boolean"},
	int: {"type": "integer"},
	float: {"type": "number"},
	dict: {"type": "object"},
	list: {"type": "array"},
	type(None): {"type": "null"},
	datetime.date: {"type": "string", "format": "date"},
	datetime.datetime: {"type": "string", "format": "date-time"},
}


def schema_of(tp, where: str = "value") -> dict:
	"""The JSON Schema of a type hint; ``where`` names the hint in the error for one it cannot describe."""
	if tp is _EMPTY or tp is typing.Any or tp is object:
		return {}
	if tp is None:
		tp = type(None)
	if tp in _SIMPLE:
		return dict(_SIMPLE[tp])
	origin, args = typing.get_origin(tp), typing.get_args(tp)
	if origin is typing.Union or origin is types.UnionType:
		members = [schema_of(a, where) for a in args]
		if all(set(m) == {"type"} and isinstance(m["type"], str) for m in members):
			return {"type": [m["type"] for m in members]}
		return {"anyOf": members}
	if origin is typing.Literal:
		return {"enum": list(args)}
	if origin in (list, set, tuple, frozenset):
		schema = {"type": "array"}
		if args and args[-1] is not Ellipsis:
			schema["items"] = schema_of(args[0], where)
		return schema
	if origin is dict:
		return (
			{"type": "object", "additionalProperties": schema_of(args[1], where)}
			if args
			else {"type": "object"}
		)
	if typing.is_typeddict(tp):
		hints = typing.get_type_hints(tp)
		return {
			"type": "object",
			"properties": {k: schema_of(v, f"{where}.{k}") for k, v in hints.items()},
			"required": sorted(tp.__required_keys__),
		}
	raise TypeError(
		f"{where}: cannot describe type {tp!r} in OpenAPI; use str, int, float, bool, list[...], dict or X | None"
	)


def as_text_value(schema: dict) -> dict:
	"""The schema of a value sent as text (query string, form field): an array travels as JSON text,
	and None is sent by leaving the parameter out (no "null" member)."""
	if schema.get("type") == "array":
		return {"type": "string", "contentMediaType": "application/json", "contentSchema": schema}
	if isinstance(schema.get("type"), list):
		kept = [t for t in schema["type"] if t != "null"]
		return {**schema, "type": kept[0] if len(kept) == 1 else kept}
	if "anyOf" in schema:
		kept = [as_text_value(m) for m in schema["anyOf"] if m != {"type": "null"}]
		rest = {k: v for k, v in schema.items() if k != "anyOf"}
		return {**kept[0], **rest} if len(kept) == 1 else {**rest, "anyOf": kept}
	return schema


def _is_optional(tp) -> bool:
	return typing.get_origin(tp) in (typing.Union, types.UnionType) and type(None) in typing.get_args(tp)


# --- docstrings and roles ---------------------------------------------------------------------


def summary_and_description(fn: Callable) -> tuple[str | None, str]:
	"""The docstring's first sentence (of its first paragraph, joined to one line) and the rest."""
	doc = inspect.cleandoc(inspect.getdoc(fn) or "")
	if not doc.strip():
		return None, ""
	first, _, rest = doc.partition("\n\n")
	sentence, _, more = " ".join(line.strip() for line in first.splitlines()).partition(". ")
	if more:
		sentence += "."
	return sentence.strip(), "\n\n".join(p for p in (more.strip(), rest.strip()) if p)


def required_roles(fn: Callable) -> tuple[str, ...] | None:
	"""The roles ``require_roles`` checks on ``fn`` (through the decorator stack), None if unchecked."""
	seen = fn
	while seen is not None:
		roles = getattr(seen, "required_roles", None)
		if roles is not None:
			return tuple(roles)
		seen = getattr(seen, "__wrapped__", None)
	return None


def _attr(fn: Callable, name: str):
	seen = fn
	while seen is not None:
		if hasattr(seen, name):
			return getattr(seen, name)
		seen = getattr(seen, "__wrapped__", None)
	return None


# --- the document ----------------------------------------------------------------------------


# long: one literal, the error schema and responses, kept whole so it reads as the JSON it becomes
def _error_components(app_errors: dict[int, list[str]]) -> dict:
	every_app_error = sorted({n for names in app_errors.values() for n in names})
	error_body = {
		"type": "object",
		"description": "Frappe's error answer (frappe/utils/response.py report_error).",
		"properties": {
			"exc_type": {
				"type": "string",
				"description": "The exception's class name: what kind of failure, for a client to branch on.",
				"examples": ["ValidationError", "PermissionError", "DoesNotExistError", *every_app_error],
			},
			"_server_messages": {
				"type": "string",
				"contentMediaType": "application/json",
				"description": "A JSON list of JSON-encoded messages ({message, title, indicator, raise_exception}); "
				"the first one's message is the human-readable reason naming the input.",
			},
			"exception": {
				"type": "string",
				"description": "The last traceback line, 'module.Class: message'; only for System Users "
				"when the site allows error tracebacks (not for 404).",
			},
			"exc": {"type": "string", "description": "The traceback as a JSON list, on the same condition."},
		},
	}

	def kinds(status: int, *frappe_kinds: str) -> str:
		return ", ".join([*frappe_kinds, *app_errors.get(status, [])])

	def response(description: str) -> dict:
		return {
			"description": description,
			"content": {"application/json": {"schema": {"$ref": "#/components/schemas/FrappeError"}}},
		}

	return {
		"schemas": {"FrappeError": error_body},
		"responses": {
			"Unauthorized": response(
				"AuthenticationError: an Authorization header whose key or secret is wrong."
			),
			"Forbidden": response(
				"Not logged in, lacking the endpoint's roles, an HTTP method the endpoint does not allow "
				f"(or the app refuses the caller); exc_type: {kinds(403, 'PermissionError')}."
			),
			"NotFound": response(
				f"A document named in the arguments does not exist; exc_type: {kinds(404, 'DoesNotExistError')}."
			),
			"Conflict": response(
				"A document with that name exists already, or an idempotency key sent again for another "
				"request (other arguments, another endpoint or user: nothing done, nothing replayed); "
				f"exc_type: {kinds(409, 'DuplicateEntryError')}."
			),
			"ValidationFailed": response(
				"Refused, nothing written; exc_type: "
				f"{kinds(417, 'ValidationError', 'FrappeTypeError (an argument of the wrong type)')}."
			),
		},
		"securitySchemes": {
			"token": {
				"type": "apiKey",
				"in": "header",
				"name": "Authorization",
				"description": "'token <api_key>:<api_secret>' of a User (User > API Access > Generate Keys).",
			},
			"session": {
				"type": "apiKey",
				"in": "cookie",
				"name": "sid",
				"description": "The session cookie POST /api/method/login (usr, pwd) sets. A session that "
				"loaded the desk also sends its X-Frappe-CSRF-Token header on POST.",
			},
		},
	}


# long: one OpenAPI operation object, built field by field in the order the specification lists them
def _operation(endpoint: Endpoint, method: str) -> dict:
	fn = endpoint.fn
	module, name = endpoint.dotted.rsplit(".", 1)
	summary, description = summary_and_description(fn)
	roles = required_roles(fn)
	if roles is not None:
		note = f"Roles: {', '.join(roles)}. {SUPERUSER_NOTE}"
		description = f"{description}\n\n{note}".strip()
	tag = module.rsplit(".", 1)[1]
	operation_id = f"{tag}.{name}" if len(endpoint.methods) == 1 else f"{tag}.{name}.{method.lower()}"
	op = {"operationId": operation_id, "tags": [tag]}
	if summary:
		op["summary"] = summary
	if description:
		op["description"] = description
	if roles is not None:
		op["x-required-roles"] = list(roles)

	params = []
	for pname, p in inspect.signature(fn).parameters.items():
		if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
			continue
		schema = schema_of(p.annotation, f"{endpoint.dotted}({pname})")
		if p.default is not _EMPTY and p.default is not None:
			schema["default"] = p.default
		params.append((pname, schema, p.default is _EMPTY and not _is_optional(p.annotation)))

	if method == "GET":
		if params:
			op["parameters"] = [
				{"name": n, "in": "query", "required": req, "schema": as_text_value(s)}
				for n, s, req in params
			]
	elif params:
		required = [n for n, _, req in params if req]

		def body(text: bool) -> dict:
			props = {n: (as_text_value(s) if text else s) for n, s, _ in params}
			return {"type": "object", "properties": props, **({"required": required} if required else {})}

		op["requestBody"] = {
			"required": bool(required),
			"content": {
				"application/json": {"schema": body(text=False)},
				"application/x-www-form-urlencoded": {"schema": body(text=True)},
			},
		}

	file_type = _attr(fn, "openapi_file_response")
	if file_type:
		ok = {
			"description": "The file, as an attachment (Content-Disposition: attachment; filename=...).",
			"content": {file_type: {"schema": {"type": "string"}}},
		}
	else:
		returns = inspect.signature(fn).return_annotation
		if returns is None or returns is type(None):
			envelope = {"type": "object", "description": "No message: the endpoint answers nothing."}
		else:
			envelope = {
				"type": "object",
				"properties": {"message": schema_of(returns, f"{endpoint.dotted} -> return")},
				"required": ["message"],
			}
		ok = {
			"description": "Success: the return value in 'message'.",
			"content": {"application/json": {"schema": envelope}},
		}

	responses = {"200": ok, "401": {"$ref": "#/components/responses/Unauthorized"}}
	responses["403"] = {"$ref": "#/components/responses/Forbidden"}
	if params:
		responses["404"] = {"$ref": "#/components/responses/NotFound"}
	if method != "GET":
		responses["409"] = {"$ref": "#/components/responses/Conflict"}
	responses["417"] = {"$ref": "#/components/responses/ValidationFailed"}
	op["responses"] = responses
	return op


def build_openapi(
	endpoints: Iterable[Endpoint],
	*,
	app_errors: dict[int, list[str]] | None = None,
	version: str = wms_module.__version__,
	server_url: str | None = None,
) -> dict:
	"""The OpenAPI 3.1 document of ``endpoints``; ``app_errors`` are the app's exception class
	names by HTTP status, ``server_url`` the site (a ``{origin}`` variable when None)."""
	endpoints = sorted(endpoints, key=lambda e: e.dotted)
	paths = {}
	for endpoint in endpoints:
		item = {}
		for method in ("GET", "POST", "PUT", "DELETE"):
			if method in endpoint.methods:
				item[method.lower()] = _operation(endpoint, method)
		paths[f"{PATH_PREFIX}{endpoint.dotted}"] = item
	if server_url:
		servers = [{"url": server_url.rstrip("/")}]
	else:
		servers = [{"url": "{origin}", "variables": {"origin": {"default": DEFAULT_SERVER}}}]
	return {
		"openapi": "3.1.0",
		"info": {
			"title": TITLE,
			"version": version,
			"description": "The whitelisted methods of wms_module (Frappe v15 / ERPNext v15), generated from "
			"their signatures and docstrings by wms_module/api/openapi.py. Log in with an API key "
			"(Authorization: token key:secret) or a session cookie from POST /api/method/login. "
			"Errors are data: the HTTP status and exc_type say what kind of failure, "
			"_server_messages says why.",
		},
		"servers": servers,
		"security": [{"token": []}, {"session": []}],
		"tags": [{"name": t} for t in sorted({e.dotted.split(".")[2] for e in endpoints})],
		"paths": paths,
		"components": _error_components(app_errors or {}),
	}


def app_error_names() -> dict[int, list[str]]:
	"""The app's own exception classes (defined anywhere in wms_module) by HTTP status.

	Every wms_module module is imported first, so the answer does not depend on what
	happened to be imported before (a test run imports more than the endpoints do)."""
	for info in pkgutil.walk_packages(wms_module.__path__, prefix="wms_module."):
		importlib.import_module(info.name)
	by_status: dict[int, set[str]] = {}
	todo = [
		frappe.ValidationError,
		frappe.PermissionError,
		frappe.DoesNotExistError,
		frappe.DuplicateEntryError,
	]
	while todo:
		cls = todo.pop()
		todo.extend(cls.__subclasses__())
		if cls.__module__.split(".")[0] == "wms_module":
			by_status.setdefault(cls.http_status_code, set()).add(cls.__name__)
	return {status: sorted(names) for status, names in sorted(by_status.items())}


def undocumented(document: dict) -> list[str]:
	"""'METHOD path' of every operation without a summary."""
	return [
		f"{method.upper()} {path}"
		for path, item in document["paths"].items()
		for method, op in item.items()
		if not (op.get("summary") or "").strip()
	]


def app_document(server_url: str | None = None) -> dict:
	return build_openapi(app_endpoints(), app_errors=app_error_names(), server_url=server_url)


def render(document: dict) -> str:
	"""The committed form of the document: stable key order, tab-indented, newline at the end."""
	return json.dumps(document, indent="\t", ensure_ascii=False) + "\n"


@frappe.whitelist(methods=["GET"])
def document() -> dict:
	"""This OpenAPI 3.1 description of the app's REST methods, for the site being called.

	For any logged-in System User (an integrator's API user may hold no WMS role yet): it lists
	method names, parameters and the roles each needs, nothing of the site's data. Guests and
	Website Users are refused (403)."""
	if frappe.db.get_value("User", frappe.session.user, "user_type") != "System User":
		frappe.throw(frappe._("Only System Users may read the API description"), frappe.PermissionError)
	return app_document(server_url=frappe.utils.get_url())


def main() -> None:
	sys.stdout.write(render(app_document()))


if __name__ == "__main__":
	main()
