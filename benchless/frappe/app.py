"""benchless stand-in for frappe/app.py (v15): the WSGI ``application``.

Per request, as real Frappe:
	init_request: frappe.init(site, sites_path) -> frappe.connect() -> form_dict from the
	              query string + form, or the JSON body -> HTTPRequest (cookies, session,
	              LoginManager)
	validate_auth(): Authorization token / Basic
	dispatch: OPTIONS -> empty 200; cmd=... -> handler; /api/... -> frappe.api.handle;
	          GET/HEAD/POST -> www page (frappe.website.serve.get_response); else 404
	sync_database: commit for POST/PUT/PATCH/DELETE or frappe.local.flags.commit, rollback
	              otherwise (GET, HEAD); then the session record is written
	on an exception: rollback, error response (JSON for /api and Accept: application/json,
	              an HTML error page otherwise), cookies cleared on AuthenticationError
	always: Cache-Control no-store unless set, CORS headers when site_config allow_cors
	        lists the request's Origin (or is "*"), cookies flushed, frappe.destroy()

Differences (stand-in): ``/assets/<app>/<path>`` is served from ``<app>/public/<path>``
(real bench symlinks sites/assets/<app> to it and SharedDataMiddleware serves it) and
``/files/<path>`` from ``<site>/public/files``, both before any database work. The stand-in
also rolls back a GET that raised (real Frappe relies on closing the connection).
"""

import json
import mimetypes
import os

from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.security import safe_join
from werkzeug.wrappers import Request, Response
from werkzeug.wsgi import wrap_file

import frappe
import frappe.api
import frappe.handler
import frappe.utils.response
from frappe.auth import UNSAFE_HTTP_METHODS, HTTPRequest, ensure_auth_tables, validate_auth

_site = None
_sites_path = os.environ.get("SITES_PATH", ".")

NO_CACHE_HEADERS = {"Cache-Control": "no-store,no-cache,must-revalidate,max-age=0"}

# content types browsers are picky about; mimetypes' table varies by platform
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("text/css", ".css")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("application/json", ".json")
mimetypes.add_type("application/json", ".map")
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("font/woff", ".woff")
mimetypes.add_type("audio/mpeg", ".mp3")
mimetypes.add_type("audio/wav", ".wav")
mimetypes.add_type("image/x-icon", ".ico")


def make_application(sites_path: str, site: str):
	"""A WSGI app bound to one site (the stand-in's equivalent of ``bench serve --site``)."""

	def app(environ, start_response):
		return _application(environ, start_response, sites_path=sites_path, site=site)

	return app


def application(environ, start_response):
	"""Module-level WSGI app like real frappe.app.application (site from _site / Host)."""
	return _application(environ, start_response, sites_path=_sites_path, site=_site)


def _application(environ, start_response, sites_path, site):
	request = Request(environ)
	response = _static_response(request, sites_path, site)
	if response is None:
		try:
			response = handle_request(request, sites_path, site)
		finally:
			_destroy()
	return response(environ, start_response)


def handle_request(request: Request, sites_path: str, site: str | None) -> Response:
	response = None
	rollback = True
	try:
		init_request(request, sites_path, site)
		validate_auth()

		if request.method == "OPTIONS":
			response = Response()
		elif frappe.form_dict.cmd:
			frappe.handler.handle()
			response = frappe.utils.response.build_response("json")
		elif request.path.startswith("/api/"):
			response = frappe.api.handle(request)
		elif request.method in ("GET", "HEAD", "POST"):
			from frappe.website.serve import get_response

			response = get_response()
		else:
			raise NotFound

	except HTTPException as e:
		_rollback()
		return e.get_response(request.environ)

	except Exception as e:
		_rollback()
		rollback = False
		response = handle_exception(e)

	else:
		rollback = sync_database(rollback)

	finally:
		if rollback and request.method in UNSAFE_HTTP_METHODS and _db():
			_rollback()

	process_response(response)
	return response


def _db():
	return getattr(frappe.local, "db", None)


def _rollback():
	if _db():
		try:
			frappe.db.rollback()
		except Exception:
			pass


def _destroy():
	try:
		frappe.destroy()
	except Exception:
		pass


def get_site_name(hostname: str) -> str:
	return (hostname or "").split(":")[0]


def init_request(request: Request, sites_path: str, site: str | None):
	frappe.local.request = request
	frappe.local.is_ajax = request.headers.get("X-Requested-With") == "XMLHttpRequest"

	site = site or request.headers.get("X-Frappe-Site-Name") or get_site_name(request.host)
	frappe.init(site, sites_path=sites_path)
	frappe.local.request = request  # init() may reset locals
	frappe.local.is_ajax = request.headers.get("X-Requested-With") == "XMLHttpRequest"
	_ensure_request_locals()

	conf = getattr(frappe.local, "conf", None) or {}
	if not (conf.get("db_name") or conf.get("db_path")):
		raise NotFound(f"site {site!r} does not exist in {sites_path!r}")  # as real: no site -> 404

	try:
		frappe.connect(set_admin_as_user=False)
	except TypeError:
		frappe.connect()

	ensure_auth_tables()
	make_form_dict(request)
	if request.method != "OPTIONS":
		frappe.local.http_request = HTTPRequest()


def _ensure_request_locals():
	"""What real frappe.init() sets per request; filled in if the ORM side does not."""
	local = frappe.local
	if getattr(local, "response", None) is None:
		local.response = frappe._dict({"docs": []})
	if getattr(local, "form_dict", None) is None:
		local.form_dict = frappe._dict()
	if getattr(local, "flags", None) is None:
		local.flags = frappe._dict()
	if getattr(local, "message_log", None) is None:
		local.message_log = []
	if getattr(local, "error_log", None) is None:
		local.error_log = []
	if getattr(local, "response_headers", None) is None:
		from werkzeug.datastructures import Headers

		local.response_headers = Headers()
	# per-request caches a fresh real frappe.init() starts without
	local.dynamic_link_map = None


def make_form_dict(request: Request):
	request_data = request.get_data(as_text=True)
	if request_data and request.is_json:
		try:
			args = json.loads(request_data)
		except ValueError:
			frappe.throw("Invalid JSON in request body", frappe.ValidationError)
	else:
		args = {}
		args.update(request.args or {})
		args.update(request.form or {})

	if isinstance(args, dict):
		frappe.local.form_dict = frappe._dict(args)
		frappe.local.form_dict.pop("_", None)
	elif isinstance(args, list):
		frappe.local.form_dict = frappe._dict({"data": args})
	else:
		frappe.throw("Invalid request arguments", frappe.ValidationError)


def handle_exception(e: Exception) -> Response:
	http_status_code = getattr(e, "http_status_code", 500)
	request = frappe.local.request
	accept_header = request.headers.get("Accept") or ""
	respond_as_json = (
		request.headers.get("Accept") and (getattr(frappe.local, "is_ajax", False) or "application/json" in accept_header)
	) or (request.path.startswith("/api/") and not accept_header.startswith("text"))

	session = getattr(frappe.local, "session", None)
	if session is not None and not session.get("user"):
		session["user"] = "Guest"

	if respond_as_json:
		response = frappe.utils.response.report_error(http_status_code)
	else:
		from frappe.website.serve import error_page

		titles = {
			401: ("Session Expired", "Your session has expired, please login again to continue."),
			403: ("Not Permitted", "You do not have enough permissions to complete the action"),
			404: ("Not Found", "The resource you are looking for is not available"),
		}
		title, message = titles.get(http_status_code, ("Server Error", "Uncaught Exception"))
		response = error_page(title, message, http_status_code)

	if e.__class__ is frappe.AuthenticationError and hasattr(frappe.local, "login_manager"):
		frappe.local.login_manager.clear_cookies()
	elif e.__class__ is frappe.AuthenticationError and hasattr(frappe.local, "cookie_manager"):
		from frappe.auth import clear_cookies

		clear_cookies()

	if http_status_code >= 500:
		import logging

		logging.getLogger("benchless.frappe.app").error("Request Error", exc_info=e)
	return response


def sync_database(rollback: bool) -> bool:
	flags = getattr(frappe.local, "flags", None) or {}
	if _db() and (flags.get("commit") or frappe.local.request.method in UNSAFE_HTTP_METHODS):
		frappe.db.commit()
		rollback = False
	elif _db():
		frappe.db.rollback()
		rollback = False

	if session := getattr(frappe.local, "session_obj", None):
		if session.update():
			rollback = False
	return rollback


def process_response(response: Response | None):
	if not response:
		return
	response.headers.setdefault("Cache-Control", NO_CACHE_HEADERS["Cache-Control"])
	if getattr(frappe.local, "conf", None) is not None:
		set_cors_headers(response)
	extra = getattr(frappe.local, "response_headers", None)
	if extra:
		response.headers.update(extra)
	public_cache = any("public" in h for h in response.headers.getlist("Cache-Control"))
	if hasattr(frappe.local, "cookie_manager") and not public_cache:
		frappe.local.cookie_manager.flush_cookies(response=response)


def set_cors_headers(response: Response):
	"""site_config ``allow_cors``: "*" or a list of origins (frappe/app.py:set_cors_headers)."""
	request = getattr(frappe.local, "request", None)
	allowed_origins = (frappe.local.conf or {}).get("allow_cors")
	origin = request.headers.get("Origin") if request else None
	if not (allowed_origins and origin):
		return
	if allowed_origins != "*":
		if not isinstance(allowed_origins, list):
			allowed_origins = [allowed_origins]
		if origin not in allowed_origins:
			return
	cors_headers = {
		"Access-Control-Allow-Credentials": "true",
		"Access-Control-Allow-Origin": origin,
		"Vary": "Origin",
	}
	if request.method == "OPTIONS":
		cors_headers["Access-Control-Allow-Methods"] = request.headers.get("Access-Control-Request-Method")
		if allowed_headers := request.headers.get("Access-Control-Request-Headers"):
			cors_headers["Access-Control-Allow-Headers"] = allowed_headers
		if not (frappe.local.conf or {}).get("developer_mode"):
			cors_headers["Access-Control-Max-Age"] = "86400"
	response.headers.update({k: v for k, v in cors_headers.items() if v is not None})


# --------------------------------------------------------------------------------------
# static files: /assets/<app>/... and /files/...


def _static_response(request: Request, sites_path: str, site: str | None) -> Response | None:
	path = request.path
	if request.method not in ("GET", "HEAD"):
		return None
	if path.startswith("/assets/"):
		parts = path[len("/assets/") :].split("/", 1)
		if len(parts) != 2 or not parts[1]:
			return Response("Not Found", status=404, mimetype="text/plain")
		app, rel = parts
		base = _app_public_dir(app, sites_path)
		return _send_file(request, base, rel)
	if path.startswith("/files/"):
		site_name = site or request.headers.get("X-Frappe-Site-Name") or get_site_name(request.host)
		base = os.path.join(sites_path, site_name, "public", "files")
		return _send_file(request, base, path[len("/files/") :])
	return None


def _app_public_dir(app: str, sites_path: str) -> str | None:
	# a built sites/assets/<app> folder wins, as in a bench
	built = os.path.join(sites_path, "assets", app)
	if os.path.isdir(built):
		return built
	if app == "frappe":
		return os.path.join(os.path.dirname(os.path.abspath(__file__)), "website", "public")
	try:
		import importlib.util

		spec = importlib.util.find_spec(app)
	except (ImportError, ValueError):
		spec = None
	if spec is None or not spec.submodule_search_locations:
		return None
	return os.path.join(list(spec.submodule_search_locations)[0], "public")


def _send_file(request: Request, base: str | None, rel: str) -> Response:
	if not base:
		return Response("Not Found", status=404, mimetype="text/plain")
	full = safe_join(base, rel)
	if not full or not os.path.isfile(full):
		return Response("Not Found", status=404, mimetype="text/plain")
	mimetype = mimetypes.guess_type(full)[0] or "application/octet-stream"
	stat = os.stat(full)
	f = open(full, "rb")  # noqa: SIM115 - closed by wrap_file
	response = Response(wrap_file(request.environ, f), mimetype=mimetype, direct_passthrough=True)
	response.content_length = stat.st_size
	response.last_modified = stat.st_mtime
	response.headers["Cache-Control"] = "no-cache"
	response.set_etag(f"{stat.st_mtime_ns}-{stat.st_size}")
	return response.make_conditional(request)
