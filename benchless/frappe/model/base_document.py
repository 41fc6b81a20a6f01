"""BaseDocument: field storage, validation and row-level DB I/O.

Modelled on frappe/frappe ``frappe/model/base_document.py`` (v15): ``get_controller``
(class-name rule, ``override_doctype_class`` last-wins, ImportError for a wrong name),
``set``/``get``/``append``/``as_dict``, ``get_valid_dict`` type coercion (Check/Int ->
cint, Float/Currency/Percent -> flt, empty unique -> NULL), ``db_insert``/``db_update``
(DuplicateEntryError on the primary key, UniqueValidationError on unique columns),
``_get_missing_mandatory_fields``, ``get_invalid_links`` (incl. fetch_from, Dynamic Link,
cancelled links), ``_validate_selects``, ``_validate_length``,
``_validate_update_after_submit``.

STRICTER than real Frappe: assigning an unknown fieldname through the constructor,
``update()``, ``set()`` or ``append()`` raises ``frappe.InvalidColumnName`` (real Frappe
stores it silently and never saves it). Keys starting with ``_`` are allowed.
"""

import datetime
import json
import sqlite3
import weakref

import frappe
from frappe import _, _dict
from frappe.model import child_table_fields, default_fields, display_fieldtypes, float_like_fields, no_value_fields, optional_fields, table_fields
from frappe.model.docstatus import DocStatus
from frappe.utils import cast, cint, compare, cstr, flt, now, strip_html

max_positive_value = {"smallint": 2**15 - 1, "int": 2**31 - 1, "bigint": 2**63 - 1}

DOCTYPES_FOR_DOCTYPE = {"DocType", "DocField", "DocPerm", "DocType Action", "DocType Link", "DocType State"}


def get_controller(doctype):
	"""Return the controller **class** of the given DocType (cached per site)."""
	controllers = frappe._site_cache().setdefault("controllers", {})
	if doctype not in controllers or getattr(frappe.local, "installing_apps", None) is not None:
		controllers[doctype] = import_controller(doctype)
	return controllers[doctype]


def import_controller(doctype):
	from frappe.model.document import Document
	from frappe.modules import load_doctype_module

	meta = frappe.get_meta(doctype)
	if meta.custom:
		from frappe.utils.nestedset import NestedSet

		return NestedSet if meta.is_tree else Document

	module_path = None
	class_overrides = frappe.get_hooks("override_doctype_class")
	if class_overrides and class_overrides.get(doctype):
		import_path = class_overrides[doctype][-1]
		module_path, classname = import_path.rsplit(".", 1)
		module = frappe.get_module(module_path)
	else:
		module = load_doctype_module(doctype, meta.module)
		classname = doctype.replace(" ", "").replace("-", "")

	class_ = getattr(module, classname, None)
	if class_ is None:
		raise ImportError(
			doctype if module_path is None else f"{doctype}: {classname} does not exist in module {module_path}"
		)
	if not issubclass(class_, BaseDocument):
		raise ImportError(f"{doctype}: {classname} is not a subclass of BaseDocument")
	return class_


class BaseDocument:
	_reserved_keywords = frozenset(
		(
			"doctype",
			"meta",
			"flags",
			"parent_doc",
			"_table_fields",
			"_valid_columns",
			"_doc_before_save",
			"_table_fieldnames",
			"_reserved_keywords",
			"permitted_fieldnames",
			"dont_update_if_missing",
		)
	)

	def __init__(self, d):
		if d.get("doctype"):
			self.doctype = d["doctype"]
		self._table_fieldnames = {df.fieldname for df in self._get_table_fields()}
		self.update(d)
		self.dont_update_if_missing = []
		if hasattr(self, "__setup__"):
			self.__setup__()

	def __json__(self):
		return self.as_dict(no_nulls=True)

	@property
	def meta(self):
		m = self.__dict__.get("_meta")
		if m is None or m.name != self.doctype:
			m = frappe.get_meta(self.doctype)
			self.__dict__["_meta"] = m
		return m

	def __getstate__(self):
		state = self.__dict__.copy()
		state.pop("_meta", None)
		state.pop("_parent_doc", None)
		return state

	def _known_keys(self):
		meta = self.meta
		keys = getattr(meta, "_known_keys", None)
		if keys is None:
			keys = set(default_fields) | set(optional_fields) | {df.fieldname for df in meta.fields}
			keys |= set(meta.get_valid_columns())
			if meta.istable:
				keys |= set(child_table_fields)
			keys |= {"name", "doctype", "amended_from"} if meta.has_field("amended_from") else {"name", "doctype"}
			meta._known_keys = keys
		return keys

	def _check_key(self, key):
		if key.startswith("_") or not getattr(self, "doctype", None):
			return
		if key not in self._known_keys():
			frappe.throw(
				_("{0} has no field {1!r}. Known fields: {2}").format(
					self.doctype, key, ", ".join(sorted(k for k in self._known_keys() if not k.startswith("_")))
				),
				frappe.InvalidColumnName,
			)

	def update(self, d):
		"""Update multiple fields of a doctype using a dictionary of key-value pairs."""
		if "name" in d:
			self.name = d["name"]
		as_value = not self._table_fieldnames or self.flags.get("ignore_children", False)
		for key, value in d.items():
			self.set(key, value, as_value=as_value)
		return self

	def update_if_missing(self, d):
		"""Set default values for fields without existing values"""
		if isinstance(d, BaseDocument):
			d = d.get_valid_dict()
		for key, value in d.items():
			if value is not None and self.get(key) is None and key not in self.dont_update_if_missing:
				self.set(key, value)

	def get_db_value(self, key):
		return frappe.db.get_value(self.doctype, self.name, key)

	def get(self, key, filters=None, limit=None, default=None):
		if isinstance(key, dict):
			return _filter(self.get_all_children(), key, limit=limit)
		if filters:
			if isinstance(filters, dict):
				return _filter(self.__dict__.get(key, []), filters, limit=limit)
			default = filters
		value = self.__dict__.get(key, default)
		if limit and isinstance(value, list | tuple) and len(value) > limit:
			value = value[:limit]
		return value

	def getone(self, key, filters=None):
		return self.get(key, filters=filters, limit=1)[0]

	def set(self, key, value, as_value=False):
		if key in self._reserved_keywords:
			return
		self._check_key(key)
		if not as_value and key in self._table_fieldnames:
			self.__dict__[key] = []
			if value:
				self.extend(key, value)
			return
		self.__dict__[key] = value

	def delete_key(self, key):
		if key in self.__dict__:
			del self.__dict__[key]

	def append(self, key, value=None, position=-1):
		"""Append an item to a child table."""
		if value is None:
			value = {}
		if (table := self.__dict__.get(key)) is None:
			self.__dict__[key] = table = []
		d = self._init_child(value, key)
		if position == -1:
			table.append(d)
		else:
			table.insert(position, d)
			for i, _d in enumerate(table):
				_d.idx = i + 1
		d.parent_doc = weakref.ref(self)
		return d

	@property
	def parent_doc(self):
		parent_doc_ref = getattr(self, "_parent_doc", None)
		if isinstance(parent_doc_ref, BaseDocument):
			return parent_doc_ref
		elif isinstance(parent_doc_ref, weakref.ReferenceType):
			return parent_doc_ref()

	@parent_doc.setter
	def parent_doc(self, value):
		self._parent_doc = value

	def extend(self, key, value):
		try:
			value = iter(value)
		except TypeError:
			raise ValueError from None
		for v in value:
			self.append(key, v)

	def remove(self, doc):
		if doc.get("parentfield"):
			self.get(doc.parentfield).remove(doc)
			for i, _d in enumerate(self.get(doc.parentfield)):
				_d.idx = i + 1

	def _init_child(self, value, key):
		if not isinstance(value, BaseDocument):
			if not (doctype := self.get_table_field_doctype(key)):
				raise AttributeError(key)
			value = dict(value)
			value["doctype"] = doctype
			value = get_controller(doctype)(value)
		value.parent = self.name
		value.parenttype = self.doctype
		value.parentfield = key
		if value.__dict__.get("docstatus") is None:
			value.__dict__["docstatus"] = DocStatus.DRAFT
		if not getattr(value, "idx", None):
			if table := getattr(self, key, None):
				value.idx = len(table) + 1
			else:
				value.idx = 1
		if not getattr(value, "name", None):
			value.__dict__["__islocal"] = 1
		return value

	def _get_table_fields(self):
		if self.doctype == "DocType":
			return ()
		return self.meta.get_table_fields()

	def get_valid_dict(self, sanitize=True, convert_dates_to_str=False, ignore_nulls=False, ignore_virtual=False):
		d = _dict()
		field_values = self.__dict__
		for fieldname in self.meta.get_valid_columns():
			value = field_values.get(fieldname)
			if not sanitize and value is None:
				d[fieldname] = None
				continue
			df = self.meta.get_field(fieldname)
			if df:
				if isinstance(value, list) and df.fieldtype not in table_fields:
					frappe.throw(_("Value for {0} cannot be a list").format(_(df.label)))
				if df.fieldtype == "Check":
					value = 1 if cint(value) else 0
				elif df.fieldtype == "Int" and not isinstance(value, int):
					value = cint(value)
				elif df.fieldtype == "JSON" and isinstance(value, dict | list):
					value = json.dumps(value, separators=(",", ":"))
				elif df.fieldtype in float_like_fields and not isinstance(value, float):
					value = flt(value)
				elif (df.fieldtype in ("Datetime", "Date", "Time") and value == "") or (
					getattr(df, "unique", False) and cstr(value).strip() == ""
				):
					value = None
			elif fieldname in ("lft", "rgt", "idx", "docstatus"):
				value = cint(value)
			if convert_dates_to_str and isinstance(
				value, datetime.datetime | datetime.date | datetime.time | datetime.timedelta
			):
				value = str(value)
			if ignore_nulls and value is None:
				continue
			if isinstance(value, DocStatus):
				value = int(value)
			d[fieldname] = value
		return d

	def init_child_tables(self):
		for fieldname in self._table_fieldnames:
			if self.__dict__.get(fieldname) is None:
				self.__dict__[fieldname] = []

	def init_valid_columns(self):
		for key in default_fields:
			if key not in self.__dict__:
				self.__dict__[key] = None
			if self.__dict__[key] is None:
				if key == "docstatus":
					self.__dict__[key] = DocStatus.DRAFT
				elif key == "idx":
					self.__dict__[key] = 0
		for key in self.get_valid_columns():
			if key not in self.__dict__:
				self.__dict__[key] = None

	def get_valid_columns(self):
		return self.meta.get_valid_columns()

	def is_new(self):
		return self.get("__islocal")

	@property
	def docstatus(self):
		value = self.__dict__.get("docstatus")
		if not isinstance(value, DocStatus):
			value = DocStatus(value or 0)
			self.__dict__["docstatus"] = value
		return value

	@docstatus.setter
	def docstatus(self, value):
		if not isinstance(value, DocStatus):
			value = DocStatus(value or 0)
		self.__dict__["docstatus"] = value

	def as_dict(self, no_nulls=False, no_default_fields=False, convert_dates_to_str=False, no_child_table_fields=False):
		doc = self.get_valid_dict(convert_dates_to_str=convert_dates_to_str, ignore_nulls=no_nulls)
		doc["doctype"] = self.doctype
		for fieldname in self._table_fieldnames:
			children = self.get(fieldname) or []
			doc[fieldname] = [
				d.as_dict(
					convert_dates_to_str=convert_dates_to_str,
					no_nulls=no_nulls,
					no_default_fields=no_default_fields,
					no_child_table_fields=no_child_table_fields,
				)
				for d in children
			]
		if no_default_fields:
			for key in default_fields:
				doc.pop(key, None)
		if no_child_table_fields:
			for key in child_table_fields:
				doc.pop(key, None)
		for key in ("_user_tags", "__islocal", "__onload", "_liked_by", "__run_link_triggers", "__unsaved"):
			if value := getattr(self, key, None):
				doc[key] = value
		return doc

	def as_json(self):
		return frappe.as_json(self.as_dict())

	def get_table_field_doctype(self, fieldname):
		df = self.meta.get_field(fieldname)
		if not df:
			raise AttributeError(f"{self.doctype} has no table field {fieldname!r}")
		return df.options

	def get_parentfield_of_doctype(self, doctype):
		fieldname = [df.fieldname for df in self.meta.get_table_fields() if df.options == doctype]
		return fieldname[0] if fieldname else None

	# --- db I/O -------------------------------------------------------------------------------
	def db_insert(self, ignore_if_duplicate=False):
		"""INSERT the document (with valid columns) in the database."""
		from frappe.model.naming import set_new_name

		if not self.name:
			set_new_name(self)
		if not self.creation:
			self.creation = self.modified = now()
			self.owner = self.modified_by = frappe.session.user
		d = _normalise_dates(self.meta, self.get_valid_dict(convert_dates_to_str=True, ignore_virtual=True))
		columns = list(d)
		try:
			frappe.db.sql(
				"""INSERT INTO `tab{doctype}` ({columns})
					VALUES ({values})""".format(
					doctype=self.doctype,
					columns=", ".join("`" + c + "`" for c in columns),
					values=", ".join(["%s"] * len(columns)),
				),
				list(d.values()),
			)
		except sqlite3.IntegrityError as e:
			# MariaDB reports the PRIMARY key first; SQLite may report another unique index
			if frappe.db.is_primary_key_violation(e) or (
				frappe.db.is_unique_key_violation(e) and self.name and _name_taken(self.doctype, self.name)
			):
				if self.meta.autoname == "hash":
					self.flags.retry_count = (self.flags.retry_count or 0) + 1
					if self.flags.retry_count > 5:
						raise
					self.name = None
					self.db_insert()
					return
				if not ignore_if_duplicate:
					frappe.msgprint(
						_("{0} {1} already exists").format(_(self.doctype), frappe.bold(self.name)),
						title=_("Duplicate Name"),
						indicator="red",
					)
					raise frappe.DuplicateEntryError(self.doctype, self.name, e) from e
			elif frappe.db.is_unique_key_violation(e):
				self.show_unique_validation_message(e)
			else:
				raise
		self.set("__islocal", False)

	def db_update(self):
		if self.get("__islocal") or not self.name:
			self.db_insert()
			return
		d = _normalise_dates(self.meta, self.get_valid_dict(convert_dates_to_str=True, ignore_virtual=True))
		name = cstr(d["name"]) if not isinstance(d["name"], int) else d["name"]
		del d["name"]
		columns = list(d)
		try:
			frappe.db.sql(
				"""UPDATE `tab{doctype}`
				SET {values} WHERE `name`=%s""".format(
					doctype=self.doctype, values=", ".join("`" + c + "`=%s" for c in columns)
				),
				[*list(d.values()), name],
			)
		except sqlite3.IntegrityError as e:
			if frappe.db.is_unique_key_violation(e):
				self.show_unique_validation_message(e)
			else:
				raise

	def db_update_all(self):
		self.db_update()
		for fieldname in self._table_fieldnames:
			for doc in self.get(fieldname):
				doc.db_update()

	def show_unique_validation_message(self, e):
		fieldname = str(e).rsplit(".", 1)[-1].strip()
		label = self.get_label_from_fieldname(fieldname)
		frappe.msgprint(_("{0} must be unique").format(label or fieldname))
		raise frappe.UniqueValidationError(self.doctype, self.name, e) from e

	def get_label_from_fieldname(self, fieldname):
		df = self.meta.get_field(fieldname)
		if df:
			return df.label

	def update_modified(self):
		self.set("modified", now())
		if getattr(self.meta, "issingle", False):
			frappe.db.set_single_value(self.doctype, "modified", self.modified, update_modified=False)
		else:
			frappe.db.set_value(self.doctype, self.name, "modified", self.modified, update_modified=False)

	def _fix_numeric_types(self):
		for df in self.meta.fields:
			if df.fieldtype == "Check":
				self.set(df.fieldname, cint(self.get(df.fieldname)))
			elif self.get(df.fieldname) is not None:
				if df.fieldtype == "Int":
					self.set(df.fieldname, cint(self.get(df.fieldname)))
				elif df.fieldtype in ("Float", "Currency", "Percent"):
					self.set(df.fieldname, flt(self.get(df.fieldname)))
		self.docstatus

	# --- validation -------------------------------------------------------------------------
	def _get_missing_mandatory_fields(self):
		"""Get mandatory fields that do not have any values"""

		def get_msg(df):
			if df.fieldtype in table_fields:
				return "{}: {}: {}".format(_("Error"), _("Data missing in table"), _(df.label))
			elif self.get("parentfield"):
				return "{}: {} {} #{}: {}: {}".format(
					_("Error"), frappe.bold(_(self.doctype)), _("Row"), self.idx, _("Value missing for"), _(df.label)
				)
			return _("Error: Value missing for {0}: {1}").format(_(df.parent), _(df.label))

		def has_content(df):
			value = cstr(self.get(df.fieldname))
			has_text_content = strip_html(value).strip()
			has_img_tag = "<img" in value
			if df.fieldtype == "Text Editor" and (has_text_content or has_img_tag):
				return True
			return has_text_content

		missing = []
		for df in self.meta.get("fields", {"reqd": ("=", 1)}):
			if df.fieldtype in display_fieldtypes:
				continue
			if self.get(df.fieldname) in (None, []) or not has_content(df):
				missing.append((df.fieldname, get_msg(df)))
		if self.meta.istable:
			for fieldname in ("parent", "parenttype"):
				if not self.get(fieldname):
					missing.append((fieldname, get_msg(_dict(label=fieldname, parent=self.doctype))))
		return missing

	def get_invalid_links(self, is_submittable=False):
		"""Return list of invalid links and also update fetch values if not set"""

		def get_msg(df, docname):
			if self.get("parentfield"):
				return "{} #{}: {}: {}".format(_("Row"), self.idx, _(df.label), docname)
			return f"{_(df.label)}: {docname}"

		invalid_links = []
		cancelled_links = []
		for df in self.meta.get_link_fields() + self.meta.get_dynamic_link_fields():
			docname = self.get(df.fieldname)
			if not docname:
				continue
			if df.fieldtype == "Link":
				doctype = df.options
				if not doctype:
					frappe.throw(_("Options not set for link field {0}").format(df.fieldname))
			else:
				doctype = self.get(df.options)
				if not doctype:
					frappe.throw(_("{0} must be set first").format(self.meta.get_label(df.options)))
			meta = frappe.get_meta(doctype)  # DoesNotExistError for an unknown doctype, as real
			fields_to_fetch = [
				_df
				for _df in self.meta.get_fields_to_fetch(df.fieldname)
				if not _df.get("fetch_if_empty") or (_df.get("fetch_if_empty") and not self.get(_df.fieldname))
			]
			if meta.issingle:
				values = _dict(name=doctype if docname == doctype else None)
			elif not fields_to_fetch:
				values = _dict(name=frappe.db.get_value(doctype, docname, "name", cache=True))
			else:
				values_to_fetch = ["name"] + [_df.fetch_from.split(".")[-1] for _df in fields_to_fetch]
				values = frappe.db.get_value(doctype, docname, values_to_fetch, as_dict=True) or _dict(name=None)
			if values.name:
				setattr(self, df.fieldname, values.name)
				for _df in fields_to_fetch:
					if self.is_new() or not self.docstatus.is_submitted() or _df.allow_on_submit:
						setattr(self, _df.fieldname, values.get(_df.fetch_from.split(".")[-1]))
			if not values.name:
				invalid_links.append((df.fieldname, docname, get_msg(df, docname)))
			elif (
				df.fieldname != "amended_from"
				and (is_submittable or self.meta.is_submittable)
				and meta.is_submittable
				and DocStatus(frappe.db.get_value(doctype, docname, "docstatus") or 0).is_cancelled()
			):
				cancelled_links.append((df.fieldname, docname, get_msg(df, docname)))
		return invalid_links, cancelled_links

	def _validate_selects(self):
		if frappe.flags.in_import:
			return
		for df in self.meta.get_select_fields():
			if df.fieldname == "naming_series" or not (self.get(df.fieldname) and df.options):
				continue
			options = (df.options or "").split("\n")
			if not list(filter(None, options)):
				continue
			self.set(df.fieldname, cstr(self.get(df.fieldname)).strip())
			value = self.get(df.fieldname)
			if value not in options and not (frappe.flags.in_test and value.startswith("_T-")):
				prefix = _("Row #{0}:").format(self.idx) if self.get("parentfield") else ""
				label = _(self.meta.get_label(df.fieldname))
				comma_options = '", "'.join(_(each) for each in options)
				frappe.throw(
					_('{0} {1} cannot be "{2}". It should be one of "{3}"').format(prefix, label, value, comma_options)
				)

	def _validate_data_fields(self):
		for data_field in self.meta.get_data_fields():
			data = self.get(data_field.fieldname)
			if data_field.get("options") == "Email" and data:
				if (self.owner in frappe.STANDARD_USERS) and (data in frappe.STANDARD_USERS):
					continue
				for email_address in frappe.utils.split_emails(data):
					frappe.utils.validate_email_address(email_address, throw=True)

	def _validate_non_negative(self):
		for df in self.meta.get("fields", {"non_negative": ("=", 1)}):
			if df.fieldtype in ("Int", "Float", "Currency") and flt(self.get(df.fieldname)) < 0:
				if self.get("parentfield"):
					msg = f"{frappe.bold(_(self.doctype))} {_('Row')} #{self.idx}: {_('Value cannot be negative for')} {frappe.bold(_(df.label))}"
				else:
					msg = _("Value cannot be negative for {0}: {1}").format(_(df.parent), frappe.bold(_(df.label)))
				frappe.throw(msg, frappe.NonNegativeError, title=_("Negative Value"))

	def _validate_length(self):
		from frappe.model.sync import type_map

		if frappe.flags.in_install:
			return
		if getattr(self.meta, "issingle", 0):
			return
		for fieldname, value in self.get_valid_dict(ignore_virtual=True).items():
			df = self.meta.get_field(fieldname)
			if not df or df.fieldtype == "Check":
				continue
			column_type, default_length = type_map.get(df.fieldtype, (None, None))
			if column_type == "varchar":
				max_length = cint(df.get("length")) or cint(default_length)
				if len(cstr(value)) > max_length:
					self.throw_length_exceeded_error(df, max_length, value)
			elif column_type in ("int", "bigint", "smallint"):
				if cint(df.get("length")) > 11:
					column_type = "bigint"
				max_length = max_positive_value[column_type]
				if abs(cint(value)) > max_length:
					self.throw_length_exceeded_error(df, max_length, value)

	def throw_length_exceeded_error(self, df, max_length, value):
		if self.get("parentfield"):
			reference = _("{0}, Row {1}").format(_(self.doctype), self.idx)
		else:
			reference = f"{_(self.doctype)} {self.name}"
		frappe.throw(
			_("{0}: '{1}' ({3}) will get truncated, as max characters allowed is {2}").format(
				reference, frappe.bold(_(df.label)), max_length, value
			),
			frappe.CharacterLengthExceededError,
			title=_("Value too big"),
		)

	def _validate_code_fields(self):
		pass

	def _sync_autoname_field(self):
		"""Keep autoname field in sync with `name`"""
		autoname = self.meta.autoname or ""
		_empty, _field_specifier, fieldname = autoname.partition("field:")
		if fieldname and self.name and self.name != self.get(fieldname):
			self.set(fieldname, self.name)

	def _extract_images_from_editor(self):
		pass

	def _sanitize_content(self):
		"""v15 BaseDocument._sanitize_content: every string value that looks like HTML goes through
		sanitize_html (bleach) before it is saved, except fields marked Ignore XSS Filter, Email
		Data fields, Attach / Barcode / Code fields and a cancelled or submitted (not allow-on-submit)
		document's. "Bolts <M8> & nuts" is stored as "Bolts &lt;M8&gt; &amp; nuts"."""
		from bs4 import BeautifulSoup

		from frappe.utils.html_utils import sanitize_html

		if frappe.flags.in_install:
			return
		for fieldname, value in self.get_valid_dict(ignore_virtual=True).items():
			if not value or not isinstance(value, str):
				continue
			if "<" not in value and ">" not in value:
				continue
			if "<!-- markdown -->" in value and not bool(BeautifulSoup(value, "html.parser").find()):
				continue
			df = self.meta.get_field(fieldname)
			if df and (
				df.get("ignore_xss_filter")
				or (df.get("fieldtype") in ("Data", "Small Text", "Text") and df.get("options") == "Email")
				or df.get("fieldtype") in ("Attach", "Attach Image", "Barcode", "Code")
				or self.docstatus == 2
				or (self.docstatus == 1 and not df.get("allow_on_submit"))
			):
				continue
			self.set(fieldname, sanitize_html(value, linkify=df and df.fieldtype == "Text Editor"))

	def _fix_rating_value(self):
		for field in self.meta.get("fields", {"fieldtype": "Rating"}):
			value = self.get(field.fieldname)
			if not isinstance(value, float):
				value = flt(value)
			self.set(field.fieldname, max(0, min(value, 1)))

	def _save_passwords(self):
		"""Save password field values in __Auth table"""
		from frappe.utils.password import remove_encrypted_password, set_encrypted_password

		if self.flags.ignore_save_passwords is True:
			return
		for df in self.meta.get("fields", {"fieldtype": ("=", "Password")}):
			if self.flags.ignore_save_passwords and df.fieldname in self.flags.ignore_save_passwords:
				continue
			new_password = self.get(df.fieldname)
			if not new_password:
				remove_encrypted_password(self.doctype, self.name, df.fieldname)
			if new_password and not self.is_dummy_password(new_password):
				set_encrypted_password(self.doctype, self.name, new_password, df.fieldname)
				self.set(df.fieldname, "*" * len(new_password))

	def get_password(self, fieldname="password", raise_exception=True):
		from frappe.utils.password import get_decrypted_password

		if self.get(fieldname) and not self.is_dummy_password(self.get(fieldname)):
			return self.get(fieldname)
		return get_decrypted_password(self.doctype, self.name, fieldname, raise_exception=raise_exception)

	def is_dummy_password(self, pwd):
		return "".join(set(pwd)) == "*"

	def _validate_update_after_submit(self):
		db_values = frappe.get_doc(self.doctype, self.name).as_dict()
		for key in self.as_dict():
			df = self.meta.get_field(key)
			db_value = db_values.get(key)
			if df and not df.allow_on_submit and (self.get(key) or db_value):
				if df.fieldtype in table_fields:
					self_value = len(self.get(key))
					db_value = len(db_value)
				else:
					self_value = self.get_value(key)
				if self_value != db_value:
					frappe.throw(
						_("{0} Not allowed to change {1} after submission from {2} to {3}").format(
							f"Row #{self.idx}:" if self.get("parent") else "",
							frappe.bold(_(df.label)),
							frappe.bold(db_value),
							frappe.bold(self_value),
						),
						frappe.UpdateAfterSubmitError,
						title=_("Cannot Update After Submit"),
					)

	def precision(self, fieldname, parentfield=None):
		from frappe.model.meta import get_field_precision

		if parentfield and not isinstance(parentfield, str) and parentfield.get("parentfield"):
			parentfield = parentfield.parentfield
		doctype = self.meta.get_field(parentfield).options if parentfield else self.doctype
		df = frappe.get_meta(doctype).get_field(fieldname)
		if df and df.fieldtype in ("Currency", "Float", "Percent"):
			return get_field_precision(df, self)
		return None

	def get_formatted(self, fieldname, doc=None, currency=None, absolute_value=False, translated=False, format=None):
		return cstr(self.get(fieldname))

	def get_value(self, fieldname):
		df = self.meta.get_field(fieldname)
		val = self.get(fieldname)
		return self.cast(val, df)

	def cast(self, value, df):
		return cast(df.fieldtype, value) if df else value

	def reset_values_if_no_permlevel_access(self, has_access_to, high_permlevel_fields):
		to_reset = [
			df
			for df in high_permlevel_fields
			if df.permlevel not in has_access_to and df.fieldtype not in display_fieldtypes
		]
		if to_reset:
			ref_doc = frappe.new_doc(self.doctype) if self.is_new() else self.get_latest()
			for df in to_reset:
				self.set(df.fieldname, ref_doc.get(df.fieldname))


def _normalise_dates(meta, d):
	"""Store dates/datetimes/times in one canonical text form, as MariaDB's typed columns do."""
	from frappe.database.database import _to_param
	from frappe.utils.data import get_datetime, get_timedelta, getdate

	for fieldname, value in d.items():
		if not value or not isinstance(value, str):
			continue
		if fieldname in ("creation", "modified"):
			fieldtype = "Datetime"
		else:
			df = meta.get_field(fieldname)
			fieldtype = df.fieldtype if df else None
		try:
			if fieldtype == "Datetime":
				d[fieldname] = _to_param(get_datetime(value))
			elif fieldtype == "Date":
				d[fieldname] = _to_param(getdate(value))
			elif fieldtype == "Time":
				td = get_timedelta(value)
				d[fieldname] = _to_param(td) if td is not None else value
		except frappe.ValidationError:
			frappe.throw(
				_("{0}: {1!r} is not a valid {2}").format(meta.get_label(fieldname), value, fieldtype.lower())
			)
	return d


def _name_taken(doctype, name):
	return bool(frappe.db.sql(f"select name from `tab{doctype}` where name=%s", (name,)))


def _filter(data, filters, limit=None):
	"""pass filters as: {"key": "val", "key": ["!=", "val"], "key": ["in", "val"], ...}"""
	out, _filters = [], {}
	if not data:
		return out
	if filters:
		for f in filters:
			fval = filters[f]
			if not isinstance(fval, tuple | list):
				if fval is True:
					fval = ("not None", fval)
				elif fval is False:
					fval = ("None", fval)
				elif isinstance(fval, str) and fval.startswith("^"):
					fval = ("^", fval[1:])
				else:
					fval = ("=", fval)
			_filters[f] = fval
	for d in data:
		for f, fval in _filters.items():
			if not compare(getattr(d, f, None), fval[0], fval[1]):
				break
		else:
			out.append(d)
			if limit and len(out) >= limit:
				break
	return out
