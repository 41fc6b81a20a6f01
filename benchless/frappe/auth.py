"""benchless stand-in for frappe/auth.py and the Session part of frappe/sessions.py (v15).

Per request (``HTTPRequest``): request ip, ``CookieManager``, ``LoginManager`` (which logs in
for ``/api/method/login`` or ``cmd=login``, otherwise resumes the ``sid`` cookie session or
falls back to Guest), then ``validate_auth()`` for ``Authorization: token key:secret`` /
``Basic base64(key:secret)`` headers.

Storage, as real Frappe (MariaDB tables, here SQLite in the site database):
- ``__Auth``: login password hashes and API secrets, through the ORM side's
  ``frappe.utils.password`` (the stand-in stores API secrets unencrypted; see there).
- ``tabSessions`` (sid, user, sessiondata, ipaddress, lastupdate, status, device). Real
  Frappe keeps live sessions in redis and the table as backup; here the table is the store.
  A used session's record (and User.last_active) is refreshed at most every 600 s, which
  slides its expiry (``session_expiry``, default 240:00 hours), as sessions.py does.
  The session record is written by ``Session.update()`` after the request's own
  commit/rollback (as app.py:sync_database calls it), so a GET login keeps its session.

Responses follow real Frappe: a good login answers ``{"message": "Logged In",
"home_page": "/app", "full_name": ...}`` ("No App" and the website home for Website Users)
and sets the ``sid`` (httponly), ``system_user``, ``full_name``, ``user_id``, ``user_image``
cookies; wrong credentials raise AuthenticationError (401) with ``message`` "Invalid login
credentials" and clear those cookies. A bad API key/secret is 401 too; an unknown or expired
``sid`` silently becomes Guest.
"""

import base64
import binascii
import datetime
import hmac
import json
import os
import secrets
import threading
from urllib.parse import quote, unquote

from werkzeug.wrappers import Response

import frappe

SAFE_HTTP_METHODS = frozenset(("GET", "HEAD", "OPTIONS"))
UNSAFE_HTTP_METHODS = frozenset(("POST", "PUT", "DELETE", "PATCH"))
MAX_PASSWORD_SIZE = 512
DEFAULT_SESSION_EXPIRY = "240:00"  # hours:minutes; System Settings.session_expiry

STANDARD_USER_INFO = {
	"Guest": {"user_type": "Website User", "first_name": "Guest", "last_name": None, "user_image": None, "enabled": 1},
	"Administrator": {
		"user_type": "System User",
		"first_name": "Administrator",
		"last_name": None,
		"user_image": None,
		"enabled": 1,
	},
}


def _(msg):
	translate = getattr(frappe, "_", None)
	return translate(msg) if translate else msg


def get_request_header(key, default=None):
	request = getattr(frappe.local, "request", None)
	if not request:
		return default
	return request.headers.get(key, default)


# --------------------------------------------------------------------------------------
# tables

_tables_ready: set = set()
_tables_lock = threading.Lock()

SESSIONS_TABLE_SQL = """create table if not exists `tabSessions` (
	`sid` varchar(255) primary key,
	`user` varchar(255) collate nocase,
	`sessiondata` text,
	`ipaddress` varchar(16),
	`lastupdate` datetime,
	`status` varchar(20),
	`device` varchar(255) default 'desktop'
)"""


def ensure_auth_tables(force: bool = False) -> None:
	"""Create ``tabSessions`` in the site database if missing (checked once per site per
	process). ``__Auth`` belongs to the ORM side (frappe.model.sync / frappe.utils.password)."""
	site_path = getattr(frappe.local, "site_path", None) or getattr(frappe.local, "site", None) or ""
	try:  # a site re-created at the same path gets a new site_config.json: check again
		stamp = os.stat(os.path.join(site_path, "site_config.json")).st_mtime_ns
	except OSError:
		stamp = None
	key = (site_path, stamp)
	if not force and key in _tables_ready:
		return
	with _tables_lock:
		exists = frappe.db.sql("select name from sqlite_master where type='table' and name='tabSessions'")
		if not exists:
			frappe.db.sql(SESSIONS_TABLE_SQL)
			frappe.db.commit()
		_tables_ready.add(key)


# passwords: the ORM side's frappe/utils/password.py (``__Auth``); re-exported here
from frappe.utils.password import (  # noqa: E402
	check_password,
	get_decrypted_password,
	set_encrypted_password,
	update_password,
)


# --------------------------------------------------------------------------------------
# users


def get_user_info(user: str) -> dict | None:
	fields = ["name", "user_type", "first_name", "last_name", "user_image", "enabled"]
	row = None
	try:
		row = frappe.db.get_value("User", user, fields, as_dict=True)
	except Exception:
		row = None
	if row:
		return dict(row)
	if user in STANDARD_USER_INFO:
		return {"name": user, **STANDARD_USER_INFO[user]}
	return None


def find_by_credentials(user_name: str, password: str):
	"""frappe.core.doctype.user.user.User.find_by_credentials: match the User by name
	(case-insensitively, as MariaDB does), then check the password."""
	rows = frappe.db.sql("select `name`, `enabled` from `tabUser` where lower(`name`)=lower(%s) limit 1", (user_name,))
	if not rows:
		if user_name != "Administrator":
			return None
		rows = [("Administrator", 1)]
	user = frappe._dict(name=rows[0][0], enabled=rows[0][1], is_authenticated=True)
	try:
		check_password(user.name, password)
	except frappe.AuthenticationError:
		user.is_authenticated = False
	return user


# --------------------------------------------------------------------------------------
# sessions (frappe/sessions.py)


def get_expiry_in_seconds(expiry=None) -> int:
	conf = getattr(frappe.local, "conf", None) or {}
	expiry = expiry or conf.get("session_expiry") or DEFAULT_SESSION_EXPIRY
	parts = str(expiry).split(":")
	return int(parts[0]) * 3600 + int(parts[1] if len(parts) > 1 else 0) * 60 + int(parts[2] if len(parts) > 2 else 0)


def _now():
	return datetime.datetime.now().replace(microsecond=0)


class Session:
	__slots__ = ("_write", "data", "device", "full_name", "sid", "time_diff", "user", "user_type")

	def __init__(self, user, resume=False, full_name=None, user_type=None):
		self.sid = None
		self.user = user
		self.device = "desktop"
		self.user_type = user_type
		self.full_name = full_name
		self.data = frappe._dict({"data": frappe._dict({})})
		self.time_diff = None
		self._write = False

		if resume:
			self.resume()
		elif self.user:
			self.start()

	def start(self):
		if self.user == "Guest":
			sid = "Guest"
		else:
			sid = secrets.token_hex(28)
		self.sid = sid
		self.data.user = self.user
		self.data.sid = sid
		self.data.data.user = self.user
		self.data.data.session_ip = getattr(frappe.local, "request_ip", None)
		if self.user != "Guest":
			self.data.data.update(
				{
					"last_updated": str(_now()),
					"session_expiry": get_expiry_in_seconds(),
					"full_name": self.full_name,
					"user_type": self.user_type,
				}
			)
			self._write = True

	def start_as_guest(self):
		self.user = "Guest"
		self.start()

	def resume(self):
		data = self.get_session_record()
		if data:
			self.data.update({"data": data, "user": data.user, "sid": self.sid})
			self.user = data.user
		else:
			self.start_as_guest()

	def get_session_record(self):
		request = getattr(frappe.local, "request", None)
		cookie_sid = unquote(request.cookies.get("sid", "Guest")) if request else "Guest"
		self.sid = str(frappe.form_dict.get("sid") or cookie_sid or "Guest")
		if self.sid == "Guest":
			return None
		ensure_auth_tables()
		rows = frappe.db.sql(
			"select `user`, `sessiondata`, `lastupdate` from `tabSessions` where `sid`=%s and `status`='Active'",
			(self.sid,),
		)
		if not rows:
			return None
		user, sessiondata, lastupdate = rows[0]
		if isinstance(lastupdate, str):
			lastupdate = datetime.datetime.fromisoformat(lastupdate)
		if lastupdate and (_now() - lastupdate).total_seconds() > get_expiry_in_seconds():
			return None
		data = frappe._dict(json.loads(sessiondata or "{}"))
		data.user = user
		return data

	def update(self, force=False, defer=False) -> bool:
		"""Write the session record when new or changed; commits (real sessions.py:Session.update).
		``defer`` only marks it for the write app.py does after the request's commit/rollback."""
		if defer:
			self._write = True
			return False
		if self.sid in (None, "Guest") or self.user == "Guest":
			return False
		if not (self._write or force):
			# real: the record is refreshed at most every 600 s, which slides the expiry
			last = self.data.data.get("last_updated")
			try:
				age = (_now() - datetime.datetime.fromisoformat(str(last))).total_seconds() if last else None
			except ValueError:
				age = None
			if age is not None and age <= 600:
				return False
			try:
				frappe.db.set_value("User", self.user, "last_active", _now(), update_modified=False)
			except Exception:
				pass
		ensure_auth_tables()
		self.data.data["last_updated"] = str(_now())
		record = {k: v for k, v in self.data.data.items()}
		frappe.db.sql("delete from `tabSessions` where `sid`=%s", (self.sid,))
		frappe.db.sql(
			"insert into `tabSessions` (`sid`, `user`, `sessiondata`, `ipaddress`, `lastupdate`, `status`, `device`)"
			" values (%s, %s, %s, %s, %s, 'Active', %s)",
			(
				self.sid,
				self.user,
				json.dumps(record, default=str),
				getattr(frappe.local, "request_ip", None),
				str(_now()),
				self.device,
			),
		)
		frappe.db.commit()
		self._write = False
		return True


def delete_session(sid=None, user=None, reason="Session Expired"):
	if not sid:
		return
	ensure_auth_tables()
	frappe.db.sql("delete from `tabSessions` where `sid`=%s", (sid,))


def clear_sessions(user=None, keep_current=False, force=False):
	ensure_auth_tables()
	user = user or frappe.session.user
	if keep_current:
		frappe.db.sql("delete from `tabSessions` where `user`=%s and `sid`!=%s", (user, frappe.session.sid))
	else:
		frappe.db.sql("delete from `tabSessions` where `user`=%s", (user,))


def _become(user: str, session_data) -> None:
	"""Point frappe.session at ``session_data`` for ``user``. Uses H1's set_user for its
	per-user caches, then restores form_dict (real set_user clears it)."""
	form_dict = getattr(frappe.local, "form_dict", None)
	set_user = getattr(frappe, "set_user", None)
	if set_user is not None:
		set_user(user)
	if form_dict is not None:
		frappe.local.form_dict = form_dict
	session = getattr(frappe.local, "session", None)
	if session is None or not isinstance(session, dict):
		frappe.local.session = frappe._dict()
	frappe.local.session.update(session_data)
	frappe.local.session.user = user


# --------------------------------------------------------------------------------------
# request


class HTTPRequest:
	def __init__(self):
		self.set_request_ip()
		self.set_cookies()
		self.set_session()
		self.validate_csrf_token()
		frappe.local.cookie_manager.init_cookies()

	def set_request_ip(self):
		if get_request_header("X-Forwarded-For"):
			frappe.local.request_ip = get_request_header("X-Forwarded-For").split(",", 1)[0].strip()
		elif getattr(frappe.local.request, "remote_addr", None):
			frappe.local.request_ip = frappe.local.request.remote_addr
		else:
			frappe.local.request_ip = "127.0.0.1"

	def set_cookies(self):
		frappe.local.cookie_manager = CookieManager()

	def set_session(self):
		frappe.local.login_manager = LoginManager()

	def validate_csrf_token(self):
		request = getattr(frappe.local, "request", None)
		session = getattr(frappe.local, "session", None)
		conf = getattr(frappe.local, "conf", None) or {}
		data = (session or {}).get("data") or {}
		saved_token = data.get("csrf_token") if isinstance(data, dict) else None
		if (
			not request
			or request.method not in UNSAFE_HTTP_METHODS
			or conf.get("ignore_csrf")
			or not session
			or not saved_token
			or (get_request_header("X-Frappe-CSRF-Token") or frappe.form_dict.pop("csrf_token", None)) == saved_token
			or self.is_allowed_referrer()
		):
			return
		frappe.local.flags.disable_traceback = True
		frappe.throw(_("Invalid Request"), frappe.CSRFTokenError)

	def is_allowed_referrer(self):
		conf = getattr(frappe.local, "conf", None) or {}
		allowed = conf.get("allowed_referrers") or []
		referrer = get_request_header("Referer")
		origin = get_request_header("Origin")
		return bool(
			(referrer and any(referrer.startswith(a) for a in allowed)) or (origin and any(origin == a for a in allowed))
		)


class LoginManager:
	__slots__ = ("full_name", "info", "resume", "user", "user_type")

	def __init__(self):
		self.user = None
		self.info = None
		self.full_name = None
		self.user_type = None
		self.resume = False

		request = getattr(frappe.local, "request", None)
		if frappe.local.form_dict.get("cmd") == "login" or (request and request.path == "/api/method/login"):
			if self.login() is False:
				return
			self.resume = False
		else:
			try:
				self.resume = True
				self.make_session(resume=True)
				self.get_user_info()
				self.set_user_info(resume=True)
			except (AttributeError, frappe.DoesNotExistError):
				self.user = "Guest"
				self.get_user_info()
				self.make_session()
				self.set_user_info()

	def login(self):
		self.run_trigger("before_login")
		self.authenticate()
		frappe.form_dict.pop("pwd", None)
		self.post_login()

	def post_login(self):
		self.run_trigger("on_login")
		self.get_user_info()
		self.make_session()
		self.set_user_info()

	def get_user_info(self):
		info = get_user_info(self.user)
		if not info:
			raise frappe.DoesNotExistError(f"User {self.user} not found")
		self.info = frappe._dict(info)
		self.user_type = self.info.user_type or "System User"

	def set_user_info(self, resume=False):
		frappe.local.cookie_manager.init_cookies()
		self.full_name = " ".join(filter(None, [self.info.first_name, self.info.last_name]))

		if self.user_type == "Website User":
			frappe.local.cookie_manager.set_cookie("system_user", "no")
			if not resume:
				frappe.local.response["message"] = "No App"
				frappe.local.response["home_page"] = "/" + _home_page()
		else:
			frappe.local.cookie_manager.set_cookie("system_user", "yes")
			if not resume:
				frappe.local.response["message"] = "Logged In"
				frappe.local.response["home_page"] = "/app"

		if not resume:
			frappe.response["full_name"] = self.full_name

		frappe.local.cookie_manager.set_cookie("full_name", self.full_name)
		frappe.local.cookie_manager.set_cookie("user_id", self.user)
		frappe.local.cookie_manager.set_cookie("user_image", self.info.user_image or "")

	def make_session(self, resume=False):
		frappe.local.session_obj = Session(
			user=self.user, resume=resume, full_name=self.full_name, user_type=self.user_type
		)
		self.user = frappe.local.session_obj.user
		_become(self.user, frappe.local.session_obj.data)
		if not resume:
			self.run_trigger("on_session_creation")

	def authenticate(self, user=None, pwd=None):
		if not (user and pwd):
			user, pwd = frappe.form_dict.get("usr"), frappe.form_dict.get("pwd")
		if not (user and pwd):
			self.fail(_("Incomplete login details"), user=user)
		if len(pwd) > MAX_PASSWORD_SIZE:
			self.fail(_("Password size exceeded the maximum allowed size"), user=user)

		found = find_by_credentials(user, pwd)
		if not found:
			self.fail("Invalid login credentials", user=user)
		if not found.is_authenticated:
			self.fail("Invalid login credentials", user=found.name)
		elif not (found.name == "Administrator" or found.enabled):
			self.fail("User disabled or missing", user=found.name)
		self.user = found.name

	def fail(self, message, user=None):
		frappe.local.response["message"] = message
		raise frappe.AuthenticationError

	def run_trigger(self, event="on_login"):
		getter = getattr(frappe, "get_hooks", None)
		if getter is None:
			return
		try:
			methods = getter(event) or []
		except Exception:
			methods = []
		for method in methods:
			frappe.get_attr(method)(login_manager=self)

	def login_as_guest(self):
		self.login_as("Guest")

	def login_as(self, user):
		self.user = user
		self.post_login()

	def logout(self, arg="", user=None):
		if not user:
			user = frappe.session.user
		self.run_trigger("on_logout")
		if user == frappe.session.user:
			delete_session(frappe.session.sid, user=user, reason="User Manually Logged Out")
			self.clear_cookies()
			if getattr(frappe.local, "request", None):
				self.login_as_guest()
		else:
			clear_sessions(user)

	def clear_cookies(self):
		clear_cookies()


def _home_page():
	getter = getattr(frappe, "get_hooks", None)
	try:
		pages = getter("home_page") if getter else None
	except Exception:
		pages = None
	if pages:
		return (pages[-1] if isinstance(pages, list) else pages).strip("/")
	return "me"


class CookieManager:
	def __init__(self):
		self.cookies = {}
		self.to_delete = []

	def init_cookies(self):
		session = getattr(frappe.local, "session", None)
		if not session or not session.get("sid"):
			return
		self.set_cookie("sid", session.get("sid"), max_age=get_expiry_in_seconds(), httponly=True)

	def set_cookie(
		self, key, value, expires=None, secure=False, httponly=False, samesite="Lax", max_age=None, deduplicate=True
	):
		request = getattr(frappe.local, "request", None)
		if not secure and request is not None:
			secure = request.scheme == "https"
		if (
			deduplicate
			and not (expires or max_age)
			and request is not None
			and unquote(request.cookies.get(key, "")) == (value or "")
			and key in request.cookies
		):
			return  # the browser already has it (real: set_user_info passes deduplicate=True)
		self.cookies[key] = {
			"value": value,
			"expires": expires,
			"secure": secure,
			"httponly": httponly,
			"samesite": samesite,
			"max_age": max_age,
		}

	def delete_cookie(self, to_delete):
		if not isinstance(to_delete, list | tuple):
			to_delete = [to_delete]
		self.to_delete.extend(to_delete)

	def flush_cookies(self, response: Response):
		for key, opts in self.cookies.items():
			if key in self.to_delete:
				continue
			response.set_cookie(
				key,
				quote((opts.get("value") or "").encode("utf-8")),
				expires=opts.get("expires"),
				secure=opts.get("secure"),
				httponly=opts.get("httponly"),
				samesite=opts.get("samesite"),
				max_age=opts.get("max_age"),
			)
		expires = datetime.datetime.now() + datetime.timedelta(days=-1)
		for key in set(self.to_delete):
			response.set_cookie(key, "", expires=expires)


def clear_cookies():
	session = getattr(frappe.local, "session", None)
	if session is not None:
		session["sid"] = ""
	frappe.local.cookie_manager.delete_cookie(["full_name", "user_id", "sid", "user_image", "system_user"])


def get_logged_user():
	return frappe.session.user


# --------------------------------------------------------------------------------------
# header auth


def validate_auth():
	"""Authenticate the request from its Authorization header (token / Basic)."""
	authorization_header = (get_request_header("Authorization", "") or "").split(" ")
	if len(authorization_header) == 2:
		validate_auth_via_api_keys(authorization_header)

	# a token/basic header that did not log anybody in is an error, not Guest
	if len(authorization_header) == 2 and frappe.session.user in ("", "Guest"):
		raise frappe.AuthenticationError


def validate_auth_via_api_keys(authorization_header):
	try:
		auth_type, auth_token = authorization_header
		if auth_type.lower() == "basic":
			api_key, api_secret = base64.b64decode(auth_token).decode().split(":")
			validate_api_key_secret(api_key, api_secret)
		elif auth_type.lower() == "token":
			api_key, api_secret = auth_token.split(":")
			validate_api_key_secret(api_key, api_secret)
	except binascii.Error:
		frappe.throw(
			_("Failed to decode token, please provide a valid base64-encoded token."),
			getattr(frappe, "InvalidAuthorizationToken", frappe.AuthenticationError),
		)
	except (AttributeError, TypeError, ValueError, UnicodeDecodeError):
		pass


def validate_api_key_secret(api_key, api_secret):
	user = frappe.db.get_value("User", {"api_key": api_key, "enabled": 1}, "name")
	if not user:
		raise frappe.AuthenticationError
	doc_secret = get_decrypted_password("User", user, fieldname="api_secret", raise_exception=False)
	if doc_secret and hmac.compare_digest(str(api_secret), str(doc_secret)):
		if frappe.local.login_manager.user in ("", "Guest"):
			data = frappe._dict({"user": user, "sid": user, "data": frappe._dict({"user": user})})
			_become(user, data)
			frappe.local.login_manager.user = user
	else:
		raise frappe.AuthenticationError
