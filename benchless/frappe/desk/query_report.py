"""frappe.desk.query_report (benchless), after frappe/frappe v15 ``frappe/desk/query_report.py``.

The desk's report view calls ``/api/method/frappe.desk.query_report.run`` with
``report_name`` and ``filters`` (a JSON string over HTTP). Kept as in v15:

- ``run(report_name, filters=None, user=None, ignore_prepared_report=False,
  custom_columns=None, is_tree=False, parent_field=None, are_default_filters=True)``,
  whitelisted (all HTTP methods): ``validate_filters_permissions`` (Link filters declared in
  the Report's ``filters`` table need read or select permission on the value), then
  ``get_report_doc``, then "Must have report permission to access this report." (msgprint
  with ``raise_exception=True``: a ValidationError); errors while running are logged as
  "Report Error" and re-raised; ``add_total_row`` and ``custom_filters`` added to the answer.
- ``get_report_doc``: ``Report.is_permitted()`` (roles table) → PermissionError "You don't
  have access to Report: X"; ``has_permission(ref_doctype, "report")`` → PermissionError
  "You don't have permission to get a report on: X"; ``disabled`` → ValidationError
  "Report X is disabled" (417). Custom Reports resolve to their reference report, with the
  saved columns / filters of their ``json``.
- ``generate_report_result``: filters parsed from JSON, ``execute`` result padded to
  (columns, result, message, chart, report_summary, skip_total_row), string columns
  ("Label:Link/Doctype:120") turned into dicts, rows given as lists into dicts by column
  fieldname, total row added when the Report has ``add_total_row`` (``add_total_row``),
  ``translate_data``; answer keys ``result``, ``columns``, ``message``, ``chart``,
  ``report_summary``, ``skip_total_row``, ``status`` (None), ``execution_time``.
- ``get_script`` (the report's ``.js`` and print ``.html``), ``get_column_as_dict``,
  ``normalize_result``, ``add_total_row``, ``get_reference_report``.

Not modelled: prepared reports (a Report with ``prepared_report`` set answers
``{"prepared_report": True, "doc": None}`` like a v15 site with no finished Prepared Report
yet; nothing is queued), unsaved ``custom_columns`` data for linked fields
(``get_data_for_custom_field``), ``export_query``, ``save_report``, and the row filtering of
``get_filtered_data`` by User Permissions / sharing (the stand-in applies User Permissions in
``get_list`` and ``has_permission`` but not here, and does not model sharing: every row is kept,
as v15 keeps them when the user has no User Permissions).
"""

import json
import os
from datetime import timedelta

import frappe
from frappe import _
from frappe.core.utils import ljust_list
from frappe.modules import scrub
from frappe.monitor import add_data_to_monitor
from frappe.permissions import has_permission
from frappe.utils import cint, flt, sbool


def get_report_doc(report_name):
	doc = frappe.get_doc("Report", report_name)
	doc.custom_columns = []
	doc.custom_filters = []

	if doc.report_type == "Custom Report":
		custom_report_doc = doc
		doc = get_reference_report(doc)
		doc.custom_report = report_name
		if custom_report_doc.json:
			data = json.loads(custom_report_doc.json)
			if data:
				doc.custom_columns = data.get("columns")
				doc.custom_filters = data.get("filters")
		doc.is_custom_report = True

		# Follow whatever the custom report has set for prepared report field
		doc.prepared_report = custom_report_doc.prepared_report

	if not doc.is_permitted():
		frappe.throw(
			_("You don't have access to Report: {0}").format(_(doc.name)),
			frappe.PermissionError,
		)

	if not frappe.has_permission(doc.ref_doctype, "report"):
		frappe.throw(
			_("You don't have permission to get a report on: {0}").format(_(doc.ref_doctype)),
			frappe.PermissionError,
		)

	if doc.disabled:
		frappe.throw(_("Report {0} is disabled").format(_(report_name)))

	return doc


def get_report_result(report, filters):
	res = None

	if report.report_type == "Query Report":
		res = report.execute_query_report(filters)

	elif report.report_type == "Script Report":
		res = report.execute_script_report(filters)

	elif report.report_type == "Custom Report":
		ref_report = get_report_doc(report.report_name)
		res = get_report_result(ref_report, filters)

	return res


@frappe.read_only()
def generate_report_result(
	report, filters=None, user=None, custom_columns=None, is_tree=False, parent_field=None
):
	user = user or frappe.session.user
	filters = filters or []

	if filters and isinstance(filters, str):
		filters = json.loads(filters)

	res = get_report_result(report, filters) or []

	columns, result, message, chart, report_summary, skip_total_row = ljust_list(res, 6)
	columns = [get_column_as_dict(col) for col in (columns or [])]
	report_column_names = [col["fieldname"] for col in columns]
	# convert to list of dicts

	result = normalize_result(result, columns)

	if report.get("custom_columns"):
		# saved columns (with custom columns / with different column order)
		columns = report.custom_columns

	# unsaved custom_columns
	if custom_columns:
		for custom_column in custom_columns:
			columns.insert(custom_column["insert_after_index"] + 1, custom_column)

	# all columns which are not in original report
	report_custom_columns = [column for column in columns if column["fieldname"] not in report_column_names]

	if report_custom_columns:
		frappe.throw(
			_("benchless does not fill custom report columns ({0})").format(
				", ".join(c["fieldname"] for c in report_custom_columns)
			),
			NotImplementedError,
		)

	if result:
		result = get_filtered_data(report.ref_doctype, columns, result, user)

	if cint(report.add_total_row) and result and not skip_total_row:
		result = add_total_row(result, columns, is_tree=is_tree, parent_field=parent_field)

	if isinstance(filters, dict) and filters.get("translate_data"):
		total_row = cint(report.add_total_row) and result and not skip_total_row
		result = translate_report_data(result, total_row)

	return {
		"result": result,
		"columns": columns,
		"message": message,
		"chart": chart,
		"report_summary": report_summary,
		"skip_total_row": skip_total_row or 0,
		"status": None,
		"execution_time": frappe.cache.hget("report_execution_time", report.name) or 0,
	}


def normalize_result(result, columns):
	# Convert to list of dicts from list of lists/tuples
	data = []
	column_names = [column["fieldname"] for column in columns]
	if result and isinstance(result[0], list | tuple):
		for row in result:
			row_obj = {}
			for idx, column_name in enumerate(column_names):
				row_obj[column_name] = row[idx]
			data.append(row_obj)
	else:
		data = result

	return data


@frappe.whitelist()
def get_script(report_name):
	report = get_report_doc(report_name)
	module = report.module or frappe.db.get_value("DocType", report.ref_doctype, "module")

	# real v15 also treats a custom Module Def (no folder on disk) as having no files
	module_path = frappe.get_module_path(module)
	report_folder = module_path and os.path.join(module_path, "report", scrub(report.name))
	script_path = report_folder and os.path.join(report_folder, scrub(report.name) + ".js")
	print_path = report_folder and os.path.join(report_folder, scrub(report.name) + ".html")

	script = None
	if os.path.exists(script_path):
		with open(script_path) as f:
			script = f.read()
			script += f"\n\n//# sourceURL={scrub(report.name)}.js"

	html_format = None
	if os.path.exists(print_path):  # frappe.utils.get_html_format (without its {% include %} expansion)
		with open(print_path) as f:
			html_format = f.read()

	if not script and report.javascript:
		script = report.javascript
		script += f"\n\n//# sourceURL={scrub(report.name)}__custom"

	if not script:
		script = f"frappe.query_reports['{report_name}']={{}}"

	return {
		"script": script,
		"html_format": html_format,
		"execution_time": frappe.cache.hget("report_execution_time", report_name) or 0,
		"filters": report.filters,
		"custom_report_name": report.name if report.get("is_custom_report") else None,
	}


def get_reference_report(report):
	if report.report_type != "Custom Report":
		return report
	reference_report = frappe.get_doc("Report", report.reference_report)
	return get_reference_report(reference_report)


@frappe.whitelist()
@frappe.read_only()
def run(
	report_name,
	filters=None,
	user=None,
	ignore_prepared_report=False,
	custom_columns=None,
	is_tree=False,
	parent_field=None,
	are_default_filters=True,
):
	if not user:
		user = frappe.session.user
	validate_filters_permissions(report_name, filters, user)
	report = get_report_doc(report_name)
	if not frappe.has_permission(report.ref_doctype, "report"):
		frappe.msgprint(
			_("Must have report permission to access this report."),
			raise_exception=True,
		)

	result = None

	if sbool(are_default_filters) and report.get("custom_filters"):
		filters = report.custom_filters

	try:
		if report.prepared_report and not sbool(ignore_prepared_report) and not custom_columns:
			if filters:
				if isinstance(filters, str):
					filters = json.loads(filters)

				dn = filters.pop("prepared_report_name", None)
			else:
				dn = ""
			result = get_prepared_report_result(report, filters, dn, user)
		else:
			result = generate_report_result(report, filters, user, custom_columns, is_tree, parent_field)
			add_data_to_monitor(report=report.reference_report or report.name)
	except Exception:
		frappe.log_error("Report Error")
		raise

	result["add_total_row"] = report.add_total_row and not result.get("skip_total_row", False)

	if sbool(are_default_filters) and report.get("custom_filters"):
		result["custom_filters"] = report.custom_filters

	return result


def get_prepared_report_result(report, filters, dn="", user=None):
	"""v15 looks up a finished Prepared Report for these filters (or ``dn``) and answers its
	data; benchless has no Prepared Report doctype, so there is never one: the answer is the
	v15 answer for "none finished yet"."""
	report_data = {}
	doc = None
	return report_data | {"prepared_report": True, "doc": doc}


def add_total_row(result, columns, meta=None, is_tree=False, parent_field=None):
	total_row = [""] * len(columns)
	has_percent = []

	for i, col in enumerate(columns):
		fieldtype, options, fieldname = None, None, None
		if isinstance(col, str):
			if meta:
				# get fieldtype from the meta
				field = meta.get_field(col)
				if field:
					fieldtype = meta.get_field(col).fieldtype
					fieldname = meta.get_field(col).fieldname
			else:
				col = col.split(":")
				if len(col) > 1:
					if col[1]:
						fieldtype = col[1]
						if "/" in fieldtype:
							fieldtype, options = fieldtype.split("/")
					else:
						fieldtype = "Data"
		else:
			fieldtype = col.get("fieldtype")
			fieldname = col.get("fieldname")
			options = col.get("options")

		for row in result:
			if i >= len(row):
				continue
			cell = row.get(fieldname) if isinstance(row, dict) else row[i]
			if fieldtype is None:
				if isinstance(cell, int):
					fieldtype = "Int"
				elif isinstance(cell, float):
					fieldtype = "Float"
			if fieldtype in ["Currency", "Int", "Float", "Percent", "Duration"] and flt(cell):
				if not (is_tree and row.get(parent_field)):
					total_row[i] = flt(total_row[i]) + flt(cell)

			if fieldtype == "Percent" and i not in has_percent:
				has_percent.append(i)

			if fieldtype == "Time" and cell:
				if not total_row[i]:
					total_row[i] = timedelta(hours=0, minutes=0, seconds=0)
				total_row[i] = total_row[i] + cell

		if fieldtype == "Link" and options == "Currency":
			total_row[i] = result[0].get(fieldname) if isinstance(result[0], dict) else result[0][i]

	for i in has_percent:
		total_row[i] = flt(total_row[i]) / len(result)

	first_col_fieldtype = None
	if isinstance(columns[0], str):
		first_col = columns[0].split(":")
		if len(first_col) > 1:
			first_col_fieldtype = first_col[1].split("/", 1)[0]
	else:
		first_col_fieldtype = columns[0].get("fieldtype")

	if first_col_fieldtype not in ["Currency", "Int", "Float", "Percent", "Date"]:
		total_row[0] = _("Total")

	result.append(total_row)
	return result


def get_filtered_data(ref_doctype, columns, data, user):
	"""v15 keeps a row when it matches the user's User Permissions on every Link column
	(``get_user_match_filters`` → ``reportview.build_match_conditions``) or the row's
	document is shared with the user; with no User Permissions every row is kept
	(``result = list(data)``). benchless applies neither User Permissions nor sharing here, but it does
	model what build_match_conditions asks first: for each doctype a Link column with a value
	links to, the user needs select or read on it (a role permission), else the report is refused
	with PermissionError "No permission to read <doctype>" (frappe/model/db_query.py)."""
	from frappe.permissions import get_role_permissions

	for doctype in get_linked_doctypes(columns, data):
		meta = frappe.get_meta(doctype)
		perms = get_role_permissions(meta, user=user)
		if not meta.istable and not (perms.get("select") or perms.get("read")):
			frappe.throw(_("No permission to read {0}").format(_(doctype)), frappe.PermissionError)
	return list(data)


def get_linked_doctypes(columns, data):
	"""Doctypes that a Link column with a value in some row links to (real: same name)."""
	linked = {}
	columns_dict = get_columns_dict(columns)
	for idx in range(len(columns)):
		df = columns_dict[idx]
		if df.get("fieldtype") == "Link" and df.get("options"):
			linked[df["options"]] = idx if data and isinstance(data[0], (list, tuple)) else df.get("fieldname")
	with_value = set()
	for row in data:
		items = enumerate(row) if isinstance(row, (list, tuple)) else (row.items() if isinstance(row, dict) else ())
		with_value.update(col for col, val in items if val)
	return {dt: key for dt, key in linked.items() if key in with_value}


def get_columns_dict(columns):
	"""Returns a dict with column docfield values as dict
	The keys for the dict are both idx and fieldname,
	so either index or fieldname can be used to search for a column's docfield properties
	"""
	columns_dict = frappe._dict()
	for idx, col in enumerate(columns):
		col_dict = get_column_as_dict(col)
		columns_dict[idx] = col_dict
		columns_dict[col_dict["fieldname"]] = col_dict

	return columns_dict


def get_column_as_dict(col):
	col_dict = frappe._dict()

	# string
	if isinstance(col, str):
		col = col.split(":")
		if len(col) > 1:
			if "/" in col[1]:
				col_dict["fieldtype"], col_dict["options"] = col[1].split("/")
			else:
				col_dict["fieldtype"] = col[1]
			if len(col) == 3:
				col_dict["width"] = col[2]

		col_dict["label"] = col[0]
		col_dict["fieldname"] = frappe.scrub(col[0])

	# dict
	else:
		col_dict.update(col)
		if "fieldname" not in col_dict:
			col_dict["fieldname"] = frappe.scrub(col_dict["label"])

	return col_dict


def validate_filters_permissions(report_name, filters=None, user=None):
	if not filters:
		return

	if isinstance(filters, str):
		filters = json.loads(filters)

	report = frappe.get_doc("Report", report_name)
	for field in report.filters:
		if field.fieldname in filters and field.fieldtype == "Link":
			linked_doctype = field.options
			if not has_permission(
				doctype=linked_doctype, ptype="read", doc=filters[field.fieldname], user=user
			) and not has_permission(
				doctype=linked_doctype, ptype="select", doc=filters[field.fieldname], user=user
			):
				frappe.throw(
					_("You do not have permission to access {0}: {1}.").format(
						linked_doctype, filters[field.fieldname]
					)
				)


def translate_report_data(data, total_row):
	for d in data[:-1] if total_row else data:
		for field, value in d.items():
			if isinstance(value, str):
				d[field] = _(value)
	return data
