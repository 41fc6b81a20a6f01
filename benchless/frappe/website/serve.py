"""benchless stand-in for frappe/website/serve.py + page_renderers (v15): www pages.

``get_response(path)`` resolves the request path and renders it, as real Frappe:
	- PathResolver: "/" -> the ``home_page`` hook, else ``index`` if an app has one, else
	  ``login``; for each installed app, last installed first, look in ``<app>/www`` then
	  ``<app>/templates/pages`` for ``<path>``, ``<path>.html``, ``<path>.md``,
	  ``<path>/index.html``, ``<path>/index.md`` (TemplatePage.get_index_path_options);
	  ``website_route_rules`` hooks map a route to another first (``resolve_from_map``).
	  A binary file found there (an image...) is sent as it is (StaticPage); a text file and any
	  js, css, json, txt, xml or md (StaticPage's UNSUPPORTED_STATIC_PAGE_TYPES) is a template:
	  rendered through Jinja and sent with the type its route names (``/sw.js``: JavaScript;
	  frappe.website.utils.set_content_type), not wrapped in the base template.
	- TemplatePage: sibling ``<name>.py`` (hyphens -> underscores) is imported as
	  ``<app>.www.<...>``; its ``no_cache``, ``base_template_path``, ``template``, ``sitemap``
	  go into the context, then ``get_context(context)`` runs (or ``get_context()`` with no
	  parameters); a returned dict updates the context; ``context.http_status_code`` sets
	  the status. A template that neither extends nor has ``</body>`` is wrapped in
	  ``{% extends base_template %}{% block page_content %}``.
	- ``frappe.Redirect`` -> 301 to ``frappe.flags.redirect_location`` (RedirectPage);
	  ``frappe.PermissionError`` -> 403 "Not Permitted" page with a Login button to
	  ``/login?redirect-to=<path>`` (NotPermittedPage); PageDoesNotExistError or no file ->
	  404 page (NotFoundPage); anything else -> error page with the exception's
	  http_status_code or 500 (ErrorPage).
``web_include_js`` / ``web_include_css`` hooks are put in the context and included by the
base template; ``include_script`` / ``include_style`` / ``bundled_asset`` are Jinja globals
(bundles are served unbuilt from public/, see bundled_asset).
Rendering: Jinja2 sandbox (real frappe.get_jenv is a SandboxedEnvironment), loader over
the installed apps' folders (``templates/web.html`` or ``<app>/templates/x.html``), with
the benchless frappe website folder as the "frappe" app. ``safe_render`` refuses ``.__``.
No page cache (real Frappe caches Guest pages in redis unless ``no_cache``); every response
is ``Cache-Control: no-store`` as app.py's default.
"""

import importlib
import inspect
import mimetypes
import os
import threading
from urllib.parse import quote_plus

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, TemplateNotFound
from jinja2.sandbox import SandboxedEnvironment
from werkzeug.wrappers import Response

import frappe

WEBSITE_DIR = os.path.dirname(os.path.abspath(__file__))
START_FOLDERS = ("www", "templates/pages")
INDEX_SUFFIXES = ("", ".html", ".md", "/index.html", "/index.md")
TEMPLATE_SUFFIXES = (".html", ".md")
PY_SUFFIXES = (".py", ".pyc", ".pyo")
WEBPAGE_PY_MODULE_PROPERTIES = ("base_template_path", "template", "no_cache", "sitemap", "condition_field")
UNSUPPORTED_STATIC_PAGE_TYPES = ("css", "html", "js", "json", "md", "py", "pyc", "pyo", "txt", "xml")
"""frappe/website/page_renderers/static_page.py: never sent as they are."""
TEXT_CHARS = bytearray({7, 8, 9, 10, 12, 13, 27} | set(range(0x20, 0x100)) - {0x7F})


def is_binary_file(path: str) -> bool:
	"""frappe.website.utils.is_binary_file: the first 1 KB holds a byte no text has."""
	with open(path, "rb") as f:
		return bool(f.read(1024).translate(None, TEXT_CHARS))


def is_static_file(path: str) -> bool:
	"""StaticPage.can_render: a binary file whose extension is not one of the template types."""
	extension = path.rsplit(".", 1)[-1] if "." in os.path.basename(path) else ""
	return extension not in UNSUPPORTED_STATIC_PAGE_TYPES and is_binary_file(path)


def _(msg):
	translate = getattr(frappe, "_", None)
	return translate(msg) if translate else msg


# --------------------------------------------------------------------------------------
# apps and jinja


def get_installed_apps() -> list[str]:
	getter = getattr(frappe, "get_installed_apps", None)
	apps = []
	if getter is not None:
		try:
			apps = list(getter())
		except Exception:
			apps = []
	if "frappe" not in apps:
		apps.insert(0, "frappe")
	return apps


def get_app_path(app: str) -> str | None:
	if app == "frappe":
		return WEBSITE_DIR
	getter = getattr(frappe, "get_app_path", None)
	if getter is not None:
		try:
			return getter(app)
		except Exception:
			pass
	try:
		module = importlib.import_module(app)
	except ImportError:
		return None
	return os.path.dirname(os.path.abspath(module.__file__))


_jenv_cache: dict = {}
_jenv_lock = threading.Lock()


def get_jenv() -> SandboxedEnvironment:
	apps = tuple(get_installed_apps())
	with _jenv_lock:
		env = _jenv_cache.get(apps)
		if env is None:
			env = _make_jenv(apps)
			_jenv_cache[apps] = env
	return env


def _make_jenv(apps) -> SandboxedEnvironment:
	ordered = list(reversed(apps))  # last installed app overrides
	paths = {app: get_app_path(app) for app in ordered}
	paths = {app: p for app, p in paths.items() if p}
	loader = ChoiceLoader(
		[PrefixLoader({app: FileSystemLoader(p) for app, p in paths.items()})]
		+ [FileSystemLoader(p) for p in paths.values()]
	)
	env = SandboxedEnvironment(loader=loader, extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
	env.globals.update(
		{
			"frappe": frappe,
			"_": _,
			"bundled_asset": bundled_asset,
			"include_script": include_script,
			"include_style": include_style,
		}
	)
	env.filters.setdefault("json", _json_filter)
	return env


def bundled_asset(path: str, rtl=None) -> str:
	"""frappe.utils.jinja_globals.bundled_asset: ``x.bundle.js`` -> its URL. Real Frappe looks
	the name up in sites/assets/assets.json (esbuild output, hashed, under /dist/); there is
	no build here, so the stand-in serves the source file found under an app's public/."""
	if ".bundle." not in path or path.startswith("/assets"):
		return path
	for app in reversed(get_installed_apps()):
		public = os.path.join(get_app_path(app) or "", "public")
		for root, _dirs, files in os.walk(public):
			if os.path.basename(path) in files:
				rel = os.path.relpath(os.path.join(root, os.path.basename(path)), public).replace(os.sep, "/")
				return f"/assets/{app}/{rel}"
	return path


def include_script(path: str, preload=True) -> str:
	from markupsafe import Markup

	return Markup(f'<script type="text/javascript" src="{bundled_asset(path)}"></script>')


def include_style(path: str, rtl=None, preload=True) -> str:
	from markupsafe import Markup

	return Markup(f'<link type="text/css" rel="stylesheet" href="{bundled_asset(path)}">')


def _web_includes(hook: str) -> list[str]:
	getter = getattr(frappe, "get_hooks", None)
	try:
		value = getter(hook) if getter else []
	except Exception:
		value = []
	return [value] if isinstance(value, str) else list(value or [])


def _json_filter(value, indent=None):
	import json

	from frappe.utils.response import json_handler

	return json.dumps(value, default=json_handler, indent=indent)


def render_template(
	template: str, context: dict, is_path: bool | None = None, safe_render: bool = True
) -> str:
	"""frappe.render_template: a path (ends with .html and has no "{") or a template string."""
	env = get_jenv()
	if is_path or (
		is_path is None
		and template.endswith((".html", ".md"))
		and "\n" not in template
		and "{" not in template
	):
		return env.get_template(template).render(context)
	if safe_render and ".__" in template:
		frappe.throw(_("Illegal template"))
	return env.from_string(template).render(context)


# --------------------------------------------------------------------------------------
# resolve


class _Found:
	__slots__ = ("app", "app_path", "file_dir", "file_path", "template_path")

	def __init__(self, app, app_path, file_dir, file_path):
		self.app = app
		self.app_path = app_path
		self.file_dir = file_dir
		self.file_path = file_path
		self.template_path = os.path.relpath(file_path, app_path).replace(os.sep, "/")


def resolve_path(path: str) -> str:
	path = (path or "").strip("/")
	if not path:
		getter = getattr(frappe, "get_hooks", None)
		home = None
		if getter is not None:
			try:
				home = getter("home_page")
			except Exception:
				home = None
		if isinstance(home, list):
			home = home[-1] if home else None
		if home:
			return home.strip("/")
		if find_file("index"):
			return "index"
		return "login"
	if path.endswith("/index"):
		path = path[: -len("/index")]
	return resolve_from_map(path)


def resolve_from_map(path: str) -> str:
	"""frappe/website/path_resolver.py ``resolve_from_map`` + router.evaluate_dynamic_routes: the
	``website_route_rules`` hooks ({from_route, to_route, defaults}) as werkzeug Rules; a match
	gives its to_route, and the rule's ``<args>`` go into form_dict. (Doctype web-view routes are
	not modelled: no doctype here has a web view.)"""
	from werkzeug.exceptions import NotFound
	from werkzeug.routing import Map, Rule

	try:
		rules = frappe.get_hooks("website_route_rules") or []
	except Exception:
		rules = []
	if not rules:
		return path
	route_map = Map(
		[Rule(r["from_route"], endpoint=r["to_route"], defaults=r.get("defaults")) for r in rules]
	)
	try:
		endpoint, args = route_map.bind("localhost").match("/" + path)
	except NotFound:
		return path
	if args and getattr(frappe.local, "form_dict", None) is not None:
		frappe.local.form_dict.update(args)
	return endpoint


def find_file(path: str) -> _Found | None:
	if ".." in path.split("/"):
		return None
	for app in reversed(get_installed_apps()):
		app_path = get_app_path(app)
		if not app_path:
			continue
		for dirname in START_FOLDERS:
			search_path = os.path.join(app_path, dirname, path)
			for suffix in INDEX_SUFFIXES:
				file_path = f"{search_path}{suffix}"
				if os.path.isfile(file_path):
					return _Found(app, app_path, dirname, file_path)
	return None


# --------------------------------------------------------------------------------------
# render


def get_response(path: str | None = None, http_status_code: int = 200) -> Response:
	path = path if path is not None else frappe.local.request.path
	endpoint = resolve_path(path)
	try:
		found = find_file(endpoint)
		if not found:
			raise frappe.PageDoesNotExistError(endpoint)
		if found.file_path.endswith(PY_SUFFIXES):
			raise frappe.PageDoesNotExistError(endpoint)
		if is_static_file(found.file_path):
			return static_page(found.file_path, http_status_code)
		return template_page(endpoint, found, http_status_code)
	except frappe.Redirect:
		return redirect_page(http_status_code)
	except frappe.PermissionError as e:
		return not_permitted_page(e)
	except frappe.PageDoesNotExistError:
		return error_page(_("Not Found"), _("The resource you are looking for is not available"), 404)
	except Exception as e:
		import logging

		logging.getLogger("benchless.frappe.website").error("%s failed", path, exc_info=e)
		code = getattr(e, "http_status_code", None) or 500
		return error_page(_("Server Error"), _("Uncaught Exception"), code)


def static_page(file_path: str, http_status_code: int = 200) -> Response:
	with open(file_path, "rb") as f:
		data = f.read()
	mimetype = mimetypes.guess_type(file_path)[0] or "application/octet-stream"
	return Response(data, status=http_status_code or 200, mimetype=mimetype)


def template_page(path: str, found: _Found, http_status_code: int = 200) -> Response:
	context = frappe._dict()
	context.update(getattr(frappe.local, "response", {}).get("context") or {})
	base_template = "templates/web.html"
	context.base_template = base_template
	context.basepath = os.path.dirname(found.file_path)
	context.basename = os.path.splitext(found.file_path)[0]
	context.name = os.path.splitext(os.path.basename(found.file_path))[0]
	context.path = path
	context.route = path
	context.template = found.template_path
	context.csrf_token = _csrf_token()
	context.web_include_js = _web_includes("web_include_js")
	context.web_include_css = _web_includes("web_include_css")

	pymodule = _get_pymodule(found)
	if pymodule is not None:
		for prop in WEBPAGE_PY_MODULE_PROPERTIES:
			if hasattr(pymodule, prop):
				context[prop] = getattr(pymodule, prop)
		get_context = getattr(pymodule, "get_context", None)
		if get_context is not None:
			try:
				takes_args = bool(inspect.getfullargspec(get_context).args)
			except TypeError:
				takes_args = True
			data = get_context(context) if takes_args else get_context()
			if data:
				context.update(data)

	status = context.get("http_status_code") or http_status_code or 200
	if context.get("base_template_path"):
		context.base_template = context.base_template_path

	with open(os.path.join(found.app_path, context.template), encoding="utf-8") as f:
		source = f.read()
	original_source = source
	if not context.get("title"):
		context.title = _extract_title(source, path)
	if (
		context.get("base_template")
		and found.file_path.endswith(TEMPLATE_SUFFIXES)
		and "{%- extends" not in source
		and "{% extends" not in source
		and "</body>" not in source
	):
		source = (
			f'{{% extends "{context.base_template}" %}}{{% block page_content %}}{source}{{% endblock %}}'
		)
	session = getattr(frappe.local, "session", None) or {}
	context.setdefault("user", session.get("user"))
	safe_render = context.get("safe_render") if context.get("safe_render") is not None else True
	if source is original_source and context.template == found.template_path:
		html = render_template(f"{found.app}/{found.template_path}", context, is_path=True)
	else:
		html = render_template(source, context, is_path=False, safe_render=safe_render)
	html = add_csrf_token(html)
	response = Response(html, status=status, mimetype=route_mimetype(path))
	response.headers["X-Page-Name"] = path
	return response


def route_mimetype(path: str) -> str:
	"""frappe.website.utils.set_content_type: text/html unless the route names another type."""
	if "." in path and not path.endswith(".com"):
		return mimetypes.guess_type(path)[0] or "text/html"
	return "text/html"


def _get_pymodule(found: _Found):
	base = os.path.splitext(found.template_path)[0]
	dirname, basename = os.path.split(base)
	py_rel = os.path.join(dirname, basename.replace("-", "_") + ".py")
	if not os.path.exists(os.path.join(found.app_path, py_rel)):
		return None
	if found.app == "frappe":
		module_name = "frappe.website." + py_rel[:-3].replace("/", ".").replace(os.sep, ".")
	else:
		module_name = found.app + "." + py_rel[:-3].replace("/", ".").replace(os.sep, ".")
	return importlib.import_module(module_name)


def _extract_title(source: str, path: str) -> str:
	import re

	match = re.search(r"<h1[^>]*>(.*?)</h1>", source, re.S)
	if match and "{" not in match.group(1):
		return re.sub(r"<[^>]+>", "", match.group(1)).strip()
	name = path.rsplit("/", 1)[-1] or "Home"
	return name.replace("-", " ").replace("_", " ").title()


def add_csrf_token(html: str) -> str:
	"""BaseTemplatePage.add_csrf_token: the ``<!-- csrf_token -->`` placeholder becomes a script
	setting ``frappe.csrf_token`` to the session's token (the string "None" when it has none)."""
	if getattr(frappe.local, "session", None):
		return html.replace("<!-- csrf_token -->", f'<script>frappe.csrf_token = "{_csrf_token()}";</script>')
	return html


def _csrf_token() -> str | None:
	session = getattr(frappe.local, "session", None)
	if not session:
		return None
	data = session.get("data") or {}
	return data.get("csrf_token") if isinstance(data, dict) else None


def redirect_page(http_status_code: int = 301) -> Response:
	flags = getattr(frappe.local, "flags", None) or {}
	location = (
		flags.get("redirect_location")
		or (getattr(frappe.local, "response", None) or {}).get("location")
		or "/"
	)
	response = Response("", status=301)
	response.headers["Location"] = location
	response.headers["Cache-Control"] = "no-store, no-cache, must-revalidate"
	return response


def not_permitted_page(exception=None) -> Response:
	request = frappe.local.request
	action = f"/login?redirect-to={quote_plus(request.path)}"
	if request.path.startswith("/app/") or request.path == "/app":
		action = "/login"
	return message_page(
		_("Not Permitted"),
		str(exception or "") or _("You do not have enough permissions to complete the action"),
		403,
		primary_action=action,
		primary_label=_("Login"),
	)


def error_page(title: str, message: str, http_status_code: int) -> Response:
	return message_page(title, message, http_status_code)


def message_page(
	title, message, http_status_code, primary_action="/", primary_label=None, indicator_color="red"
):
	context = frappe._dict(
		title=title,
		message=message,
		http_status_code=http_status_code,
		primary_action=primary_action,
		primary_label=primary_label or _("Home"),
		indicator_color=indicator_color,
		base_template="templates/web.html",
	)
	try:
		html = render_template("www/message.html", context, is_path=True)
	except TemplateNotFound:  # pragma: no cover - the stand-in ships it
		html = f"<h1>{title}</h1><p>{message}</p>"
	response = Response(html, status=http_status_code, mimetype="text/html")
	response.headers["X-Page-Name"] = "message"
	return response
