"""benchless stand-in for the ``frappe`` package (Frappe Framework v15 API).

Module-level API modelled on frappe/frappe ``frappe/__init__.py`` (v15): thread/request
locals (``frappe.local`` is a werkzeug ``Local``), ``init``/``connect``/``destroy``,
documents, messages, hooks, whitelisting and permissions. The ORM lives in
``frappe.model``, the SQLite database layer in ``frappe.database``. See
benchless/README.md for what is faithful and what is not.
"""

import functools
import importlib
import inspect
import json
import os
import sys
from collections import defaultdict

from werkzeug.local import Local, LocalProxy, release_local

from .exceptions import *  # noqa: F403
from .exceptions import (
	AppNotInstalledError,
	DoesNotExistError,
	PermissionError,
	ValidationError,
)

__version__ = "15.0.0-benchless"
__title__ = "Frappe Framework (benchless stand-in)"
BENCHLESS = True


class _dict(dict):
	"""dict like object that exposes keys as attributes"""

	__slots__ = ()
	__getattr__ = dict.get
	__setattr__ = dict.__setitem__
	__delattr__ = dict.__delitem__

	def __setstate__(self, state):
		self.update(state)

	def __getstate__(self):
		return dict(self)

	def update(self, *args, **kwargs):
		super().update(*args, **kwargs)
		return self

	def copy(self):
		return _dict(self)


controllers = {}
local = Local()


def _make_cache():
	from frappe.utils.redis_wrapper import FakeRedis

	return FakeRedis()


cache = None  # set below (needs frappe.utils); ``frappe.cache`` and ``frappe.cache()`` both work
STANDARD_USERS = ("Guest", "Administrator")

db = local("db")
qb = local("qb")
conf = local("conf")
form = form_dict = local("form_dict")
request = local("request")
job = local("job")
response = local("response")
session = local("session")
user = local("user")
flags = local("flags")
error_log = local("error_log")
debug_log = local("debug_log")
message_log = local("message_log")
lang = local("lang")

# process-wide caches, keyed by the site's database path (real Frappe keeps these in redis)
_site_caches = {}

whitelisted = set()
guest_methods = set()
xss_safe_methods = set()
allowed_http_methods_for_whitelisted_func = {}


def _(msg, lang=None, context=None):
	"""Return translated string (the stand-in has no translations: returns ``msg``)."""
	return msg


def _lt(msg, lang=None, context=None):
	return msg


def as_unicode(text, encoding="utf-8"):
	from frappe.utils.data import as_unicode as _au

	return _au(text, encoding)


def bold(text):
	return f"<strong>{text}</strong>"


def scrub(txt):
	"""Return sluggified string. e.g. `Sales Order` becomes `sales_order`."""
	from frappe.utils.data import cstr

	return cstr(txt).replace(" ", "_").replace("-", "_").lower()


def unscrub(txt):
	return txt.replace("_", " ").replace("-", " ").title()


# --- site / request locals ---------------------------------------------------------------


def get_site_config(sites_path=None, site_path=None):
	config = {}
	sites_path = sites_path or getattr(local, "sites_path", None) or "."
	common = os.path.join(sites_path, "common_site_config.json")
	if os.path.exists(common):
		with open(common) as f:
			config.update(json.load(f))
	if site_path:
		path = os.path.join(site_path, "site_config.json")
		if os.path.exists(path):
			with open(path) as f:
				config.update(json.load(f))
		elif getattr(local, "flags", None) and not local.flags.new_site:
			raise IncorrectSitePath(f"{site_path} does not exist")  # noqa: F405
	return _dict(config)


def get_conf(site=None):
	if hasattr(local, "conf"):
		return local.conf
	return get_site_config()


def init(site, sites_path=".", new_site=False, force=False):
	"""Initialize frappe for the current site. Reset thread locals `frappe.local`"""
	if getattr(local, "initialised", None) and not force:
		return

	# per-site values cached on the local by a previous init (real Frappe keys them by site)
	for attr in ("doc_events_hooks", "outbox", "comments", "enqueued_jobs", "realtime_pending"):
		if hasattr(local, attr):
			delattr(local, attr)
	local.error_log = []
	local.message_log = []
	local.debug_log = []
	local.realtime_log = []
	local.flags = _dict(
		{
			"currently_saving": [],
			"redirect_location": "",
			"in_install_db": False,
			"in_install_app": False,
			"in_import": False,
			"in_test": False,
			"mute_messages": False,
			"ignore_links": False,
			"mute_emails": False,
			"has_dataurl": False,
			"new_site": new_site,
			"read_only": False,
		}
	)
	local.locked_documents = []
	local.test_objects = defaultdict(list)

	sites_path = sites_path or "."
	local.site = site
	local.site_name = site
	local.sites_path = sites_path
	site_path = os.path.join(sites_path, site)
	local.site_path = site_path
	local.all_apps = None
	local.request_ip = None
	local.response = _dict({"docs": []})
	local.task_id = None
	local.conf = get_site_config(sites_path=sites_path, site_path=site_path)
	local.lang = local.conf.lang or "en"
	local.module_app = None
	local.app_modules = None
	local.user = None
	local.user_perms = None
	local.session = _dict()
	local.role_permissions = {}
	local.valid_columns = {}
	local.new_doc_templates = {}
	local.request_cache = defaultdict(dict)
	local.jenv = None
	local.jloader = None
	local.cache = {}
	local.form_dict = _dict()
	local.preload_assets = {"style": [], "script": [], "icons": []}
	local.dev_server = False
	from frappe.query_builder import get_query_builder

	local.qb = get_query_builder(local.conf.db_type)
	local.initialised = True


def _db_path():
	conf = local.conf
	if conf.get("db_path"):
		return conf.db_path
	if not conf.get("db_name"):
		raise SiteNotSpecifiedError()  # noqa: F405
	return os.path.join(local.site_path, conf.db_name)


def connect(site=None, db_name=None, set_admin_as_user=True):
	"""Connect to site database instance (one SQLite connection per call)."""
	from frappe.database import get_db

	if site:
		init(site)
	local.db = get_db(_db_path())
	if set_admin_as_user:
		set_user("Administrator")


def destroy():
	"""Closes connection and releases werkzeug local."""
	if db:
		db.close()
	release_local(local)


def set_user(username):
	"""Set current user."""
	local.session.user = username
	local.session.sid = username
	local.cache = {}
	local.form_dict = _dict()
	local.jenv = None
	local.session.data = _dict()
	local.role_permissions = {}
	local.new_doc_templates = {}
	local.user_perms = None


def get_user():
	return _dict(name=local.session.user)


def site_cache_key():
	return os.path.abspath(_db_path())


def _site_cache():
	return _site_caches.setdefault(site_cache_key(), {})


def clear_cache(user=None, doctype=None):
	"""Clear the stand-in's process-wide caches for this site (roles, hooks, meta)."""
	cache = _site_cache()
	if doctype:
		# every meta cache (also the per-install ones keyed ("meta", apps)), the Custom Field
		# rows merged into metas, and the link-field map (a Custom Field may be a Link)
		for key, value in list(cache.items()):
			if key == "meta" or (isinstance(key, tuple) and key[0] == "meta"):
				value.pop(doctype, None)
		cache.pop("custom_fields", None)
		cache.pop("link_fields", None)
		return
	cache.pop("roles", None)
	if not user:
		for key in ("hooks", "doc_events", "installed_apps", "link_fields"):
			cache.pop(key, None)
		globals()["cache"].flushall()
	if hasattr(local, "doc_events_hooks"):
		del local.doc_events_hooks


def clear_document_cache(doctype, name=None):
	if db:
		db.value_cache.pop(doctype, None)
	if doctype in ("User", "Has Role", "Role"):
		_site_cache().pop("roles", None)


# --- messages ------------------------------------------------------------------------------


def msgprint(
	msg,
	title=None,
	raise_exception=False,
	as_table=False,
	as_list=False,
	indicator=None,
	alert=False,
	primary_action=None,
	is_minimizable=None,
	wide=None,
	*,
	realtime=False,
):
	"""Print a message to the user (collected in ``frappe.local.message_log``)."""
	from frappe.utils import strip_html_tags

	msg = str(msg) if not isinstance(msg, str | list | tuple) else msg

	def _raise_exception():
		if raise_exception:
			if inspect.isclass(raise_exception) and issubclass(raise_exception, Exception):
				exc = raise_exception(msg)
			elif isinstance(raise_exception, Exception):
				exc = raise_exception
				exc.args = (msg,)
			else:
				exc = ValidationError(msg)
			raise exc

	if flags.mute_messages:
		_raise_exception()
		return

	if as_table and type(msg) in (list, tuple):
		msg = "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in msg) + "</table>"
	if as_list and type(msg) in (list, tuple) and len(msg) > 1:
		msg = "<ul><li>" + "</li><li>".join(str(m) for m in msg) + "</li></ul>"

	out = _dict(message=msg)
	if raise_exception:
		out.raise_exception = 1
		out.__frappe_exc_id = generate_hash(length=10)
	if title:
		out.title = title
	if not indicator and raise_exception:
		indicator = "red"
	if indicator:
		out.indicator = indicator
	if is_minimizable:
		out.is_minimizable = is_minimizable
	if alert:
		out.alert = 1
	if raise_exception:
		out.exc_type = (
			raise_exception.__name__
			if inspect.isclass(raise_exception)
			else type(raise_exception).__name__
			if isinstance(raise_exception, Exception)
			else "ValidationError"
		)
	if primary_action:
		out.primary_action = primary_action
	if wide:
		out.wide = wide

	message_log.append(out)
	_raise_exception()


def clear_messages():
	local.message_log = []


def get_message_log():
	return [json.loads(m) if isinstance(m, str) else m for m in local.message_log]


def clear_last_message():
	if len(local.message_log) > 0:
		local.message_log = local.message_log[:-1]


def throw(
	msg,
	exc=ValidationError,
	title=None,
	is_minimizable=False,
	wide=False,
	as_list=False,
	primary_action=None,
):
	"""Throw exception and show message (`msgprint`)."""
	msgprint(
		msg,
		raise_exception=exc,
		title=title,
		indicator="red",
		is_minimizable=is_minimizable,
		wide=wide,
		as_list=as_list,
		primary_action=primary_action,
	)


def log(msg):
	print(msg, file=sys.stderr)
	debug_log.append(as_unicode(msg))


def errprint(msg):
	print(msg, file=sys.stderr)
	error_log.append({"exc": msg})


def log_error(title=None, message=None, reference_doctype=None, reference_name=None, *, defer_insert=False):
	"""Log error to Error Log (the current traceback when ``message`` is None)."""
	from frappe.utils import get_traceback

	traceback = None
	if message:
		if title and "\n" in title:
			traceback, title = title, message
		else:
			traceback = message
	title = title or "Error"
	traceback = as_unicode(traceback or get_traceback())
	if not db:
		print(f"Failed to log error in db: {title}", file=sys.stderr)
		return
	error_log_doc = get_doc(
		doctype="Error Log",
		error=traceback,
		method=title,
		reference_doctype=reference_doctype,
		reference_name=reference_name,
	)
	return error_log_doc.insert(ignore_permissions=True)


# --- whitelisting --------------------------------------------------------------------------


def _in_request_or_test():
	return getattr(local, "request", None) or (getattr(local, "flags", None) or {}).get("in_test")


def whitelist(allow_guest=False, xss_safe=False, methods=None):
	"""Decorator for whitelisting a function and making it accessible via HTTP."""
	if not methods:
		methods = ["GET", "POST", "PUT", "DELETE"]

	def innerfn(fn):
		global whitelisted, guest_methods, xss_safe_methods, allowed_http_methods_for_whitelisted_func
		try:
			from frappe.utils.typing_validations import validate_argument_types
		except ImportError:  # pragma: no cover - the server side of benchless provides it

			def validate_argument_types(f, apply_condition=None):
				return f

		method = None
		if hasattr(fn, "__func__"):
			method = validate_argument_types(fn, apply_condition=_in_request_or_test)
			fn = method.__func__
		else:
			fn = validate_argument_types(fn, apply_condition=_in_request_or_test)

		whitelisted.add(fn)
		allowed_http_methods_for_whitelisted_func[fn] = methods
		if allow_guest:
			guest_methods.add(fn)
			if xss_safe:
				xss_safe_methods.add(fn)
		return method or fn

	return innerfn


def is_whitelisted(method):
	from frappe.utils import sanitize_html

	is_guest = session["user"] == "Guest"
	if method not in whitelisted or (is_guest and method not in guest_methods):
		summary = _("You are not permitted to access this resource. Login to access")
		detail = _("Function {0} is not whitelisted.").format(bold(f"{method.__module__}.{method.__name__}"))
		msg = f"<details><summary>{summary}</summary>{detail}</details>"
		throw(msg, PermissionError, title=_("Method Not Allowed"))

	if is_guest and method not in xss_safe_methods:
		for key, value in form_dict.items():
			if isinstance(value, str):
				form_dict[key] = sanitize_html(value)


def read_only():
	def innfn(fn):
		return fn

	return innfn


# --- roles and permissions -----------------------------------------------------------------


def get_roles(username=None):
	"""Return roles of current user."""
	if not local.session or not local.session.user:
		return ["Guest"]
	import frappe.permissions

	return frappe.permissions.get_roles(username or local.session.user)


def only_for(roles, message=False):
	"""Raise `frappe.PermissionError` if the user does not have any of the permitted roles."""
	if local.flags.in_test or local.session.user == "Administrator":
		return
	if isinstance(roles, str):
		roles = (roles,)
	if set(roles).isdisjoint(get_roles()):
		if not message:
			raise PermissionError
		throw(
			_("This action is only allowed for {}").format(", ".join(bold(_(role)) for role in roles)),
			PermissionError,
			_("Not Permitted"),
		)


def has_permission(
	doctype=None,
	ptype="read",
	doc=None,
	user=None,
	throw=False,
	*,
	parent_doctype=None,
	debug=False,
	ignore_share_permissions=False,
):
	"""Return True if the user has permission `ptype` for given `doctype` or `doc`."""
	import frappe.permissions

	if not doctype and doc:
		doctype = doc.doctype
	out = frappe.permissions.has_permission(
		doctype,
		ptype,
		doc=doc,
		user=user,
		raise_exception=throw,
		parent_doctype=parent_doctype,
		debug=debug,
		ignore_share_permissions=ignore_share_permissions,
	)
	if throw and not out:
		if doc:
			frappe.permissions.check_doctype_permission(doctype, ptype)
		document_label = f"{_(doctype)} {doc if isinstance(doc, str) else doc.name}" if doc else _(doctype)
		flags.error_message = _("No permission for {0}").format(document_label)
		raise PermissionError
	return out


def has_website_permission(doc=None, ptype="read", user=None, verbose=False, doctype=None):
	if not user:
		user = session.user
	if doc:
		if isinstance(doc, str):
			doc = get_doc(doctype, doc)
		doctype = doc.doctype
		if doc.flags.ignore_permissions:
			return True
		if hasattr(doc, "has_website_permission"):
			return doc.has_website_permission(ptype, user, verbose=verbose)
	hooks = (get_hooks("has_website_permission") or {}).get(doctype, [])
	if hooks:
		for method in hooks:
			result = call(method, doc=doc, ptype=ptype, user=user, verbose=verbose)
			if not result:
				return False
		return True
	return False


def is_table(doctype):
	return bool(get_meta(doctype).istable)


def only_has_select_perm(doctype, user=None, ignore_permissions=False):
	if ignore_permissions:
		return False
	from frappe.permissions import get_role_permissions

	user = user or local.session.user
	permissions = get_role_permissions(doctype, user=user)
	return permissions.get("select") and not permissions.get("read")


# --- documents -----------------------------------------------------------------------------


def generate_hash(txt=None, length=56):
	"""Generate random hash using best available randomness source."""
	import math
	import secrets

	return secrets.token_hex(math.ceil(length / 2))[:length]


def get_meta(doctype, cached=True):
	import frappe.model.meta

	return frappe.model.meta.get_meta(doctype, cached=cached)


def new_doc(doctype, *, parent_doc=None, parentfield=None, as_dict=False, **kwargs):
	"""Return a new document of the given DocType with defaults set."""
	from frappe.model.create_new import get_new_doc

	new_doc = get_new_doc(doctype, parent_doc, parentfield, as_dict=as_dict)
	return new_doc.update(kwargs)


def get_doc(*args, **kwargs):
	"""Return a `frappe.model.document.Document` object of the given type and name."""
	import frappe.model.document

	doc = frappe.model.document.get_doc(*args, **kwargs)
	return doc


def get_cached_doc(*args, **kwargs):
	"""Identical to `frappe.get_doc` in the stand-in (no document cache: always fresh)."""
	return get_doc(*args, **kwargs)


def get_cached_value(doctype, name, fieldname="name", as_dict=False):
	try:
		doc = get_cached_doc(doctype, name)
	except DoesNotExistError:
		clear_last_message()
		return
	if isinstance(fieldname, str):
		if as_dict:
			throw("Cannot make dict for single fieldname")
		return doc.get(fieldname)
	values = [doc.get(f) for f in fieldname]
	if as_dict:
		return _dict(zip(fieldname, values, strict=False))
	return values


def get_single(doctype):
	"""Return a `frappe.model.document.Document` object of the given Single doctype."""
	return get_doc(doctype, doctype)


def get_last_doc(doctype, filters=None, order_by="creation desc", *, for_update=False):
	d = get_all(doctype, filters=filters, limit_page_length=1, order_by=order_by, pluck="name")
	if d:
		return get_doc(doctype, d[0], for_update=for_update)
	raise DoesNotExistError(doctype=doctype)


def delete_doc(
	doctype=None,
	name=None,
	force=False,
	ignore_doctypes=None,
	for_reload=False,
	ignore_permissions=False,
	flags=None,
	ignore_on_trash=False,
	ignore_missing=True,
	delete_permanently=False,
):
	"""Delete a document. Calls `frappe.model.delete_doc.delete_doc`."""
	import frappe.model.delete_doc

	return frappe.model.delete_doc.delete_doc(
		doctype,
		name,
		force,
		ignore_doctypes,
		for_reload,
		ignore_permissions,
		flags,
		ignore_on_trash,
		ignore_missing,
		delete_permanently,
	)


def delete_doc_if_exists(doctype, name, force=0):
	delete_doc(doctype, name, force=force, ignore_missing=True)


def get_list(doctype, *args, **kwargs):
	"""List database query via `frappe.model.db_query`. Will also check for permissions."""
	import frappe.model.db_query

	return frappe.model.db_query.DatabaseQuery(doctype).execute(*args, **kwargs)


def get_all(doctype, *args, **kwargs):
	"""List database query via `frappe.model.db_query`. Will **not** check for permissions."""
	kwargs["ignore_permissions"] = True
	if "limit_page_length" not in kwargs:
		kwargs["limit_page_length"] = 0
	return get_list(doctype, *args, **kwargs)


def get_value(*args, **kwargs):
	"""Alias for `frappe.db.get_value`."""
	return local.db.get_value(*args, **kwargs)


def copy_doc(doc, ignore_no_copy=True):
	import copy

	fields_to_clear = ["name", "owner", "creation", "modified", "modified_by"]
	if not local.flags.in_test:
		fields_to_clear.append("docstatus")
	d = doc.as_dict() if hasattr(doc, "as_dict") else doc
	newdoc = get_doc(copy.deepcopy(d))
	newdoc.set("__islocal", 1)
	for fieldname in [*fields_to_clear, "amended_from", "amendment_date"]:
		if newdoc.meta.has_field(fieldname) or fieldname in fields_to_clear:
			newdoc.set(fieldname, None)
	for d in newdoc.get_all_children():
		d.set("__islocal", 1)
		for fieldname in fields_to_clear:
			d.set(fieldname, None)
	return newdoc


def rename_doc(
	doctype,
	old,
	new,
	force=False,
	merge=False,
	*,
	ignore_if_exists=False,
	show_alert=True,
	rebuild_search=True,
):
	"""Rename a document and update the links to it. Calls `frappe.model.rename_doc.rename_doc`."""
	from frappe.model.rename_doc import rename_doc as _rename

	return _rename(
		doctype=doctype,
		old=old,
		new=new,
		force=force,
		merge=merge,
		ignore_if_exists=ignore_if_exists,
		show_alert=show_alert,
		rebuild_search=rebuild_search,
	)


# --- json ----------------------------------------------------------------------------------


def _json_handler(obj):
	import datetime
	import decimal

	if isinstance(obj, datetime.date | datetime.timedelta | datetime.datetime | datetime.time):
		return str(obj)
	if isinstance(obj, decimal.Decimal):
		return float(obj)
	if hasattr(obj, "as_dict"):
		return obj.as_dict()
	if hasattr(obj, "__json__"):
		return obj.__json__()
	if isinstance(obj, set | frozenset):
		return list(obj)
	raise TypeError(f"Object of type {type(obj).__name__} with value of {obj!r} is not JSON serializable")


def as_json(obj, indent=1, separators=None, ensure_ascii=True):
	"""Return the JSON string representation of the given `obj`."""
	if separators is None:
		separators = (",", ": ")
	try:
		return json.dumps(
			obj,
			indent=indent,
			sort_keys=True,
			default=_json_handler,
			separators=separators,
			ensure_ascii=ensure_ascii,
		)
	except TypeError:
		sorted_obj = dict(sorted(obj.items(), key=lambda kv: str(kv[0])))
		return json.dumps(
			sorted_obj, indent=indent, default=_json_handler, separators=separators, ensure_ascii=ensure_ascii
		)


def parse_json(val):
	"""Parse json if string else return."""
	if isinstance(val, str):
		val = json.loads(val)
	if isinstance(val, dict):
		val = _dict(val)
	return val


# --- apps, modules and hooks ---------------------------------------------------------------


def get_module(modulename):
	return importlib.import_module(modulename)


def get_pymodule_path(modulename, *joins):
	from os.path import abspath, dirname, join

	if "public" not in joins:
		joins = [scrub(part) for part in joins]
	return abspath(join(dirname(get_module(scrub(modulename)).__file__ or ""), *joins))


def get_app_path(app_name, *joins):
	return get_pymodule_path(app_name, *joins)


def get_app_source_path(app_name, *joins):
	return get_app_path(app_name, "..", *joins)


def get_site_path(*joins):
	return os.path.join(local.site_path, *joins)


def get_module_list(app_name):
	return get_file_items(get_app_path(app_name, "modules.txt"))


def get_file_items(path, raise_not_found=False, ignore_empty_lines=True):
	content = read_file(path, raise_not_found=raise_not_found)
	if content:
		content = content.replace("\ufeff", "").strip()
		return [
			p.strip()
			for p in content.splitlines()
			if (not ignore_empty_lines) or (p.strip() and not p.startswith("#"))
		]
	return []


def get_file_json(path):
	with open(path) as f:
		return json.load(f)


def read_file(path, raise_not_found=False, as_base64=False):
	if os.path.exists(path):
		with open(path, "rb" if as_base64 else "r") as f:
			content = f.read()
		if as_base64:
			import base64

			return base64.b64encode(content).decode("utf-8")
		return as_unicode(content)
	elif raise_not_found:
		raise OSError(f"{path} Not Found")
	return None


def get_installed_apps(*, _ensure_on_bench=False):
	"""List of installed apps in current site (stored in the site database at install)."""
	if getattr(local, "installing_apps", None) is not None:
		return list(local.installing_apps)
	if not db:
		connect()
	cache = _site_cache()
	if "installed_apps" not in cache:
		cache["installed_apps"] = json.loads(db.get_global("installed_apps") or "[]")
	return list(cache["installed_apps"])


def get_all_apps(with_internal_apps=True, sites_path=None):
	return get_installed_apps()


def setup_module_map(include_all_apps=True):
	app_modules, module_app = {}, {}
	for app in get_installed_apps():
		app_modules.setdefault(app, [])
		for module in get_module_list(app):
			module = scrub(module)
			app_modules[app].append(module)
			module_app[module] = app
	local.app_modules = app_modules
	local.module_app = module_app


def get_module_path(module, *joins):
	"""Get the path of the given module name."""
	from frappe.modules.utils import get_module_app

	app = get_module_app(module)
	return get_pymodule_path(app + "." + scrub(module), *joins)


def append_hook(target, key, value):
	"""appends a hook to the the target dict (lists for values, dicts merged recursively)."""
	if isinstance(value, dict):
		target.setdefault(key, {})
		for inkey in value:
			append_hook(target[key], inkey, value[inkey])
	else:
		target.setdefault(key, [])
		if not isinstance(value, list):
			value = [value]
		target[key].extend(value)


def _load_app_hooks(app_name=None):
	import types

	hooks = {}
	apps = [app_name] if app_name else get_installed_apps(_ensure_on_bench=True)
	for app in apps:
		app_hooks = get_module(f"{app}.hooks")

		def _is_valid_hook(obj):
			return not isinstance(obj, types.ModuleType | types.FunctionType | type)

		for key, value in inspect.getmembers(app_hooks, predicate=_is_valid_hook):
			if not key.startswith("_"):
				append_hook(hooks, key, value)
	return hooks


def get_hooks(hook=None, default="_KEEP_DEFAULT_LIST", app_name=None):
	"""Get hooks via `app/hooks.py`, merged across installed apps in install order."""
	if app_name:
		hooks = _load_app_hooks(app_name)
	else:
		cache = _site_cache()
		if "hooks" not in cache or getattr(local, "installing_apps", None):
			hooks = _load_app_hooks()
			if not getattr(local, "installing_apps", None):
				cache["hooks"] = hooks
		else:
			hooks = cache["hooks"]
	if hook:
		return hooks.get(hook, ([] if default == "_KEEP_DEFAULT_LIST" else default))
	return _dict(hooks)


def get_doc_hooks():
	"""Return hooked methods for given doc. Expand the dict tuple if required."""
	if not hasattr(local, "doc_events_hooks") or getattr(local, "installing_apps", None):
		hooks = get_hooks("doc_events", {})
		out = {}
		for key, value in hooks.items():
			if isinstance(key, tuple):
				for doctype in key:
					append_hook(out, doctype, value)
			else:
				append_hook(out, key, value)
		local.doc_events_hooks = out
	return local.doc_events_hooks


def get_attr(method_string):
	"""Get python method object from its name."""
	app_name = method_string.split(".", 1)[0]
	if not local.flags.in_uninstall and not local.flags.in_install and app_name not in get_installed_apps():
		throw(_("App {0} is not installed").format(app_name), AppNotInstalledError)
	modulename = ".".join(method_string.split(".")[:-1])
	methodname = method_string.split(".")[-1]
	return getattr(get_module(modulename), methodname)


def call(fn, *args, **kwargs):
	"""Call a function and match arguments."""
	if isinstance(fn, str):
		fn = get_attr(fn)
	newargs = get_newargs(fn, kwargs)
	return fn(*args, **newargs)


@functools.lru_cache
def _get_cached_signature_params(fn):
	signature = inspect.signature(fn)
	variable_kwargs_exist = any(
		parameter.kind == inspect.Parameter.VAR_KEYWORD for parameter in signature.parameters.values()
	)
	return dict(signature.parameters), variable_kwargs_exist


def get_newargs(fn, kwargs):
	"""Remove any kwargs that are not supported by the function."""
	parameters, variable_kwargs_exist = _get_cached_signature_params(fn)
	newargs = (
		kwargs.copy()
		if variable_kwargs_exist
		else {key: value for key, value in kwargs.items() if key in parameters}
	)
	newargs.pop("ignore_permissions", None)
	newargs.pop("flags", None)
	return newargs


# --- background jobs and realtime -----------------------------------------------------------


def enqueue(*args, **kwargs):
	"""Run a job (synchronously in the stand-in). See frappe.utils.background_jobs.enqueue."""
	import frappe.utils.background_jobs

	return frappe.utils.background_jobs.enqueue(*args, **kwargs)


def enqueue_doc(*args, **kwargs):
	"""Enqueue a document method. See frappe.utils.background_jobs.enqueue_doc."""
	import frappe.utils.background_jobs

	return frappe.utils.background_jobs.enqueue_doc(*args, **kwargs)


def publish_realtime(*args, **kwargs):
	"""Record a realtime event (in ``frappe.local.realtime_log``). See frappe.realtime."""
	import frappe.realtime

	return frappe.realtime.publish_realtime(*args, **kwargs)


def sendmail(*args, **kwargs):
	"""Stand-in: records the mail in ``frappe.local.outbox`` instead of sending."""
	if not hasattr(local, "outbox"):
		local.outbox = []
	local.outbox.append(_dict(args=args, kwargs=kwargs))


def get_traceback(with_context=False):
	from frappe.utils import get_traceback as _gt

	return _gt(with_context)


def are_emails_muted():
	return True


def redirect(url):
	flags.redirect_location = url
	raise Redirect  # noqa: F405


def get_request_header(key, default=None):
	return request.headers.get(key, default)


def get_desk_link(doctype, name):
	return f'<a href="/app/Form/{doctype}/{name}" style="font-weight: bold;">{_(doctype)} {name}</a>'


def get_system_settings(key):
	return None


cache = _make_cache()
client_cache = cache
