"""frappe.utils: re-exports frappe.utils.data like real Frappe, plus small helpers."""

import hashlib
import os

from frappe.utils.data import *  # noqa: F403
from frappe.utils.data import (  # noqa: F401
	DATE_FORMAT,
	DATETIME_FORMAT,
	TIME_FORMAT,
	_parse,
	cast,
	cint,
	cstr,
	flt,
	get_datetime,
	getdate,
	now,
	now_datetime,
)


def get_fullname(user=None):
	import frappe

	user = user or frappe.session.user
	return frappe.db.get_value("User", user, "full_name") or user


def touch_file(path):
	with open(path, "a"):
		os.utime(path, None)
	return path


def get_traceback(with_context=False):
	import traceback

	return traceback.format_exc()


def has_common(l1, l2):
	"""Return truthy value if there are common elements in lists l1 and l2 (frappe/utils/__init__.py)."""
	return set(l1) & set(l2)


def strip(val, chars=None):
	return (val or "").replace("\ufeff", "").replace("\u200b", "").strip(chars)


def unique(seq):
	seen = set()
	return [x for x in seq if not (x in seen or seen.add(x))]


def get_site_name(hostname):
	return hostname.split(":")[0]


def encode(obj, encoding="utf-8"):
	return obj.encode(encoding) if isinstance(obj, str) else obj


def sha256_hash(text):
	return hashlib.sha256(encode(text)).hexdigest()


def validate_python_code(string, fieldname=None, is_expression=True):
	return None


def validate_phone_number_with_country_code(phone_number, fieldname):
	return None


def validate_phone_number(phone_number, throw=False):
	return True


def validate_name(name, throw=False):
	return True


def validate_url(txt, throw=False, valid_schemes=None):
	return True


def is_a_property(x):
	return isinstance(x, property)
