"""benchless stand-in for frappe/utils/response.py (v15).

Builds the JSON / raw / redirect responses from ``frappe.local.response`` the way
real Frappe does:

- ``build_response(response_type)`` picks a builder from ``frappe.response.type`` or the
  argument ("json", "download", "redirect", "binary", "txt", "csv"), and drops an empty
  ``docs`` list first.
- ``as_json`` serialises ``frappe.local.response`` with ``json_handler`` after
  ``make_logs`` has turned ``message_log`` into ``_server_messages`` (a JSON string of a
  list of JSON strings) and ``error_log`` into ``exc``; ``http_status_code`` in the
  response dict becomes the HTTP status and is removed from the body.
- ``report_error(status_code)`` (API v1 shape) adds ``exc_type`` (class name) always and,
  when tracebacks are allowed for this user, ``exception`` (last traceback line) and
  ``exc`` (the traceback list).
"""

import datetime
import decimal
import json
import mimetypes
import sys
import traceback as _traceback
import uuid

from werkzeug.local import LocalProxy
from werkzeug.utils import redirect as _werkzeug_redirect
from werkzeug.wrappers import Response

import frappe


def _response():
	resp = getattr(frappe.local, "response", None)
	if resp is None:
		resp = frappe._dict({"docs": []})
		frappe.local.response = resp
	return resp


def get_traceback() -> str:
	getter = getattr(frappe, "get_traceback", None)
	if getter:
		try:
			return getter() or ""
		except Exception:
			pass
	exc_type, exc_value, tb = sys.exc_info()
	if exc_type is None:
		return ""
	return "".join(_traceback.format_exception(exc_type, exc_value, tb))


def is_traceback_allowed() -> bool:
	"""Real v15: db connected, System Settings.allow_error_traceback (default on),
	not flags.disable_traceback, and the session user is a System User."""
	if not getattr(frappe.local, "db", None):
		return False
	conf = getattr(frappe.local, "conf", None) or {}
	if conf.get("allow_error_traceback") in (0, False, "0"):
		return False
	flags = getattr(frappe.local, "flags", None) or {}
	if flags.get("disable_traceback"):
		return False
	return is_system_user()


def is_system_user(user: str | None = None) -> bool:
	user = user or getattr(getattr(frappe.local, "session", None), "user", None)
	if not user or user == "Guest":
		return False
	if user == "Administrator":
		return True
	try:
		row = frappe.db.get_value("User", user, ["user_type", "enabled"], as_dict=True)
	except Exception:
		return False
	if not row:
		return False
	enabled = row.get("enabled")
	return (row.get("user_type") or "System User") == "System User" and enabled not in (0, "0")


def report_error(status_code: int) -> Response:
	"""Build an error response (API v1 shape, frappe/utils/response.py:report_error)."""
	allow_traceback = is_traceback_allowed() and (
		status_code != 404 or (getattr(frappe.local, "conf", None) or {}).get("logging")
	)
	traceback = get_traceback()
	exc_type = sys.exc_info()[0]
	response = _response()
	if allow_traceback and traceback:
		errprint(traceback)
		response["exception"] = traceback.splitlines()[-1]
	if exc_type is not None:
		response["exc_type"] = exc_type.__name__
	out = build_response("json")
	out.status_code = status_code
	return out


def errprint(msg: str) -> None:
	log = getattr(frappe.local, "error_log", None)
	if log is None:
		log = []
		frappe.local.error_log = log
	log.append({"exc": msg})


def build_response(response_type: str | None = None) -> Response:
	response = _response()
	if "docs" in response and not response.get("docs"):
		del response["docs"]

	response_type_map = {
		"json": as_json,
		"download": as_raw,
		"redirect": redirect,
		"binary": as_binary,
		"txt": as_txt,
		"csv": as_csv,
		"page": as_page,
	}
	kind = response.get("type") or response_type
	if kind not in response_type_map:
		raise ValueError(
			f"response type {kind!r} is not one of {sorted(response_type_map)} (frappe.response.type)"
		)
	return response_type_map[kind]()


def make_logs(response=None) -> None:
	"""Strings for msgprint and errprint (frappe/utils/response.py:make_logs)."""
	if response is None:
		response = _response()
	error_log = getattr(frappe.local, "error_log", None)
	if error_log:
		response["exc"] = json.dumps([str(d.get("exc", d)) if isinstance(d, dict) else str(d) for d in error_log])

	message_log = getattr(frappe.local, "message_log", None)
	if message_log:
		response["_server_messages"] = json.dumps(
			[d if isinstance(d, str) else json.dumps(d, default=json_handler) for d in message_log]
		)

	flags = getattr(frappe.local, "flags", None) or {}
	if flags.get("error_message"):
		response["_error_message"] = flags.get("error_message")


def as_json() -> Response:
	make_logs()
	response_dict = _response()
	response = Response()
	if response_dict.get("http_status_code"):
		response.status_code = int(response_dict["http_status_code"])
		del response_dict["http_status_code"]
	response.mimetype = "application/json"
	response.charset = "utf-8"
	response.data = json.dumps(response_dict, default=json_handler, separators=(",", ":"))
	return response


def as_raw() -> Response:
	resp = _response()
	response = Response()
	response.mimetype = (
		resp.get("content_type") or mimetypes.guess_type(resp["filename"])[0] or "application/unknown"
	)
	disposition = resp.get("display_content_as", "attachment")
	response.headers["Content-Disposition"] = f'{disposition}; filename="{resp["filename"].replace(" ", "_")}"'
	response.data = resp["filecontent"]
	return response


def as_binary() -> Response:
	resp = _response()
	response = Response()
	response.mimetype = "application/octet-stream"
	response.headers["Content-Disposition"] = f'filename="{resp["filename"].replace(" ", "_")}"'
	response.data = resp["filecontent"]
	return response


def as_txt() -> Response:
	resp = _response()
	response = Response()
	response.mimetype = "text"
	response.charset = "utf-8"
	response.headers["Content-Disposition"] = f'attachment; filename="{resp["doctype"].replace(" ", "_")}.txt"'
	response.data = resp["result"]
	return response


def as_csv() -> Response:
	resp = _response()
	response = Response()
	response.mimetype = "text/csv"
	response.charset = "utf-8"
	response.headers["Content-Disposition"] = f'attachment; filename="{resp["doctype"].replace(" ", "_")}.csv"'
	response.data = resp["result"]
	return response


def as_page() -> Response:
	from frappe.website.serve import get_response

	resp = _response()
	return get_response(resp["route"], http_status_code=resp.get("http_status_code") or 200)


def redirect() -> Response:
	return _werkzeug_redirect(_response().get("location"))


def json_handler(obj):
	"""Serialise what json cannot (frappe/utils/response.py:json_handler)."""
	from collections.abc import Iterable

	if isinstance(obj, datetime.timedelta):
		return format_timedelta(obj)
	if isinstance(obj, datetime.date | datetime.datetime | datetime.time):
		return str(obj)
	if isinstance(obj, decimal.Decimal):
		return float(obj)
	if isinstance(obj, LocalProxy):
		return str(obj)
	if isinstance(obj, uuid.UUID):
		return str(obj)
	as_dict = getattr(obj, "as_dict", None)
	if callable(as_dict) and hasattr(obj, "doctype"):
		try:
			return as_dict(no_nulls=True)
		except TypeError:
			return as_dict()
	if isinstance(obj, Iterable) and not isinstance(obj, str | bytes):
		return list(obj)
	if isinstance(obj, type) or isinstance(obj, Exception):
		return repr(obj)
	raise TypeError(f"Object of type {type(obj)} with value of {obj!r} is not JSON serializable")


def format_timedelta(delta: datetime.timedelta) -> str:
	total = int(delta.total_seconds())
	hours, rem = divmod(total, 3600)
	minutes, seconds = divmod(rem, 60)
	out = f"{hours}:{minutes:02d}:{seconds:02d}"
	if delta.microseconds:
		out += f".{delta.microseconds:06d}"
	return out
