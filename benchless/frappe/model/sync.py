"""Create SQLite tables from DocType metadata (``tab<DocType>``), like ``bench migrate``.

Column types follow the v15 MariaDB type map (frappe/database/mariadb/database.py), with
SQLite declarations chosen so values come back as MariaDB would return them through
Frappe: decimals as float (REAL affinity), Date/Datetime/Time parsed to
date/datetime/timedelta, and text compared case-insensitively (``COLLATE NOCASE``, like
utf8mb4_unicode_ci). Int/Check/Float/Currency/Percent columns are ``NOT NULL DEFAULT 0``.
"""

import frappe
from frappe.model import optional_fields, no_value_fields
from frappe.utils import cint, flt

# fieldtype -> (mariadb type, length)  (used by length validation too)
type_map = {
	"Currency": ("decimal", "21,9"),
	"Int": ("int", "11"),
	"Long Int": ("bigint", "20"),
	"Float": ("decimal", "21,9"),
	"Percent": ("decimal", "21,9"),
	"Check": ("int", "1"),
	"Small Text": ("text", ""),
	"Long Text": ("longtext", ""),
	"Code": ("longtext", ""),
	"Text Editor": ("longtext", ""),
	"Markdown Editor": ("longtext", ""),
	"HTML Editor": ("longtext", ""),
	"Date": ("date", ""),
	"Datetime": ("datetime", "6"),
	"Time": ("time", "6"),
	"Text": ("text", ""),
	"Data": ("varchar", "140"),
	"Link": ("varchar", "140"),
	"Dynamic Link": ("varchar", "140"),
	"Password": ("text", ""),
	"Select": ("varchar", "140"),
	"Rating": ("decimal", "3,2"),
	"Read Only": ("varchar", "140"),
	"Attach": ("text", ""),
	"Attach Image": ("text", ""),
	"Signature": ("longtext", ""),
	"Color": ("varchar", "140"),
	"Barcode": ("longtext", ""),
	"Geolocation": ("longtext", ""),
	"Duration": ("decimal", "21,9"),
	"Icon": ("varchar", "140"),
	"Phone": ("varchar", "140"),
	"Autocomplete": ("varchar", "140"),
	"JSON": ("json", ""),
}


def column_sql(df):
	db_type, length = type_map.get(df.fieldtype, ("varchar", "140"))
	if db_type in ("int", "bigint"):
		return f"int({length}) not null default {cint(df.default) if _static(df.default) else 0}"
	if db_type == "decimal":
		return f"double({length}) not null default {flt(df.default) if _static(df.default) else 0}"
	if db_type == "date":
		return "date"
	if db_type == "datetime":
		return "datetime(6)"
	if db_type == "time":
		return "time(6)"
	if db_type == "varchar":
		return f"varchar({cint(df.length) or length}) collate nocase"
	return f"{db_type} collate nocase"


def _static(default):
	return default not in (None, "") and not str(default).startswith(":")


def table_sql(meta):
	autoinc = meta.autoname == "autoincrement"
	cols = [
		"`name` bigint primary key" if autoinc else "`name` varchar(140) primary key collate nocase",
		"`creation` datetime(6)",
		"`modified` datetime(6)",
		"`modified_by` varchar(140) collate nocase",
		"`owner` varchar(140) collate nocase",
		"`docstatus` int(1) not null default 0",
		"`idx` int(8) not null default 0",
	]
	seen = {"name", "creation", "modified", "modified_by", "owner", "docstatus", "idx"}
	if meta.istable:
		for c in ("parent", "parentfield", "parenttype"):
			cols.append(f"`{c}` varchar(140) collate nocase")
			seen.add(c)
	uniques = []
	for df in meta.fields:
		if df.fieldtype in no_value_fields or not df.fieldname or df.fieldname in seen:
			continue
		seen.add(df.fieldname)
		cols.append(f"`{df.fieldname}` {column_sql(df)}")
		if df.unique:
			uniques.append(df.fieldname)
	if meta.is_tree:
		for name, decl in (("lft", "int(11) not null default 0"), ("rgt", "int(11) not null default 0"), ("old_parent", "varchar(140) collate nocase")):
			if name not in seen:
				cols.append(f"`{name}` {decl}")
				seen.add(name)
	if not meta.istable:
		for c in optional_fields:
			if c == "_seen" and not meta.track_seen:
				continue
			cols.append(f"`{c}` text")
	for u in uniques:
		cols.append(f"unique (`{u}`)")
	return f"create table if not exists `tab{meta.name}` (\n\t" + ",\n\t".join(cols) + "\n)"


def index_sql(meta):
	table = f"tab{meta.name}"
	out = [f"create index if not exists `{table}__modified` on `{table}` (`modified`)"]
	if meta.istable:
		out.append(f"create index if not exists `{table}__parent` on `{table}` (`parent`)")
	for df in meta.fields:
		if df.search_index and not df.unique and df.fieldtype not in no_value_fields:
			out.append(f"create index if not exists `{table}__{df.fieldname}` on `{table}` (`{df.fieldname}`)")
	if meta.is_tree:
		out.append(f"create index if not exists `{table}__lft_rgt` on `{table}` (`lft`, `rgt`)")
	return out


def create_table(meta):
	"""Create ``tab<DocType>`` and its indexes (nothing for Singles), via ``frappe.db.sql``."""
	if meta.issingle or meta.is_virtual:
		return
	frappe.db.sql(table_sql(meta))
	for q in index_sql(meta):
		frappe.db.sql(q)


def run_on_doctype_update(doctype):
	"""The controller module's ``on_doctype_update()``, if it has one: v15 runs it whenever a DocType
	is synced (frappe/core/doctype/doctype/doctype.py ``on_update``: ``run_module_method``), which
	is where apps add composite indexes and unique constraints (``frappe.db.add_index``)."""
	from frappe.modules import load_doctype_module

	try:
		module = load_doctype_module(doctype)
	except ImportError:
		return
	hook = getattr(module, "on_doctype_update", None)
	if hook:
		hook()


def create_framework_tables():
	frappe.db.sql(
		"create table if not exists `tabSingles` (`doctype` varchar(140) collate nocase, "
		"`field` varchar(140) collate nocase, `value` text)"
	)
	frappe.db.sql("create index if not exists `tabSingles__doctype_field` on `tabSingles` (`doctype`, `field`)")
	frappe.db.sql(
		"create table if not exists `tabSeries` (`name` varchar(100) primary key collate nocase, "
		"`current` int(10) not null default 0)"
	)
	frappe.db.sql(
		"create table if not exists `__Auth` (`doctype` varchar(140) collate nocase, `name` varchar(255) collate nocase, "
		"`fieldname` varchar(140), `password` text, `encrypted` int(1) not null default 0, "
		"primary key (`doctype`, `name`, `fieldname`))"
	)
