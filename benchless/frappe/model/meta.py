"""DocType metadata read from the apps' doctype JSON files (``frappe.get_meta``).

Real Frappe reads metadata from the ``tabDocType``/``tabDocField``/``tabDocPerm`` tables
(synced from the same JSON files by ``bench migrate``) and caches it in redis. The stand-in
reads the JSON files directly: for every installed app it reads ``<app>/modules.txt`` and
looks for ``<app>/<scrub(module)>/doctype/<scrub(name)>/<scrub(name)>.json``.

Custom Fields are merged in as ``Meta.process`` does (frappe/model/meta.py v15:
``add_custom_fields`` appends the ``tabCustom Field`` rows of the doctype, ordered by idx,
with ``is_custom_field = 1``; ``sort_fields`` then places each after its ``insert_after``,
or at the end when that field does not exist). Property Setters are not supported.
"""

import glob
import json
import os

import frappe
from frappe.model import (
	child_table_fields,
	default_fields,
	no_value_fields,
	optional_fields,
	table_fields,
)

_DOCTYPE_DEFAULTS = {
	"module": None,
	"istable": 0,
	"issingle": 0,
	"is_submittable": 0,
	"is_tree": 0,
	"is_virtual": 0,
	"custom": 0,
	"autoname": None,
	"naming_rule": None,
	"title_field": None,
	"sort_field": None,
	"sort_order": None,
	"search_fields": None,
	"nsm_parent_field": None,
	"track_changes": 0,
	"track_seen": 0,
	"track_views": 0,
	"allow_import": 0,
	"allow_rename": 0,
	"in_create": 0,
	"read_only": 0,
	"editable_grid": 0,
	"quick_entry": 0,
	"show_title_field_in_link": 0,
}


def get_doctype_registry():
	"""{doctype name: _dict(app, module, path)} for every installed app's doctype JSON."""
	cache = frappe._site_cache()
	installing = getattr(frappe.local, "installing_apps", None)
	key = "registry" if installing is None else ("registry", tuple(installing))
	if key in cache:
		return cache[key]
	registry = {}
	for app in frappe.get_installed_apps():
		app_path = frappe.get_app_path(app)
		for module in frappe.get_module_list(app):
			pattern = os.path.join(app_path, frappe.scrub(module), "doctype", "*", "*.json")
			for path in sorted(glob.glob(pattern)):
				folder = os.path.basename(os.path.dirname(path))
				if os.path.basename(path) != f"{folder}.json":
					continue
				with open(path) as f:
					data = json.load(f)
				if data.get("doctype") != "DocType":
					continue
				name = data["name"]
				if frappe.scrub(name) != folder:
					raise ImportError(f"DocType {name!r} lives in folder {folder!r}; expected {frappe.scrub(name)!r}")
				registry[name] = frappe._dict(app=app, module=data.get("module") or module, path=path, data=data)
	cache[key] = registry
	return registry


_INT_PROPERTIES = ("reqd", "unique", "search_index", "allow_on_submit", "set_only_once", "permlevel", "no_copy", "read_only", "hidden", "non_negative", "fetch_if_empty")

# Real Meta.process skips its special doctypes (DocType, DocField, DocPerm, ...); the
# stand-in also skips Custom Field itself (its meta is read to load the rows).
_NO_CUSTOM_FIELDS = frozenset(("DocType", "Custom Field"))

# Custom Field properties that are not DocField properties (dropped from the merged field).
_CUSTOM_FIELD_ONLY = ("name", "owner", "creation", "modified", "modified_by", "docstatus", "dt", "module", "is_system_generated")


def get_custom_field_rows():
	"""{doctype: [Custom Field rows ordered by idx]} for the site, read once and kept with the
	meta cache (``frappe.clear_cache(doctype=...)`` drops it)."""
	cache = frappe._site_cache()
	if "custom_fields" in cache:
		return cache["custom_fields"]
	out = {}
	if frappe.db.table_exists("Custom Field"):
		for row in frappe.db.sql("select * from `tabCustom Field` order by dt, idx, creation", as_dict=True):
			dt = row.dt
			for key in [k for k in row if k in _CUSTOM_FIELD_ONLY or k.startswith("_")]:
				row.pop(key)
			out.setdefault(dt, []).append(row)
	cache["custom_fields"] = out
	return out


def get_meta(doctype, cached=True):
	installing = getattr(frappe.local, "installing_apps", None)
	key = "meta" if installing is None else ("meta", tuple(installing))
	cache = frappe._site_cache().setdefault(key, {})
	if cached and doctype in cache:
		return cache[doctype]
	if not cached:
		frappe._site_cache().pop("custom_fields", None)  # re-read Custom Fields too, as real Meta(doctype) does
	registry = get_doctype_registry()
	if doctype not in registry:
		frappe.throw(frappe._("DocType {0} not found").format(doctype), frappe.DoesNotExistError(doctype=doctype))
	meta = Meta(registry[doctype])
	cache[doctype] = meta
	return meta


def load_doctype_json(doctype):
	return get_doctype_registry()[doctype].data


class DocField(frappe._dict):
	"""A field definition (``frappe._dict``: missing keys read as None)."""


class Meta:
	"""Metadata of one DocType (subset of frappe.model.meta.Meta)."""

	def __init__(self, entry):
		data = entry.data
		self.doctype = "DocType"
		self.name = data["name"]
		self.app = entry.app
		self.json_path = entry.path
		for key, default in _DOCTYPE_DEFAULTS.items():
			setattr(self, key, data.get(key, default))
		self.module = data.get("module") or entry.module
		self.fields = []
		for i, f in enumerate(data.get("fields") or []):
			df = DocField(f)
			df.parent = self.name
			df.idx = i + 1
			for key in _INT_PROPERTIES:
				df[key] = int(df.get(key) or 0)
			self.fields.append(df)
		self.permissions = [frappe._dict(p, parent=self.name) for p in (data.get("permissions") or [])]
		for p in self.permissions:
			p.permlevel = int(p.get("permlevel") or 0)
		self.links = data.get("links") or []
		self.field_order = data.get("field_order") or [df.fieldname for df in self.fields]
		if self.name not in _NO_CUSTOM_FIELDS:
			self.add_custom_fields()
		self._fields = {df.fieldname: df for df in self.fields if df.get("fieldname")}
		if self.is_tree and not self.nsm_parent_field:
			parent_field = "parent_" + frappe.scrub(self.name)
			if parent_field in self._fields:
				self.nsm_parent_field = parent_field

	def __repr__(self):
		return f"<Meta {self.name}>"

	def add_custom_fields(self):
		"""Append this doctype's Custom Fields (``is_custom_field = 1``) and order them by
		``insert_after`` (a missing target: at the end), as Meta.add_custom_fields +
		sort_fields do."""
		rows = get_custom_field_rows().get(self.name)
		if not rows:
			return
		insert_after_map = {}
		for row in rows:
			df = DocField(row)
			df.parent = self.name
			df.is_custom_field = 1
			for key in _INT_PROPERTIES:
				df[key] = int(df.get(key) or 0)
			self.fields.append(df)
			if df.insert_after:
				insert_after_map.setdefault(df.insert_after, []).append(df.fieldname)
			else:
				insert_after_map.setdefault(None, []).append(df.fieldname)
		field_order = [df.fieldname for df in self.fields if not df.get("is_custom_field")]
		field_order = insert_after_map.pop(None, []) + field_order
		retry = True
		while retry:
			retry = False
			for target in list(insert_after_map):
				if target not in field_order:
					continue
				at = field_order.index(target)
				for fieldname in insert_after_map.pop(target):
					at += 1
					field_order.insert(at, fieldname)
				retry = True
		for fieldnames in insert_after_map.values():
			field_order.extend(fieldnames)
		by_name = {df.fieldname: df for df in self.fields}
		self.fields = [by_name[f] for f in field_order]
		for i, df in enumerate(self.fields):
			df.idx = i + 1
		self.field_order = field_order

	def get_custom_fields(self):
		return [df for df in self.fields if df.get("is_custom_field")]

	def get(self, key, filters=None, limit=None, default=None):
		if key == "fields" and filters:
			return _filter(self.fields, filters, limit)
		if key == "permissions" and filters:
			return _filter(self.permissions, filters, limit)
		value = getattr(self, key, default)
		return default if value is None else value

	def as_dict(self, no_nulls=False):
		"""The DocType as a dict (like ``Meta.as_dict``): properties, ``fields``, ``permissions``."""
		out = frappe._dict({k: getattr(self, k) for k in _DOCTYPE_DEFAULTS})
		out.update(doctype="DocType", name=self.name, fields=[dict(df) for df in self.fields])
		out.permissions = [dict(p) for p in self.permissions]
		if no_nulls:
			out = frappe._dict({k: v for k, v in out.items() if v is not None})
		return out

	# --- fields ---------------------------------------------------------------------------
	def get_field(self, fieldname):
		return self._fields.get(fieldname)

	def has_field(self, fieldname):
		return fieldname in self._fields

	def get_label(self, fieldname):
		df = self.get_field(fieldname)
		if df:
			return df.label or fieldname
		return {"name": "ID", "owner": "Created By", "creation": "Created On", "modified": "Last Updated On", "idx": "Index", "docstatus": "Document Status"}.get(fieldname, fieldname)

	def get_options(self, fieldname):
		df = self.get_field(fieldname)
		return df.options if df else None

	def get_table_fields(self):
		return [df for df in self.fields if df.fieldtype in table_fields]

	def get_link_fields(self):
		return [df for df in self.fields if df.fieldtype == "Link"]

	def get_dynamic_link_fields(self):
		return [df for df in self.fields if df.fieldtype == "Dynamic Link"]

	def get_select_fields(self):
		return [df for df in self.fields if df.fieldtype == "Select"]

	def get_data_fields(self):
		return [df for df in self.fields if df.fieldtype == "Data"]

	def get_phone_fields(self):
		return [df for df in self.fields if df.fieldtype == "Phone"]

	def get_code_fields(self):
		return [df for df in self.fields if df.fieldtype == "Code"]

	def get_set_only_once_fields(self):
		return [df for df in self.fields if df.set_only_once]

	def get_high_permlevel_fields(self):
		return [df for df in self.fields if df.permlevel > 0]

	def get_fields_to_fetch(self, link_fieldname=None):
		return [
			df
			for df in self.fields
			if df.get("fetch_from")
			and df.fieldtype not in no_value_fields
			and (link_fieldname is None or df.fetch_from.split(".", 1)[0] == link_fieldname)
		]

	def get_valid_columns(self):
		if not hasattr(self, "_valid_columns"):
			cols = [f for f in default_fields if f != "doctype"]
			if self.istable:
				cols += list(child_table_fields)
			cols += [df.fieldname for df in self.fields if df.fieldtype not in no_value_fields]
			if self.is_tree:
				for extra in ("lft", "rgt", "old_parent"):
					if extra not in cols:
						cols.append(extra)
			self._valid_columns = list(dict.fromkeys(cols))
		return self._valid_columns

	def has_column(self, column):
		return column in self.get_valid_columns() or column in optional_fields

	def get_title_field(self):
		title_field = getattr(self, "title_field", None)
		if not title_field and self.has_field("title"):
			title_field = "title"
		if not title_field:
			title_field = "name"
		return title_field

	def get_search_fields(self):
		fields = [f.strip() for f in (self.search_fields or "").split(",") if f.strip()]
		return ["name", *fields]

	def get_naming_series_options(self):
		df = self.get_field("naming_series")
		if not df or not df.options:
			return []
		return [o.strip() for o in df.options.split("\n")]

	def get_workflow(self):
		return None

	def is_nested_set(self):
		return self.has_field("lft") and self.has_field("rgt")

	def get_list_fields(self):
		return ["name"] + [df.fieldname for df in self.fields if df.get("in_list_view")]


def _filter(data, filters, limit=None):
	from frappe.utils.data import compare

	out = []
	_filters = {}
	for f, fval in filters.items():
		if not isinstance(fval, tuple | list):
			fval = ("=", fval)
		_filters[f] = fval
	for d in data:
		if all(compare(d.get(f), fval[0], fval[1]) for f, fval in _filters.items()):
			out.append(d)
			if limit and len(out) >= limit:
				break
	return out


def get_table_columns(doctype):
	return get_meta(doctype).get_valid_columns()


def get_field_precision(df, doc=None, currency=None):
	from frappe.utils import cint

	if df.precision:
		return cint(df.precision)
	return 9 if df.fieldtype == "Float" else 2
