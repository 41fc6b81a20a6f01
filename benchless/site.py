"""Create a benchless site: a folder with ``site_config.json`` and a SQLite database.

``create_site(path, apps=("frappe", "erpnext", "wms_module"))`` does what
``bench new-site`` + ``bench install-app`` do, in the stand-in's terms (modelled on
frappe/frappe ``frappe/installer.py``: ``install_app``): for each app in order, run its
``before_install`` hooks, create the tables of its doctypes, record it in
``installed_apps``, run its ``after_install`` hooks, then import its fixtures
(``<app>/fixtures/*.json``). Administrator (all roles) and Guest are created with the
frappe app; each app's Script Reports (``<module>/report/*/*.json``) are recorded in
``tabReport``. The work runs in a separate thread so the caller's ``frappe.local`` is left
untouched.

Open the site with ``frappe.init(site=info.site, sites_path=info.sites_path)`` and
``frappe.connect()``.
"""

import contextlib
import glob
import json
import os
import threading


def create_site(path, apps=("frappe", "erpnext", "wms_module"), *, admin_password="admin"):
	"""Create a fresh site in folder ``path``; return _dict(site, sites_path, site_path, db_path)."""
	path = os.path.abspath(path)
	sites_path, site = os.path.dirname(path), os.path.basename(path)
	os.makedirs(path, exist_ok=True)
	db_path = os.path.join(path, "site.sqlite3")
	for suffix in ("", "-wal", "-shm"):
		if os.path.exists(db_path + suffix):
			os.remove(db_path + suffix)
	with open(os.path.join(path, "site_config.json"), "w") as f:
		json.dump({"db_type": "sqlite", "db_name": "site.sqlite3"}, f, indent=1)
	apps = list(apps)
	if "frappe" in apps:
		apps.remove("frappe")
	apps.insert(0, "frappe")

	errors = []

	def run():
		try:
			_install(site, sites_path, apps, admin_password)
		except BaseException as e:  # re-raised in the caller's thread
			errors.append(e)

	t = threading.Thread(target=run, name=f"benchless-create-site-{site}")
	t.start()
	t.join()
	if errors:
		raise errors[0]
	import frappe

	frappe._site_caches.pop(os.path.abspath(db_path), None)
	return frappe._dict(site=site, sites_path=sites_path, site_path=path, db_path=db_path)


def _install(site, sites_path, apps, admin_password):
	import frappe
	from frappe.model import sync

	frappe.init(site, sites_path=sites_path, new_site=True, force=True)
	frappe.local.installing_apps = []
	frappe.connect(set_admin_as_user=False)
	frappe.set_user("Administrator")
	frappe.flags.in_install_db = True
	frappe.flags.in_install = True
	frappe.local._site_caches_key = frappe.site_cache_key()
	frappe._site_caches.pop(frappe.site_cache_key(), None)
	try:
		sync.create_framework_tables()
		for app in apps:
			frappe.local.installing_apps.append(app)
			frappe.flags.in_install = app
			_install_app(app, admin_password)
		frappe.db.set_global("installed_apps", json.dumps(apps))
		frappe.db.commit()
	finally:
		frappe.local.installing_apps = None
		frappe._site_caches.pop(frappe.site_cache_key(), None)
		frappe.destroy()


def _make_roles(metas):
	"""A Role record (desk access) for every role the app's doctypes name in their permissions, as
	installing a doctype does (frappe/core/doctype/doctype/doctype.py: make_module_and_roles), so
	ERPNext's Stock User, Sales User, ... exist on the site to be given to users."""
	import frappe

	if not frappe.db.exists("DocType", "Role"):
		return
	for role in sorted({p.role for meta in metas for p in meta.get("permissions") or [] if p.get("role")}):
		if not frappe.db.exists("Role", role):
			r = frappe.new_doc("Role")
			r.role_name = role
			r.desk_access = 1
			r.flags.ignore_mandatory = r.flags.ignore_permissions = True
			r.insert()


def _install_app(app, admin_password):
	import frappe
	from frappe.model import sync
	from frappe.model.meta import get_doctype_registry

	for method in frappe.get_hooks("before_install", app_name=app):
		frappe.get_attr(method)()

	registry = get_doctype_registry()
	new = [name for name, entry in registry.items() if entry.app == app]
	for name in new:
		check_doctype(frappe.get_meta(name), registry)
	for name in new:
		sync.create_table(frappe.get_meta(name))
	for name in new:
		sync.run_on_doctype_update(name)
	for name in new:
		meta = frappe.get_meta(name)
		frappe.db.sql(
			"insert into `tabDocType` (name, creation, modified, modified_by, owner, docstatus, idx, module, custom, "
			"istable, issingle, is_submittable, is_tree, is_virtual, autoname, title_field, sort_field, sort_order, "
			"track_changes) values (%s, %s, %s, 'Administrator', 'Administrator', 0, 0, %s, 0, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
			(
				name,
				frappe.utils.now(),
				frappe.utils.now(),
				meta.module,
				int(meta.istable or 0),
				int(meta.issingle or 0),
				int(meta.is_submittable or 0),
				int(meta.is_tree or 0),
				int(meta.is_virtual or 0),
				meta.autoname,
				meta.title_field,
				meta.sort_field,
				meta.sort_order,
				int(meta.track_changes or 0),
			),
		)

	if app == "frappe":
		_install_standard_users(admin_password)
	_make_roles([frappe.get_meta(name) for name in new])
	if app == "frappe":
		# frappe/utils/install.py:after_install: Country and Currency records from country_info
		from frappe.geo.doctype.country.country import import_country_and_currency

		import_country_and_currency()

	_sync_reports(app)

	for method in frappe.get_hooks("after_install", app_name=app):
		frappe.get_attr(method)()

	import_fixtures(app)


def check_doctype(meta, registry):
	"""Schema checks ``bench migrate`` would fail on (DocType.validate_fields): duplicate
	fieldnames, Table options that are missing or not child tables, Dynamic Link options
	that are not a field of the doctype. A Link to a doctype that is not installed only
	warns (the erpnext stand-in holds a subset of ERPNext's doctypes)."""
	import warnings

	import frappe
	from frappe.model import no_value_fields

	seen = set()
	for df in meta.fields:
		where = f"DocType {meta.name!r}, field {df.fieldname!r}"
		if not df.fieldname:
			frappe.throw(f"{where}: every field needs a fieldname ({meta.json_path})")
		if df.fieldname in seen:
			frappe.throw(f"{where}: fieldname appears more than once ({meta.json_path})")
		seen.add(df.fieldname)
		if df.fieldtype in ("Table", "Table MultiSelect"):
			child = registry.get(df.options)
			if not child:
				frappe.throw(f"{where}: Table options {df.options!r} is not a DocType of an installed app")
			if not child.data.get("istable"):
				frappe.throw(f"{where}: Table options {df.options!r} is not a child table (istable)")
		elif df.fieldtype == "Link":
			if not df.options:
				frappe.throw(f"{where}: Link field needs options (the target DocType)")
			if df.options not in registry:
				warnings.warn(f"benchless: {where} links to {df.options!r}, which no installed app defines", stacklevel=2)
		elif df.fieldtype == "Dynamic Link" and not meta.get_field(df.options or ""):
			frappe.throw(f"{where}: Dynamic Link options {df.options!r} must name a field of {meta.name!r}")
		elif df.fieldtype not in no_value_fields and df.fieldtype not in _KNOWN_FIELDTYPES:
			frappe.throw(f"{where}: unknown fieldtype {df.fieldtype!r}")


_KNOWN_FIELDTYPES = {
	"Autocomplete", "Attach", "Attach Image", "Barcode", "Check", "Code", "Color", "Currency", "Data",
	"Date", "Datetime", "Duration", "Dynamic Link", "Float", "Geolocation", "HTML Editor", "Icon", "Int",
	"JSON", "Link", "Long Text", "Markdown Editor", "Password", "Percent", "Phone", "Rating", "Read Only",
	"Select", "Signature", "Small Text", "Text", "Text Editor", "Time",
}


def _install_standard_users(admin_password):
	import frappe
	from frappe.utils.password import update_password

	for role in ("Administrator", "System Manager", "Guest", "All", "Desk User"):
		frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1}).insert(ignore_permissions=True)
	admin = frappe.get_doc(
		{
			"doctype": "User",
			"email": "admin@example.com",
			"first_name": "Administrator",
			"user_type": "System User",
			"enabled": 1,
			"roles": [{"role": "Administrator"}, {"role": "System Manager"}],
		}
	)
	admin.insert(ignore_permissions=True, set_name="Administrator")
	guest = frappe.get_doc(
		{
			"doctype": "User",
			"email": "guest@example.com",
			"first_name": "Guest",
			"user_type": "Website User",
			"enabled": 1,
			"roles": [{"role": "Guest"}],
		}
	)
	guest.insert(ignore_permissions=True, set_name="Guest")
	update_password("Administrator", admin_password)


def _sync_reports(app):
	import frappe

	app_path = frappe.get_app_path(app)
	meta = frappe.get_meta("Report")
	for module in frappe.get_module_list(app):
		for path in sorted(glob.glob(os.path.join(app_path, frappe.scrub(module), "report", "*", "*.json"))):
			folder = os.path.basename(os.path.dirname(path))
			if os.path.basename(path) != f"{folder}.json":
				continue
			with open(path) as f:
				data = json.load(f)
			if data.get("doctype") != "Report":
				continue
			doc = {k: v for k, v in data.items() if meta.has_field(k) and k != "roles"}
			doc["doctype"] = "Report"
			doc["module"] = data.get("module") or module
			doc["roles"] = [{"role": r.get("role")} for r in data.get("roles") or [] if r.get("role")]
			frappe.flags.in_import = True
			try:
				frappe.get_doc(doc).insert(ignore_permissions=True, ignore_links=True, set_name=data["name"])
			finally:
				frappe.flags.in_import = False


def import_fixtures(app):
	"""Import ``<app>/fixtures/*.json`` (lists of documents; names kept, like data import)."""
	import frappe

	fixtures_path = frappe.get_app_path(app, "fixtures")
	if not os.path.isdir(fixtures_path):
		return
	for path in sorted(glob.glob(os.path.join(fixtures_path, "*.json"))):
		with open(path) as f:
			docs = json.load(f)
		if isinstance(docs, dict):
			docs = [docs]
		frappe.flags.in_import = True
		try:
			for d in docs:
				d = dict(d)
				for key in ("modified", "creation", "owner", "modified_by"):
					d.pop(key, None)
				if d.get("name") and frappe.db.exists(d["doctype"], d["name"]):
					doc = frappe.get_doc(d["doctype"], d["name"])
					doc.update(d)
					doc.save(ignore_permissions=True)
				else:
					frappe.get_doc(d).insert(ignore_permissions=True, ignore_if_duplicate=True)
		finally:
			frappe.flags.in_import = False


@contextlib.contextmanager
def site_context(info, user="Administrator"):
	"""Temporarily switch this thread's ``frappe.local`` to the site ``info`` (restored after).

	Commits made inside are real commits on that site's database."""
	import frappe

	storage = object.__getattribute__(frappe.local, "_Local__storage")
	token = storage.set({})
	try:
		frappe.init(info.site, sites_path=info.sites_path, force=True)
		frappe.connect(set_admin_as_user=False)
		frappe.set_user(user)
		yield frappe.local
	finally:
		try:
			if getattr(frappe.local, "db", None):
				frappe.local.db.close()
		finally:
			storage.reset(token)


def run_in_site(info, fn, *args, user="Administrator", commit=True, **kwargs):
	"""Run ``fn(*args, **kwargs)`` in a new thread connected to site ``info``; return its result.

	Commits when ``fn`` returns (if ``commit``), rolls back if it raises (re-raised here)."""
	result, errors = [], []

	def target():
		import frappe

		frappe.init(info.site, sites_path=info.sites_path, force=True)
		frappe.connect(set_admin_as_user=False)
		frappe.set_user(user)
		try:
			result.append(fn(*args, **kwargs))
			if commit:
				frappe.db.commit()
		except BaseException as e:
			frappe.db.rollback()
			errors.append(e)
		finally:
			frappe.destroy()

	t = threading.Thread(target=target)
	t.start()
	t.join()
	if errors:
		raise errors[0]
	return result[0]
