"""``frappe.get_list`` / ``frappe.get_all`` (frappe/frappe ``frappe/model/db_query.py``, v15).

Kept: the ``execute`` signature; fields as list or comma string, ``*``, aliases,
aggregates (``"sum(qty) as total"``), ``table_field.fieldname`` (child join) and
``link_field.fieldname`` (left join on the link target); dict/list filters (2-, 3- and
4-element, child-table filters join the child), ``or_filters``; ``order_by`` (default:
the doctype's ``sort_field``/``sort_order``, else ``creation desc``), ``group_by``,
``limit``/``limit_page_length``/``page_length``, ``limit_start``/``start``, ``pluck``,
``as_list`` (tuple of tuples), ``distinct``. Without ``ignore_permissions``: read/select
permission check (PermissionError), the ``if_owner`` constraint, else User Permissions
(``add_user_permissions``: own name and Link fields, ``applicable_for``, empty links pass unless
strict), and the ``permission_query_conditions`` hooks (doctype and ``"*"``, called
``fn(user, doctype=)``). Not modelled: shares, field-level read permissions, comment counts,
user settings, virtual doctypes.
"""

import copy
import json
import re

import frappe
import frappe.permissions
from frappe import _
from frappe.database.database import DefaultOrderBy
from frappe.database.query import build_conditions
from frappe.utils import cint

SQL_FUNCTIONS = ("count(", "sum(", "avg(", "min(", "max(", "distinct", "ifnull(", "coalesce(", "group_concat(")

# from frappe/model/db_query.py (v15)
SUB_QUERY_PATTERN = re.compile("^.*[,();@].*", flags=re.DOTALL)
IS_QUERY_PATTERN = re.compile(r"^(select|delete|update|drop|create)\s")
IS_QUERY_PREDICATE_PATTERN = re.compile(r"\s*[0-9a-zA-z]*\s*( from | group by | order by | where | join )")
FIELD_QUOTE_PATTERN = re.compile(r"[0-9a-zA-Z]+\s*'")
FIELD_COMMA_PATTERN = re.compile(r"[0-9a-zA-Z_]+\s*,")
STRICT_FIELD_PATTERN = re.compile(r".*/\*.*")
STRICT_UNION_PATTERN = re.compile(r".*\s(union).*\s")
ORDER_GROUP_PATTERN = re.compile(r".*[^a-z0-9-_ ,`'\"\.\(\)].*")


class DatabaseQuery:
	def __init__(self, doctype, user=None):
		self.doctype = doctype
		self.tables = []
		self.link_tables = []
		self.conditions = []
		self.or_conditions = []
		self.fields = None
		self.user = user or frappe.session.user
		self.ignore_ifnull = False
		self.flags = frappe._dict()
		self.reference_doctype = None
		self.permission_map = {}
		self.shared = []

	@property
	def doctype_meta(self):
		return frappe.get_meta(self.doctype)

	def execute(
		self,
		fields=None,
		filters=None,
		or_filters=None,
		docstatus=None,
		group_by=None,
		order_by=DefaultOrderBy,
		limit_start=False,
		limit_page_length=None,
		as_list=False,
		with_childnames=False,
		debug=False,
		ignore_permissions=False,
		user=None,
		with_comment_count=False,
		join="left join",
		distinct=False,
		start=None,
		page_length=None,
		limit=None,
		ignore_ifnull=False,
		save_user_settings=False,
		save_user_settings_fields=False,
		update=None,
		user_settings=None,
		reference_doctype=None,
		run=True,
		strict=True,
		pluck=None,
		ignore_ddl=False,
		*,
		parent_doctype=None,
	):
		self.flags.ignore_permissions = ignore_permissions
		self.user = user or frappe.session.user
		if not ignore_permissions:
			self.check_read_permission(self.doctype, parent_doctype=parent_doctype)

		# filters and fields swappable
		if isinstance(fields, dict) or (fields and isinstance(fields, list) and isinstance(fields[0], list)):
			filters, fields = fields, filters
		elif fields and isinstance(filters, list) and len(filters) > 1 and isinstance(filters[0], str):
			filters, fields = fields, filters

		if fields:
			self.fields = fields
		else:
			self.fields = [f"`tab{self.doctype}`.`{pluck or 'name'}`"]

		if start:
			limit_start = start
		if page_length:
			limit_page_length = page_length
		if limit:
			limit_page_length = limit

		if isinstance(filters, str):
			filters = json.loads(filters)
		if isinstance(or_filters, str):
			or_filters = json.loads(or_filters)
		self.filters = filters
		self.or_filters = or_filters
		self.group_by = group_by
		self.order_by = order_by
		self.limit_start = cint(limit_start)
		self.limit_page_length = cint(limit_page_length) if limit_page_length else None
		self.join = join
		self.distinct = distinct
		self.as_list = as_list
		self.debug = debug
		self.update = update
		self.run = run
		self.strict = strict
		self.reference_doctype = reference_doctype or self.doctype

		result = self.build_and_run()
		if pluck:
			return [d[pluck] for d in result]
		return result

	def build_and_run(self):
		args = self.prepare_args()
		limit = f"limit {self.limit_page_length} offset {self.limit_start}" if self.limit_page_length else ""
		if self.distinct:
			args.fields = "distinct " + args.fields
			args.order_by = ""
		query = f"select {args.fields}\nfrom {args.tables}\n{args.conditions}\n{args.group_by}\n{args.order_by}\n{limit}"
		return frappe.db.sql(query, as_dict=not self.as_list, debug=self.debug, update=self.update, run=self.run)

	def prepare_args(self):
		self.parse_args()
		self.sanitize_fields()
		self.tables = [f"`tab{self.doctype}`"]
		self.extract_tables()
		conditions = build_conditions(self.doctype, self.filters, self.or_filters, tables=self.tables)
		if conditions:
			self.conditions.append(f"({conditions})" if " or " in conditions else conditions)
		if not self.flags.ignore_permissions:
			match_conditions = self.build_match_conditions()
			if match_conditions:
				self.conditions.append(f"({match_conditions})")

		args = frappe._dict()
		args.tables = self.tables[0]
		for child in self.tables[1:]:
			args.tables += (
				f" {self.join} {child} on ({child}.parenttype = {frappe.db.escape(self.doctype)}"
				f" and {child}.parent = {self.tables[0]}.name)"
			)
		for link in self.link_tables:
			args.tables += (
				f" {self.join} `tab{link.doctype}` {link.alias} on ({link.alias}.`name` = {self.tables[0]}.`{link.fieldname}`)"
			)
		args.conditions = ("where " + " and ".join(self.conditions)) if self.conditions else ""
		args.fields = ", ".join(self.format_field(f) for f in self.fields)
		self.set_order_by(args)
		self.validate_order_by_and_group_by(args.order_by)
		args.order_by = f"order by {args.order_by}" if args.order_by else ""
		self.validate_order_by_and_group_by(self.group_by)
		args.group_by = f"group by {self.group_by}" if self.group_by else ""
		return args

	def sanitize_fields(self):
		"""Refuse sub-queries and some functions in fields (v15 ``sanitize_fields``)."""
		blacklisted_keywords = ["select", "create", "insert", "delete", "drop", "update", "case", "show"]
		blacklisted_functions = [
			"concat",
			"concat_ws",
			"if",
			"ifnull",
			"nullif",
			"coalesce",
			"connection_id",
			"current_user",
			"database",
			"last_insert_id",
			"session_user",
			"system_user",
			"user",
			"version",
			"global",
		]

		def _raise_exception():
			frappe.throw(_("Use of sub-query or function is restricted"), frappe.DataError)

		for field in self.fields:
			lower_field = field.lower().strip()
			if SUB_QUERY_PATTERN.match(field):
				if "(" in lower_field:
					location = lower_field.index("(")
					subquery_token = lower_field[location + 1 :].lstrip().split(" ", 1)[0]
					if any(keyword in subquery_token for keyword in blacklisted_keywords):
						_raise_exception()
				function = lower_field.split("(", 1)[0].rstrip()
				if function in blacklisted_functions:
					frappe.throw(_("Use of function {0} in field is restricted").format(function), exc=frappe.DataError)
				if "@" in lower_field:
					_raise_exception()
			if FIELD_QUOTE_PATTERN.match(field):
				_raise_exception()
			if FIELD_COMMA_PATTERN.match(field):
				_raise_exception()
			if IS_QUERY_PATTERN.match(field) or IS_QUERY_PREDICATE_PATTERN.match(field):
				_raise_exception()
			if self.strict:
				if STRICT_FIELD_PATTERN.match(field):
					frappe.throw(_("Illegal SQL Query"))
				if STRICT_UNION_PATTERN.match(lower_field):
					frappe.throw(_("Illegal SQL Query"))

	def validate_order_by_and_group_by(self, parameters):
		"""Check order by, group by so that atleast one column is selected and does not have subquery"""
		if not parameters:
			return
		_lower = parameters.lower()
		if "select" in _lower and "from" in _lower:
			frappe.throw(_("Cannot use sub-query in order by"))
		if ORDER_GROUP_PATTERN.match(_lower):
			frappe.throw(_("Illegal SQL Query"))
		for field in parameters.split(","):
			field = field.strip()
			function = field.split("(", 1)[0].rstrip().lower()
			if "." in field and field.startswith("`tab"):
				tbl = field.split(".", 1)[0]
				if tbl not in self.tables and tbl not in {link.alias for link in self.link_tables}:
					frappe.throw(_("Please select atleast 1 column from {0} to sort/group").format(tbl[4:-1]))
			if "sleep" in function:
				frappe.throw(_("Cannot use {0} in order/group by").format(function))

	def parse_args(self):
		if isinstance(self.fields, str):
			if self.fields == "*":
				self.fields = ["*"]
			else:
				try:
					self.fields = json.loads(self.fields)
				except ValueError:
					self.fields = [f.strip() for f in self.fields.split(",")]
		self.fields = [f for f in self.fields if f]
		meta = self.doctype_meta
		for i, field in enumerate(list(self.fields)):
			if "." in field and "`" not in field and "(" not in field:
				original = field
				alias = None
				if " as " in field:
					field, alias = field.split(" as ", 1)
				linked_fieldname, fieldname = field.split(".", 1)
				df = meta.get_field(linked_fieldname)
				if not df:
					continue
				if df.fieldtype == "Link":
					link = self.append_link_table(df.options, linked_fieldname)
					field = f"{link.alias}.`{fieldname}`"
				else:
					field = f"`tab{df.options}`.`{fieldname}`"
				if alias:
					field = f"{field} as {alias}"
				self.fields[i] = field
				_ = original

	def append_link_table(self, doctype, fieldname):
		for link in self.link_tables:
			if link.doctype == doctype and link.fieldname == fieldname:
				return link
		self.check_read_permission(doctype)
		link = frappe._dict(doctype=doctype, fieldname=fieldname, alias=f"`tab{doctype}_{len(self.link_tables) + 1}`")
		self.link_tables.append(link)
		return link

	def extract_tables(self):
		aliases = {link.alias for link in self.link_tables}
		for field in self.fields:
			if "tab" not in field or "." not in field or any(x in field.lower() for x in SQL_FUNCTIONS):
				continue
			table_name = field.split(".", 1)[0]
			if not table_name.startswith("`"):
				table_name = f"`{table_name}`"
			if table_name not in self.tables and table_name not in aliases:
				self.tables.append(table_name)
				self.check_read_permission(table_name[4:-1])

	def format_field(self, field):
		stripped = field.strip()
		lower = stripped.lower()
		if stripped == "*":
			return f"`tab{self.doctype}`.*"
		if stripped[0] in ("`", '"', "'") or "(" in lower or "distinct" in lower or "." in stripped:
			return field
		parts = stripped.split()
		if len(parts) == 3 and parts[1].lower() == "as":
			return f"`tab{self.doctype}`.`{parts[0]}` as {parts[2]}"
		if len(parts) == 1:
			return f"`tab{self.doctype}`.`{stripped}`"
		return field

	def check_read_permission(self, doctype, parent_doctype=None):
		if self.flags.ignore_permissions:
			return
		if doctype not in self.permission_map:
			ptype = "select" if frappe.only_has_select_perm(doctype) else "read"
			frappe.has_permission(
				doctype,
				ptype=ptype,
				parent_doctype=parent_doctype or self.doctype,
				throw=True,
				user=self.user,
			)
			self.permission_map[doctype] = ptype
		return self.permission_map[doctype]

	def build_match_conditions(self, as_condition=True):
		"""v15 ``build_match_conditions``: the if_owner constraint, else (the role has read or
		select) the user's User Permissions (``add_user_permissions``), then the
		permission_query_conditions hooks. Shares are not modelled (no ``or`` on shared names)."""
		self.match_filters = []
		self.match_conditions = []
		role_permissions = frappe.permissions.get_role_permissions(self.doctype_meta, user=self.user)
		# skip user perm check if owner constraint is required
		if requires_owner_constraint(role_permissions):
			self.match_conditions.append(f"`tab{self.doctype}`.`owner` = {frappe.db.escape(self.user, percent=False)}")
		# add user permission only if role has read perm
		elif role_permissions.get("read") or role_permissions.get("select"):
			user_permissions = frappe.permissions.get_user_permissions(self.user)
			self.add_user_permissions(user_permissions)
		if not as_condition:
			return self.match_filters
		conditions = ""
		if self.match_conditions:
			conditions = "((" + ") or (".join(self.match_conditions) + "))"
		doctype_conditions = self.get_permission_query_conditions()
		if doctype_conditions:
			conditions += (" and " + doctype_conditions) if conditions else doctype_conditions
		return conditions

	def add_user_permissions(self, user_permissions):
		"""v15 ``DatabaseQuery.add_user_permissions``: for the doctype's own ``name`` and each Link
		field without ``ignore_user_permissions`` whose target has User Permissions, the value must
		be one of the values applicable here (no ``applicable_for``; ``applicable_for`` == the
		reference doctype for ``name``, i.e. a link search from that doctype; or == this doctype),
		or empty unless ``apply_strict_user_permissions``. Conditions of different fields are and-ed."""
		doctype_link_fields = self.doctype_meta.get_link_fields()
		# append current doctype with fieldname as 'name' as first link field
		doctype_link_fields.append(dict(options=self.doctype, fieldname="name"))

		match_filters = {}
		match_conditions = []
		for df in doctype_link_fields:
			if df.get("ignore_user_permissions"):
				continue

			user_permission_values = user_permissions.get(df.get("options"), {})

			if user_permission_values:
				docs = []
				if frappe.get_system_settings("apply_strict_user_permissions"):
					condition = ""
				else:
					empty_value_condition = f"ifnull(`tab{self.doctype}`.`{df.get('fieldname')}`, '')=''"
					condition = empty_value_condition + " or "

				for permission in user_permission_values:
					if not permission.get("applicable_for"):
						docs.append(permission.get("doc"))

					# append docs based on user permission applicable on reference doctype
					# (getting the list of docs from a link field of that doctype)
					elif df.get("fieldname") == "name" and self.reference_doctype:
						if permission.get("applicable_for") == self.reference_doctype:
							docs.append(permission.get("doc"))

					elif permission.get("applicable_for") == self.doctype:
						docs.append(permission.get("doc"))

				if docs:
					values = ", ".join(frappe.db.escape(doc, percent=False) for doc in docs)
					condition += f"`tab{self.doctype}`.`{df.get('fieldname')}` in ({values})"
					match_conditions.append(f"({condition})")
					match_filters[df.get("options")] = docs

		if match_conditions:
			self.match_conditions.append(" and ".join(match_conditions))

		if match_filters:
			self.match_filters.append(match_filters)

	def get_permission_query_conditions(self):
		conditions = []
		hooks = frappe.get_hooks("permission_query_conditions", {})
		condition_methods = hooks.get(self.doctype, []) + hooks.get("*", [])
		for method in condition_methods:
			if c := frappe.call(frappe.get_attr(method), self.user, doctype=self.doctype):
				conditions.append(c)
		return " and ".join(conditions) if conditions else ""

	def set_order_by(self, args):
		if self.order_by and self.order_by != DefaultOrderBy:
			args.order_by = self.order_by
			return
		args.order_by = ""
		group_function_without_group_by = (
			len(self.fields) == 1
			and self.fields[0].lower().startswith(("count(", "min(", "max(", "sum(", "avg("))
			and not self.group_by
		)
		if group_function_without_group_by or not self.order_by:
			return
		meta = self.doctype_meta
		if meta.sort_field and "," in meta.sort_field:
			args.order_by = ", ".join(
				f"`tab{self.doctype}`.`{f_split[0].strip()}` {f_split[1].strip()}"
				for f in meta.sort_field.split(",")
				if (f_split := f.split(maxsplit=2))
			)
		else:
			sort_field = meta.sort_field or "creation"
			sort_order = (meta.sort_field and meta.sort_order) or "desc"
			args.order_by = f"`tab{self.doctype}`.`{sort_field}` {sort_order}"


def requires_owner_constraint(role_permissions):
	"""Return True if "select" or "read" isn't available without being creator."""
	if not role_permissions.get("has_if_owner_enabled"):
		return
	if_owner_perms = role_permissions.get("if_owner")
	if not if_owner_perms:
		return
	for perm_type in ("select", "read"):
		if role_permissions.get(perm_type) and perm_type not in if_owner_perms:
			return
	return True


def get_order_by(doctype, meta):
	sort_field = meta.sort_field or "creation"
	sort_order = (meta.sort_field and meta.sort_order) or "desc"
	return f"`tab{doctype}`.`{sort_field}` {sort_order}"
