"""Helpers of frappe/utils/data.py (v15) with their real signatures.

Stand-in notes: dates are parsed with ISO formats only (real Frappe uses dateutil, which
also accepts free-form dates); ``now_datetime`` is the machine's local time (real Frappe
converts UTC to the System Settings time zone).
"""

import datetime
import math
import operator
import random
import re
import string

DATE_FORMAT = "%Y-%m-%d"
TIME_FORMAT = "%H:%M:%S.%f"
DATETIME_FORMAT = f"{DATE_FORMAT} {TIME_FORMAT}"

DateTimeLikeObject = str | datetime.date | datetime.datetime


def as_unicode(text, encoding="utf-8"):
	if isinstance(text, str):
		return text
	elif text is None:
		return ""
	elif isinstance(text, bytes):
		return str(text, encoding)
	return str(text)


def cstr(s, encoding="utf-8"):
	return as_unicode(s, encoding)


def sbool(x):
	"""Convert "true"/"false" strings (any case) to bools; other values pass through."""
	try:
		val = x.lower()
		if val in ("true", "1"):
			return True
		elif val in ("false", "0"):
			return False
		return x
	except Exception:
		return x


def flt(s, precision=None, rounding_method=None):
	"""Convert to float (ignoring commas in strings); 0.0 when it is not a number."""
	if isinstance(s, str):
		s = s.replace(",", "")
	try:
		num = float(s)
		if precision is not None:
			num = rounded(num, precision, rounding_method)
	except Exception:
		num = 0.0
	return num


def cint(s, default=0):
	"""Convert to integer (via float); ``default`` when it is not a number."""
	try:
		return int(float(s))
	except Exception:
		return default


def rounded(num, precision=0, rounding_method=None):
	"""Round like Frappe's default "Banker's Rounding (legacy)" method."""
	precision = cint(precision)
	rounding_method = rounding_method or "Banker's Rounding (legacy)"
	if rounding_method == "Commercial Rounding":
		return _commercial(num, precision)
	multiplier = 10**precision
	num = round(num * multiplier if precision else num, 8)
	floor_num = math.floor(num)
	decimal_part = num - floor_num
	if not precision and decimal_part == 0.5:
		num = floor_num if (floor_num % 2 == 0) else floor_num + 1
	else:
		if decimal_part == 0.5:
			num = floor_num + 1
		else:
			num = round(num)
	return (num / multiplier) if precision else num


def _commercial(num, precision):
	multiplier = 10**precision
	sign = -1 if num < 0 else 1
	return sign * math.floor(abs(num) * multiplier + 0.5) / multiplier


def now_datetime():
	return datetime.datetime.now()


def get_datetime_str(datetime_obj):
	if isinstance(datetime_obj, str):
		datetime_obj = get_datetime(datetime_obj)
	return datetime_obj.strftime(DATETIME_FORMAT)


def now():
	"""Current datetime as a string, e.g. ``2024-01-31 14:02:03.123456``."""
	return now_datetime().strftime(DATETIME_FORMAT)


def nowdate():
	return now_datetime().strftime(DATE_FORMAT)


def today():
	return nowdate()


def nowtime():
	return now_datetime().strftime(TIME_FORMAT)


_DT_PATTERN = re.compile(
	r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*$"
)


def _parse(value: str, what: str):
	m = _DT_PATTERN.match(value.strip())
	if not m:
		from frappe.exceptions import ValidationError

		raise ValidationError(f"{value!r} is not a valid {what} (expected YYYY-MM-DD[ HH:MM[:SS[.ffffff]]])")
	y, mo, d, h, mi, s, f = m.groups()
	return datetime.datetime(
		int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), int((f or "0").ljust(6, "0"))
	)


def is_invalid_date_string(date_string):
	return (not date_string) or (date_string or "").startswith(("0001-01-01", "0000-00-00"))


def getdate(string_date=None, parse_day_first=False):
	"""Return a date; today when empty, None for "0001-01-01"."""
	if not string_date:
		return get_datetime().date()
	if isinstance(string_date, datetime.datetime):
		return string_date.date()
	elif isinstance(string_date, datetime.date):
		return string_date
	if is_invalid_date_string(string_date):
		return None
	return _parse(cstr(string_date), "date").date()


def get_datetime(datetime_str=None):
	if datetime_str is None:
		return now_datetime()
	if isinstance(datetime_str, datetime.datetime):
		return datetime_str
	if isinstance(datetime_str, datetime.date):
		return datetime.datetime.combine(datetime_str, datetime.time())
	if isinstance(datetime_str, datetime.timedelta):
		return datetime_str  # as v15: a timedelta is returned unchanged
	if is_invalid_date_string(datetime_str):
		return None
	return _parse(cstr(datetime_str), "datetime")


def get_timedelta(time=None):
	"""timedelta from a time string ("17:21:00"); "0:0:0" when empty; None when invalid."""
	if isinstance(time, datetime.timedelta):
		return time
	if isinstance(time, datetime.time):
		return datetime.timedelta(
			hours=time.hour, minutes=time.minute, seconds=time.second, microseconds=time.microsecond
		)
	if isinstance(time, datetime.datetime):
		time = time.time()
		return get_timedelta(time)
	time = time or "0:0:0"
	text = cstr(time).strip()
	if " " in text:  # '2012-01-19 17:21:00'
		text = text.split()[-1]
	m = re.match(r"^\s*(\d+):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?\s*$", text)
	if not m:
		return None
	h, mi, s, f = m.groups()
	return datetime.timedelta(
		hours=int(h), minutes=int(mi), seconds=int(s or 0), microseconds=int((f or "0").ljust(6, "0"))
	)


def get_time(time_str):
	if isinstance(time_str, datetime.datetime):
		return time_str.time()
	if isinstance(time_str, datetime.time):
		return time_str
	td = get_timedelta(time_str)
	return (datetime.datetime.min + td).time() if td is not None else None


def _add_months(value, months):
	month = value.month - 1 + months
	year = value.year + month // 12
	month = month % 12 + 1
	import calendar

	day = min(value.day, calendar.monthrange(year, month)[1])
	return value.replace(year=year, month=month, day=day)


def add_to_date(
	date,
	years=0,
	months=0,
	weeks=0,
	days=0,
	hours=0,
	minutes=0,
	seconds=0,
	as_string=False,
	as_datetime=False,
):
	"""Add to a date/datetime; a string in gives a string out (with time if it had one)."""
	if date is None:
		date = now_datetime()
	if hours:
		as_datetime = True
	if isinstance(date, str):
		as_string = True
		if " " in date.strip():
			as_datetime = True
		date = _parse(date, "date")
		if not as_datetime:
			date = date.date()
	if years or months:
		date = _add_months(date, cint(years) * 12 + cint(months))
	delta = datetime.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
	if isinstance(date, datetime.datetime) or not (hours or minutes or seconds):
		date = date + delta
	else:
		date = datetime.datetime.combine(date, datetime.time()) + delta
	if as_string:
		if as_datetime:
			return date.strftime(DATETIME_FORMAT)
		return date.strftime(DATE_FORMAT)
	return date


def add_days(date, days):
	return add_to_date(date, days=days)


def add_months(date, months):
	return add_to_date(date, months=months)


def add_years(date, years):
	return add_to_date(date, years=years)


def date_diff(string_ed_date, string_st_date):
	"""Days from start to end: ``date_diff(end, start)``."""
	return (getdate(string_ed_date) - getdate(string_st_date)).days


def month_diff(string_ed_date, string_st_date):
	ed, st = getdate(string_ed_date), getdate(string_st_date)
	return (ed.year - st.year) * 12 + ed.month - st.month + 1


def time_diff(string_ed_date, string_st_date):
	return get_datetime(string_ed_date) - get_datetime(string_st_date)


def time_diff_in_seconds(string_ed_date, string_st_date):
	return time_diff(string_ed_date, string_st_date).total_seconds()


def time_diff_in_hours(string_ed_date, string_st_date):
	return round(float(time_diff(string_ed_date, string_st_date).total_seconds()) / 3600, 6)


def _user_format(fmt):
	return fmt.replace("yyyy", "%Y").replace("mm", "%m").replace("MM", "%m").replace("dd", "%d").replace("HH", "%H").replace("ss", "%S")


def format_date(string_date=None, format_string=None, parse_day_first=False):
	"""Date in the user's format (default System Settings format yyyy-mm-dd)."""
	if not string_date:
		return ""
	date = getdate(string_date)
	return date.strftime(_user_format(format_string or "yyyy-mm-dd")) if date else ""


formatdate = format_date


def format_datetime(datetime_string, format_string=None):
	if not datetime_string:
		return None
	dt = get_datetime(datetime_string)
	return dt.strftime("%Y-%m-%d %H:%M:%S" if not format_string else _user_format(format_string).replace("%m:", "%M:"))


def random_string(length: int) -> str:
	"""Random string of letters and digits."""
	from secrets import choice

	return "".join(choice(string.ascii_letters + string.digits) for _ in range(length))


def cast(fieldtype, value=None):
	"""Cast ``value`` to the Python type of ``fieldtype`` (frappe.utils.data.cast)."""
	if fieldtype in ("Currency", "Float", "Percent"):
		return flt(value)
	if fieldtype in ("Int", "Check"):
		return cint(sbool(value))
	if value is None:
		return value
	if fieldtype in (
		"Data",
		"Text",
		"Small Text",
		"Long Text",
		"Text Editor",
		"Select",
		"Link",
		"Dynamic Link",
	):
		return cstr(value)
	if fieldtype == "Date":
		return getdate(value) if value else None
	if fieldtype == "Datetime":
		return get_datetime(value) if value else None
	if fieldtype == "Time":
		return get_timedelta(value)
	return value


def cast_fieldtype(fieldtype, value, show_warning=True):
	return cast(fieldtype, value)


def bold(text):
	return f"<strong>{text}</strong>"


def strip_html(text):
	return re.sub(r"<[^>]*>", "", cstr(text))


strip_html_tags = strip_html


def is_html(text):
	if not isinstance(text, str):
		return False
	return bool(re.search(r"<(b|div|p|span|strong|a|br|ul|li|ol|h\d|table|i|em|img)[\s/>]", text))


def escape_html(text):
	if not isinstance(text, str):
		return text
	return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace(
		"'", "&#39;"
	)


def sanitize_html(html, linkify=False, always_sanitize=False):
	"""Frappe's bleach sanitizer (frappe.utils.html_utils.sanitize_html, imported here in v15 too)."""
	from frappe.utils.html_utils import sanitize_html as sanitize

	return sanitize(html, linkify=linkify, always_sanitize=always_sanitize)


def split_emails(txt):
	return [e.strip() for e in re.split(r"[,\n;]", cstr(txt)) if e.strip()]


_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def validate_email_address(email_str, throw=False):
	out = []
	for e in split_emails(email_str):
		if _EMAIL.match(e):
			out.append(e)
		elif throw:
			import frappe

			frappe.throw(
				frappe._("{0} is not a valid Email Address").format(e), frappe.InvalidEmailAddressError
			)
	return ", ".join(out)


def comma_and(some_list, add_quotes=True):
	return _comma(some_list, "and", add_quotes)


def comma_or(some_list, add_quotes=True):
	return _comma(some_list, "or", add_quotes)


def _comma(some_list, sep, add_quotes):
	if isinstance(some_list, list | tuple):
		some_list = [f"'{s}'" if add_quotes else str(s) for s in some_list]
		if not some_list:
			return ""
		if len(some_list) == 1:
			return some_list[0]
		return ", ".join(some_list[:-1]) + f" {sep} " + some_list[-1]
	return some_list


def get_url(uri=None, full_address=False):
	import frappe

	host = (getattr(frappe.local, "conf", None) or {}).get("host_name") or "http://localhost:8000"
	if uri and uri.startswith(("http://", "https://")):
		return uri
	return host.rstrip("/") + ("/" + uri.lstrip("/") if uri else "")


def get_absolute_url(doctype, name):
	return f"/app/{doctype.lower().replace(' ', '-')}/{name}"


def get_link_to_form(doctype, name, label=None):
	return f'<a href="{get_absolute_url(doctype, name)}">{label or name}</a>'


def get_number_format_info(format):
	return ".", ",", 2


def fmt_money(amount, precision=None, currency=None, format=None):
	amount = flt(amount, precision if precision is not None else 2)
	text = f"{amount:,.{precision if precision is not None else 2}f}"
	return f"{currency} {text}" if currency else text


operator_map = {
	"in": lambda a, b: operator.contains(b, a),
	"not in": lambda a, b: not operator.contains(b, a),
	"=": operator.eq,
	"!=": operator.ne,
	">": operator.gt,
	"<": operator.lt,
	">=": operator.ge,
	"<=": operator.le,
	"not None": lambda a, b: a is not None,
	"None": lambda a, b: a is None,
	"^": lambda a, b: cstr(a).startswith(b),
	"is": lambda a, b: (a not in (None, "", 0)) if b == "set" else (a in (None, "", 0)),
}


def compare(val1, condition, val2, fieldtype=None):
	if fieldtype:
		val1 = cast(fieldtype, val1)
		val2 = cast(fieldtype, val2)
	if condition in operator_map:
		return operator_map[condition](val1, val2)
	return False


def get_filter(doctype, f, filters_config=None):
	"""Normalise a filter to ``_dict(doctype, fieldname, operator, value)``."""
	import frappe

	if isinstance(f, dict):
		key, value = next(iter(f.items()))
		f = make_filter_tuple(doctype, key, value)
	if not isinstance(f, list | tuple):
		frappe.throw(frappe._("Filter must be a tuple or list (in a list)"))
	if len(f) == 3:
		f = (doctype, f[0], f[1], f[2])
	elif len(f) > 4:
		f = f[0:4]
	elif len(f) != 4:
		frappe.throw(
			frappe._("Filter must have 4 values (doctype, fieldname, operator, value): {0}").format(str(f))
		)
	f = frappe._dict(doctype=f[0], fieldname=f[1], operator=f[2], value=f[3])
	f.operator = (f.operator or "=").lower().strip()
	if f.operator == "==":
		f.operator = "="
	valid = (
		"=",
		"!=",
		">",
		"<",
		">=",
		"<=",
		"like",
		"not like",
		"in",
		"not in",
		"is",
		"between",
		"descendants of",
		"ancestors of",
		"not descendants of",
		"not ancestors of",
		"descendants of (inclusive)",
		"timespan",
		"previous",
		"next",
	)
	if f.operator not in valid:
		frappe.throw(frappe._("Operator must be one of {0}").format(", ".join(valid)))
	return f


def make_filter_tuple(doctype, key, value):
	if isinstance(value, list | tuple):
		return [doctype, key, value[0], value[1]]
	return [doctype, key, "=", value]


def make_filter_dict(filters):
	import frappe

	out = frappe._dict()
	for f in filters:
		out[f[1]] = [f[2], f[3]]
	return out


def get_first_day(dt, d_years=0, d_months=0, as_str=False):
	"""First day of the month of ``dt`` (plus ``d_years``/``d_months``)."""
	dt = getdate(dt)
	overflow_years, month = divmod(dt.month + d_months - 1, 12)
	year = dt.year + d_years + overflow_years
	first = datetime.date(year, month + 1, 1)
	return first.strftime(DATE_FORMAT) if as_str else first


def get_last_day(dt):
	return get_first_day(dt, 0, 1) + datetime.timedelta(-1)


def get_year_start(dt, as_str=False):
	dt = getdate(dt)
	date = datetime.date(dt.year, 1, 1)
	return date.strftime(DATE_FORMAT) if as_str else date


def get_year_ending(date):
	date = getdate(date)
	return add_to_date(datetime.date(date.year + 1, 1, 1), days=-1)


WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


def get_first_day_of_the_week():
	"""System Settings' first day of the week; the stand-in has no System Settings: "Sunday", the
	real default."""
	import frappe

	return frappe.get_system_settings("first_day_of_the_week") or "Sunday"


def get_first_day_of_week(dt, as_str=False):
	dt = getdate(dt)
	# weekday index starting Sunday with 0 (real get_normalized_weekday_index)
	offset = ((dt.weekday() + 1) % 7 - WEEKDAYS.index(get_first_day_of_the_week())) % 7
	date = dt - datetime.timedelta(days=offset)
	return date.strftime(DATE_FORMAT) if as_str else date


def get_last_day_of_week(dt):
	return get_first_day_of_week(dt) + datetime.timedelta(days=6)


def get_quarter_start(dt, as_str=False):
	date = getdate(dt)
	first = datetime.date(date.year, ((date.month - 1) // 3) * 3 + 1, 1)
	return first.strftime(DATE_FORMAT) if as_str else first


def get_quarter_ending(date):
	date = getdate(date)
	return get_last_day(datetime.date(date.year, ((date.month - 1) // 3) * 3 + 3, 1))


def _span(first, last, **delta):
	"""(first(today + delta), last(today + delta)) as a timespan of get_timespan_date_range."""
	return lambda today: (first(add_to_date(today, **delta)), last(add_to_date(today, **delta)))


def _days(start, end):
	return lambda today: (add_to_date(today, days=start), add_to_date(today, days=end))


_TIMESPANS = {
	"last 7 days": _days(-7, 0),
	"last 14 days": _days(-14, 0),
	"last 30 days": _days(-30, 0),
	"last 90 days": _days(-90, 0),
	"last week": _span(get_first_day_of_week, get_last_day_of_week, days=-7),
	"last month": _span(get_first_day, get_last_day, months=-1),
	"last quarter": _span(get_quarter_start, get_quarter_ending, months=-3),
	"last 6 months": lambda today: (
		get_quarter_start(add_to_date(today, months=-6)),
		get_quarter_ending(add_to_date(today, months=-3)),
	),
	"last year": _span(get_year_start, get_year_ending, years=-1),
	"yesterday": _days(-1, -1),
	"today": _days(0, 0),
	"tomorrow": _days(1, 1),
	"this week": _span(get_first_day_of_week, get_last_day_of_week),
	"this month": _span(get_first_day, get_last_day),
	"this quarter": _span(get_quarter_start, get_quarter_ending),
	"this year": _span(get_year_start, get_year_ending),
	"next 7 days": _days(0, 7),
	"next 14 days": _days(0, 14),
	"next 30 days": _days(0, 30),
	"next week": _span(get_first_day_of_week, get_last_day_of_week, days=7),
	"next month": _span(get_first_day, get_last_day, months=1),
	"next quarter": _span(get_quarter_start, get_quarter_ending, months=3),
	"next 6 months": lambda today: (
		get_quarter_start(add_to_date(today, months=3)),
		get_quarter_ending(add_to_date(today, months=6)),
	),
	"next year": _span(get_year_start, get_year_ending, years=1),
}


def get_timespan_date_range(timespan):
	"""(from, to) dates of a named timespan ("today", "last week", ...) or None for an unknown one."""
	span = _TIMESPANS.get(timespan)
	return span(getdate()) if span else None


def get_abbr(string, max_len=2):
	abbr = ""
	for part in string.split(" "):
		if len(abbr) < max_len and part:
			abbr += part[0]
	return abbr or "?"


def get_timestamp(date):
	import time

	return time.mktime(getdate(date).timetuple())


def get_date_str(date_obj):
	if isinstance(date_obj, str):
		date_obj = get_datetime(date_obj)
	return date_obj.strftime(DATE_FORMAT)


def get_time_str(timedelta_obj):
	if isinstance(timedelta_obj, str):
		timedelta_obj = get_timedelta(timedelta_obj)
	hours, remainder = divmod(timedelta_obj.seconds, 3600)
	minutes, seconds = divmod(remainder, 60)
	return f"{hours}:{minutes}:{seconds}"


def format_time(time_string=None, format_string=None):
	if not time_string:
		return ""
	return get_time(time_string).strftime("%H:%M:%S")


def format_duration(seconds, hide_days=False):
	"""12885 -> '3h 34m 45s' (as v15)."""
	seconds = cint(seconds)
	negative = seconds < 0
	seconds = abs(seconds)
	days = (seconds // (3600 * 24)) if not hide_days else 0
	hours = ((seconds % (3600 * 24)) // 3600) if not hide_days else (seconds // 3600)
	minutes = (seconds % 3600) // 60
	seconds = seconds % 60
	parts = [f"{v}{u}" for v, u in ((days, "d"), (hours, "h"), (minutes, "m"), (seconds, "s")) if v]
	duration = " ".join(parts)
	return ("-" + duration) if negative and duration else duration


def floor(s):
	return math.floor(flt(s))


def ceil(s):
	return math.ceil(flt(s))


def pretty_date(iso_datetime):
	"""Rough human form ('2 hours ago'); real Frappe also translates it."""
	if not iso_datetime:
		return ""
	diff = now_datetime() - get_datetime(iso_datetime)
	seconds = int(diff.total_seconds())
	for limit, unit in ((60, "second"), (3600, "minute"), (86400, "hour"), (86400 * 30, "day")):
		if seconds < limit:
			div = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}[unit]
			n = max(seconds // div, 1) if unit != "second" else seconds
			return "just now" if unit == "second" else f"{n} {unit}{'s' if n != 1 else ''} ago"
	return getdate(iso_datetime).strftime(DATE_FORMAT)


def is_json(text):
	import json

	try:
		json.loads(text)
	except Exception:
		return False
	return True
