"""Filter -> SQL translation shared by ``frappe.db.get_values`` and ``DatabaseQuery``.

Modelled on frappe/frappe ``frappe/model/db_query.py`` (v15): ``prepare_filter_condition``
with its ``ifnull(column, fallback)`` rules, ``is set``/``is not set``, ``between`` for
dates, ``in``/``not in`` with comma strings, and nested-set operators ("descendants of",
"ancestors of", "not ..." and "descendants of (inclusive)") resolved through lft/rgt.
Values are inlined with ``frappe.db.escape`` exactly like real ``db_query`` does.
"""

import datetime

import frappe
from frappe.utils.data import (
	add_to_date,
	cstr,
	get_datetime,
	get_filter,
	get_timespan_date_range,
	getdate,
	make_filter_tuple,
)

NUMERIC_TYPES = ("Int", "Float", "Currency", "Percent", "Check", "Rating", "Duration")
DATE_TYPES = ("Date", "Datetime")
STANDARD_NUMERIC = ("docstatus", "idx", "lft", "rgt")


def normalise_filters(doctype, filters):
	"""Return a list of ``_dict(doctype, fieldname, operator, value)``."""
	if filters is None or filters == "" or filters == []:
		return []
	if isinstance(filters, str | int):
		return [get_filter(doctype, [doctype, "name", "=", filters])]
	out = []
	if isinstance(filters, dict):
		for key, value in filters.items():
			out.append(get_filter(doctype, make_filter_tuple(doctype, key, value)))
		return out
	if isinstance(filters, list | tuple):
		# a single filter given as a flat list: ["qty", ">", 0]
		if (
			filters
			and isinstance(filters[0], str)
			and len(filters) in (3, 4)
			and not isinstance(filters[1], list)
		):
			if len(filters) == 3 or (len(filters) == 4 and filters[2] and isinstance(filters[2], str)):
				filters = [filters]
		for f in filters:
			if isinstance(f, dict):
				out.extend(normalise_filters(doctype, f))
			elif isinstance(f, list | tuple) and len(f) == 2:
				out.append(get_filter(doctype, [doctype, f[0], "=", f[1]]))
			else:
				out.append(get_filter(doctype, f))
		return out
	frappe.throw(f"Filters for {doctype} must be a dict, list or name, got {type(filters).__name__}")


def _field_df(doctype, fieldname):
	try:
		meta = frappe.get_meta(doctype)
	except Exception:
		return None
	return meta.get_field(fieldname)


def _fieldtype(doctype, fieldname):
	if fieldname in STANDARD_NUMERIC:
		return "Int"
	if fieldname in ("creation", "modified"):
		return "Datetime"
	df = _field_df(doctype, fieldname)
	return df.fieldtype if df else None


def column(doctype, fieldname):
	if "(" in fieldname or "`" in fieldname or "." in fieldname:
		return fieldname
	return f"`tab{doctype}`.`{fieldname}`"


def prepare_filter_condition(f, main_doctype, tables=None, *, engine=False):
	"""One filter -> SQL condition (``tables`` collects child tables to join).

	``engine``: the rules of v15 ``frappe.qb.get_query`` (frappe/database/query.py
	``Engine._apply_filter``), which ``frappe.db.get_value/get_values/exists/count/set_value/
	delete`` use instead of db_query: no ``ifnull`` around the column (so NULL never equals
	``''`` and never passes ``!=``), a ``None`` value is ``IS NULL`` whatever the operator, and an
	empty list becomes ``("",)``.
	"""
	escape = frappe.db.escape
	doctype = f.doctype or main_doctype
	if doctype != main_doctype and tables is not None:
		table = f"`tab{doctype}`"
		if table not in tables:
			tables.append(table)
	col = column(doctype, f.fieldname)
	op = f.operator
	value = f.value
	if engine and op != "is" and op not in NESTED_SET_OPERATORS:
		return _engine_condition(col, op, value, _fieldtype(doctype, f.fieldname))
	fieldtype = _fieldtype(doctype, f.fieldname)
	numeric = fieldtype in NUMERIC_TYPES
	can_be_null = f.fieldname not in ("name", "docstatus", "idx", "creation", "modified")

	if op in (
		"descendants of",
		"ancestors of",
		"not descendants of",
		"not ancestors of",
		"descendants of (inclusive)",
	):
		from frappe.utils.nestedset import get_ancestors_of, get_descendants_of

		df = _field_df(doctype, f.fieldname)
		ref_doctype = df.options if (df and df.fieldtype == "Link") else doctype
		if op in ("descendants of", "not descendants of", "descendants of (inclusive)"):
			result = get_descendants_of(ref_doctype, value, ignore_permissions=True) if value else []
		else:
			result = get_ancestors_of(ref_doctype, value) if value else []
		if op == "descendants of (inclusive)":
			result = [*result, value]
		values = ", ".join(escape(cstr(v).strip(), percent=False) for v in result) or "''"
		sql_op = "not in" if op.startswith("not") else "in"
		return f"ifnull({col}, '') {sql_op} ({values})"

	if op == "is":
		if value == "set":
			return f"ifnull({col}, 0) != 0" if numeric else f"ifnull({col}, '') != ''"
		if value == "not set":
			return f"ifnull({col}, 0) = 0" if numeric else f"ifnull({col}, '') = ''"
		frappe.throw(f"Value for 'is' must be 'set' or 'not set', got {value!r} for {f.fieldname}")

	if op in ("in", "not in"):
		values = value
		if isinstance(values, str):
			values = values.split(",")
		values = [v.strip() if isinstance(v, str) else v for v in (values or [])]
		inner = ", ".join(escape(v, percent=False) for v in values) if values else "''"
		fallback = "0" if numeric else "''"
		if op == "in" and values and None not in values and "" not in values:
			return f"{col} in ({inner})"
		return f"ifnull({col}, {fallback}) {op} ({inner})"

	if op in ("timespan", "previous", "next"):
		# real db_query turns these into "between" the named span's dates (whole days on a Datetime)
		op, value = "between", get_date_range(op, value)

	if op == "between":
		vals = list(value) if isinstance(value, list | tuple) else [value, value]
		lo = vals[0] if vals else None
		hi = vals[1] if len(vals) > 1 else None
		if fieldtype == "Datetime":
			return f"{col} between {escape(_bound(lo, False))} and {escape(_bound(hi, True))}"
		if fieldtype == "Date":
			return f"{col} between {escape(getdate(lo))} and {escape(getdate(hi))}"
		return f"{col} between {escape(lo)} and {escape(hi)}"

	# comparison operators and like
	if fieldtype == "Date" and value and not isinstance(value, datetime.date):
		value = getdate(value)
	if (
		fieldtype == "Datetime"
		and value
		and isinstance(value, str)
		and op in (">", "<", ">=", "<=", "=", "!=")
	):
		value = get_datetime(value)
	if numeric and value not in (None, "") and not isinstance(value, int | float):
		value = frappe.utils.flt(value)
	fallback = "0" if numeric else "''"
	sql_value = escape(value, percent=False) if value is not None else fallback
	if value is None and op in ("=", "!="):
		sql_value = fallback
	if not can_be_null or (value not in (None, "") and op in ("=", "like")) or numeric:
		return f"{col} {op} {sql_value}"
	if value in ("", None) and op == "=":
		return f"( {col} is NULL OR {col} = {sql_value} )"
	return f"ifnull({col}, {fallback}) {op} {sql_value}"


NESTED_SET_OPERATORS = (
	"descendants of",
	"ancestors of",
	"not descendants of",
	"not ancestors of",
	"descendants of (inclusive)",
)


def _engine_condition(col, op, value, fieldtype):
	"""v15 ``Engine._apply_filter`` + ``OPERATOR_MAP`` (pypika criteria, no ifnull)."""
	escape = frappe.db.escape
	if isinstance(value, list | tuple | set) and not value:
		value = ("",)
	if value is None:
		return f"{col} is null"
	if op in ("in", "not in"):
		values = value.split(",") if isinstance(value, str) else list(value)
		return f"{col} {op} ({', '.join(escape(v, percent=False) for v in values)})"
	if op == "between":
		lo, hi = list(value)[:2]
		return f"{col} between {escape(lo, percent=False)} and {escape(hi, percent=False)}"
	if op in ("timespan", "previous", "next"):
		frappe.throw(f"benchless: filter operator {op!r} is not implemented")
	if fieldtype == "Date" and value and isinstance(value, str):
		value = getdate(value)
	if fieldtype == "Datetime" and value and isinstance(value, str):
		value = get_datetime(value)
	return f"{col} {op} {escape(value, percent=False)}"


def get_date_range(operator, value):
	"""v15 db_query ``get_date_range``: "previous"/"next" take "1 week" ... "1 year", "timespan" a
	name such as "today" or "last month" (``get_timespan_date_range``; an unknown one is None,
	which "between" reads as today, as real ``get_between_date_filter`` does)."""
	if operator == "timespan":
		return get_timespan_date_range(value)
	period = {"1 week": "week", "1 month": "month", "3 months": "quarter", "6 months": "6 months", "1 year": "year"}
	return get_timespan_date_range(f"{'last' if operator == 'previous' else 'next'} {period[value]}")


def _bound(value, end_of_day):
	"""A between-bound for a Datetime column: plain dates cover the whole day (as v15)."""
	if isinstance(value, datetime.datetime) or (isinstance(value, str) and " " in value.strip()):
		return get_datetime(value)
	day = getdate(value) if value else getdate()
	return datetime.datetime.combine(
		day, datetime.time(23, 59, 59, 999999) if end_of_day else datetime.time()
	)


def build_conditions(doctype, filters=None, or_filters=None, tables=None, *, engine=False):
	"""Return SQL conditions (without ``where``) for ``filters`` and ``or_filters``.

	``engine=True`` for the ``frappe.db`` helpers (v15 builds those with ``frappe.qb.get_query``).
	"""
	conditions = [
		prepare_filter_condition(f, doctype, tables, engine=engine)
		for f in normalise_filters(doctype, filters)
	]
	ors = [
		prepare_filter_condition(f, doctype, tables, engine=engine)
		for f in normalise_filters(doctype, or_filters)
	]
	if ors:
		conditions.append("(" + " or ".join(ors) + ")")
	return " and ".join(conditions)
