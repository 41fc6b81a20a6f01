"""Naming rules of frappe/frappe ``frappe/model/naming.py`` (v15).

``set_new_name`` order: before_naming, (name wiped unless autoname is prompt or in import),
autoincrement, amended_from (``NAME-1``), single, controller ``autoname()``, meta autoname
(``field:``, ``naming_series:``, ``prompt``, ``format:`` with ``{#####}``/``{YYYY}``/
``{fieldname}``, old-style ``#`` expressions with ``.YYYY.`` parts), then ``hash``.
Series counters live in ``tabSeries`` and are read with ``FOR UPDATE``.
Not modelled: Document Naming Rule, Amended Document Naming Settings, custom
``naming_series_variables`` hooks beyond a direct call.
"""

import base64
import datetime
import re
import time

import frappe
from frappe import _
from frappe.utils import cint, cstr, now_datetime

NAMING_SERIES_PATTERN = re.compile(r"^[\w\- \/.#{}]+$", re.UNICODE)
BRACED_PARAMS_WORD_PATTERN = re.compile(r"(\{[\w]+\})")
BRACED_PARAMS_HASH_PATTERN = re.compile(r"(\{[#]+\})")

NAMING_SERIES_PART_TYPES = (int, str, datetime.datetime, datetime.date, datetime.time, datetime.timedelta)


class InvalidNamingSeriesError(frappe.ValidationError):
	pass


class NamingSeries:
	__slots__ = ("series",)

	def __init__(self, series):
		self.series = series
		if "#" not in self.series:
			self.series += ".#####"

	def validate(self):
		if "." not in self.series:
			frappe.throw(
				_("Invalid naming series {}: dot (.) missing").format(frappe.bold(self.series)),
				exc=InvalidNamingSeriesError,
			)
		if not NAMING_SERIES_PATTERN.match(self.series):
			frappe.throw(
				_("Special Characters except '-', '#', '.', '/', '{{' and '}}' not allowed in naming series {0}").format(
					frappe.bold(self.series)
				),
				exc=InvalidNamingSeriesError,
			)

	def generate_next_name(self, doc, *, ignore_validate=False):
		if not ignore_validate:
			self.validate()
		parts = self.series.split(".")
		return parse_naming_series(parts, doc=doc)

	def get_prefix(self):
		prefix = None

		def fake_counter_backend(partial_series, digits):
			nonlocal prefix
			prefix = partial_series
			return "#" * digits

		parse_naming_series(self.series, number_generator=fake_counter_backend)
		if prefix is None:
			frappe.throw(_("Invalid Naming Series: {}").format(self.series))
		return prefix

	def get_current_value(self):
		prefix = self.get_prefix()
		return cint(frappe.db.get_value("Series", prefix, "current", order_by="name"))


def set_new_name(doc):
	"""Sets the `name` property for the document based on various rules."""
	doc.run_method("before_naming")

	meta = frappe.get_meta(doc.doctype)
	autoname = meta.autoname or ""

	if autoname.lower() != "prompt" and not frappe.flags.in_import:
		doc.name = None

	if is_autoincremented(doc.doctype, meta):
		doc.name = frappe.db.get_next_sequence_val(doc.doctype)
		return

	if getattr(doc, "amended_from", None):
		_set_amended_name(doc)
		if doc.name:
			return
	elif getattr(doc.meta, "issingle", False):
		doc.name = doc.doctype

	if not doc.name:
		doc.run_method("autoname")

	if not doc.name and autoname:
		set_name_from_naming_options(autoname, doc)

	if not doc.name:
		doc.name = make_autoname("hash", doc.doctype)

	doc.name = validate_name(doc.doctype, doc.name)


def is_autoincremented(doctype, meta=None):
	if not meta:
		meta = frappe.get_meta(doctype)
	return bool(not getattr(meta, "issingle", False) and meta.autoname == "autoincrement")


def set_name_from_naming_options(autoname, doc):
	_autoname = autoname.lower()
	if _autoname.startswith("field:"):
		doc.name = _field_autoname(autoname, doc)
		if not doc.name:
			fieldname = autoname[6:]
			frappe.throw(_("{0} is required").format(doc.meta.get_label(fieldname)))
	elif _autoname.startswith("naming_series:"):
		set_name_by_naming_series(doc)
	elif _autoname.startswith("prompt"):
		_prompt_autoname(autoname, doc)
	elif _autoname.startswith("format:"):
		doc.name = _format_autoname(autoname, doc)
	elif "#" in autoname:
		doc.name = make_autoname(autoname, doc=doc)


def set_name_by_naming_series(doc):
	if not doc.naming_series:
		doc.naming_series = get_default_naming_series(doc.doctype)
	if not doc.naming_series:
		frappe.throw(frappe._("Naming Series mandatory"))
	doc.name = make_autoname(doc.naming_series + ".#####", "", doc)


def make_autoname(key="", doctype="", doc="", *, ignore_validate=False):
	"""Create an autoname from ``key`` ("hash", or a series like ``ABC-.YYYY.-.####``)."""
	if key == "hash":
		return (_get_timestamp_prefix() + _generate_random_string(7))[:10]
	series = NamingSeries(key)
	return series.generate_next_name(doc, ignore_validate=ignore_validate)


def _get_timestamp_prefix():
	ts = int(time.time() * 10)
	ts = ts % (32**4)
	return base64.b32hexencode(ts.to_bytes(length=5, byteorder="big")).decode()[-3:].lower()


def _generate_random_string(length=10):
	from secrets import token_bytes as get_random_bytes

	return base64.b32hexencode(get_random_bytes(length)).decode()[:length].lower()


def parse_naming_series(parts, doctype=None, doc=None, number_generator=None, key=None):
	"""Parse the naming series and get next name."""
	name = ""
	_sentinel = object()
	if isinstance(parts, str):
		parts = parts.split(".")
	if not number_generator:
		number_generator = getseries
	series_set = False
	today = now_datetime()
	for e in parts:
		if not e:
			continue
		part = ""
		if e.startswith("#"):
			if not series_set:
				digits = len(e)
				part = number_generator(key if key else name, digits)
				series_set = True
		elif e == "YY":
			part = today.strftime("%y")
		elif e == "MM":
			part = today.strftime("%m")
		elif e == "DD":
			part = today.strftime("%d")
		elif e == "YYYY":
			part = today.strftime("%Y")
		elif e == "WW":
			part = determine_consecutive_week_number(today)
		elif e == "timestamp":
			part = str(today)
		elif doc and (e.startswith("{") or doc.get(e, _sentinel) is not _sentinel):
			e = e.replace("{", "").replace("}", "")
			part = doc.get(e)
		elif method := has_custom_parser(e):
			part = frappe.get_attr(method[0])(doc, e)
		else:
			part = e
		if isinstance(part, str):
			name += part
		elif isinstance(part, NAMING_SERIES_PART_TYPES):
			name += cstr(part).strip()
	return name


def has_custom_parser(e):
	return frappe.get_hooks("naming_series_variables", {}).get(e)


def determine_consecutive_week_number(dt):
	m = dt.month
	w = dt.strftime("%V")
	if m == 1 and int(w) >= 52:
		w = "00"
	elif m == 12 and int(w) <= 1:
		w = "53"
	return w


def getseries(key, digits):
	"""Next counter for ``key`` from ``tabSeries`` (read FOR UPDATE, like v15)."""
	current = frappe.db.sql("select `current` from `tabSeries` where `name`=%s for update", (key,))
	if current and current[0][0] is not None:
		current = current[0][0]
		frappe.db.sql("UPDATE `tabSeries` SET `current` = `current` + 1 WHERE `name`=%s", (key,))
		current = cint(current) + 1
	else:
		frappe.db.sql("INSERT INTO `tabSeries` (`name`, `current`) VALUES (%s, 1)", (key,))
		current = 1
	return ("%0" + str(digits) + "d") % current


def revert_series_if_last(key, name, doc=None):
	"""Decrement the series counter if ``name`` was the last one issued."""
	if ".#" in key:
		prefix, hashes = key.rsplit(".", 1)
		if "#" not in hashes:
			hash = re.search("#+", key)
			if not hash:
				return
			name = name.replace(hashes, "")
			prefix = prefix.replace(hash.group(), "")
	else:
		prefix = key
	if "." in prefix:
		prefix = parse_naming_series(prefix.split("."), doc=doc)
	count = cint(name.replace(prefix, ""))
	current = frappe.db.sql("select `current` from `tabSeries` where `name`=%s for update", (prefix,))
	if current and current[0][0] == count:
		frappe.db.sql("UPDATE `tabSeries` SET `current` = `current` - 1 WHERE `name`=%s", (prefix,))


def get_default_naming_series(doctype):
	naming_series_options = frappe.get_meta(doctype).get_naming_series_options()
	for option in naming_series_options:
		if option:
			return option


def validate_name(doctype, name):
	if not name:
		frappe.throw(_("No Name Specified for {0}").format(doctype))
	if isinstance(name, int):
		if is_autoincremented(doctype):
			frappe.db.set_next_sequence_val(doctype, name, is_val_used=True)
			return name
		frappe.throw(_("Invalid name type (integer) for varchar name column"), frappe.NameError)
	if name.startswith("New " + doctype):
		frappe.throw(_("There were some errors setting the name, please contact the administrator"), frappe.NameError)
	name = name.strip()
	if not frappe.get_meta(doctype).get("issingle") and (doctype == name) and (name != "DocType"):
		frappe.throw(_("Name of {0} cannot be {1}").format(doctype, name), frappe.NameError)
	special_characters = "<>"
	if re.findall(f"[{special_characters}]+", name):
		message = ", ".join(f"'{c}'" for c in special_characters)
		frappe.throw(_("Name cannot contain special characters like {0}").format(message), frappe.NameError)
	return name


def append_number_if_name_exists(doctype, value, fieldname="name", separator="-", filters=None):
	if not filters:
		filters = dict()
	filters.update({fieldname: value})
	exists = frappe.db.exists(doctype, filters)
	regex = f"^{re.escape(value)}{separator}\\d+$"
	if exists:
		last = frappe.db.sql(
			f"""SELECT `{fieldname}` FROM `tab{doctype}`
			WHERE `{fieldname}` {frappe.db.REGEX_CHARACTER} %s
			ORDER BY length({fieldname}) DESC,
			`{fieldname}` DESC LIMIT 1""",
			(regex,),
		)
		count = str(cint(last[0][0].rsplit(separator, 1)[1]) + 1) if last else "1"
		value = f"{value}{separator}{count}"
	return value


def _set_amended_name(doc):
	am_id = 1
	am_prefix = doc.amended_from
	if frappe.db.get_value(doc.doctype, doc.amended_from, "amended_from"):
		am_id = cint(doc.amended_from.split("-")[-1]) + 1
		am_prefix = "-".join(doc.amended_from.split("-")[:-1])
	doc.name = am_prefix + "-" + str(am_id)
	return doc.name


def _field_autoname(autoname, doc, skip_slicing=None):
	fieldname = autoname if skip_slicing else autoname[6:]
	return (cstr(doc.get(fieldname)) or "").strip()


def _prompt_autoname(autoname, doc):
	if not doc.name:
		frappe.throw(_("Please set the document name"))


def _format_autoname(autoname, doc):
	"""'format:LOG-{MM}-{fieldname1}-{#####}': braced params replaced, the rest kept."""
	first_colon_index = autoname.find(":")
	autoname_value = autoname[first_colon_index + 1 :]

	def get_param_value_for_word_match(match):
		param = match.group()
		return parse_naming_series([param[1:-1]], doc=doc)

	def get_param_value_for_hash_match(patterned_string):
		def get_param_value(match):
			param = match.group()
			key = patterned_string[: patterned_string.find(param)]
			return parse_naming_series([param[1:-1]], doc=doc, key=key)

		return get_param_value

	autoname_value = BRACED_PARAMS_WORD_PATTERN.sub(get_param_value_for_word_match, autoname_value)
	return BRACED_PARAMS_HASH_PATTERN.sub(get_param_value_for_hash_match(autoname_value), autoname_value)
