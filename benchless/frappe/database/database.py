"""``frappe.db``: the stand-in's one funnel to SQLite, with the v15 ``Database`` API.

Modelled on frappe/frappe ``frappe/database/database.py`` (v15). EVERY database access of
the stand-in goes through ``Database.sql`` (document inserts, ``get_all``, link checks,
naming series), so a test that wraps ``frappe.db.sql`` or patches
``frappe.db.__class__.sql`` (as v15 ``FrappeTestCase.assertQueryCount`` does) sees every
query.

Translation of MariaDB-style SQL (documented in benchless/README.md):
- ``%s`` / ``%(name)s`` placeholders become SQLite parameters (a list/tuple value expands
  to ``(?, ?, ...)`` like pymysql does); ``%%`` becomes ``%`` when values are given. An
  EMPTY list/tuple raises ProgrammingError: pymysql renders it as ``()`` and MariaDB
  rejects ``in ()`` (ER_PARSE_ERROR 1064), so code must guard the call.
- ``as_dict`` and the other options are keyword-only, as in v15's ``Database.sql``.
- ``FOR UPDATE`` (``NOWAIT`` / ``SKIP LOCKED``) is stripped; the read instead takes
  SQLite's write lock for the rest of the transaction (see below).

Transactions and locks (coarser than InnoDB row locks, never looser):
- a transaction begins lazily at the first statement (``BEGIN``, i.e. deferred);
- the first write, a ``for_update`` read, or a ``savepoint`` turns it into a write
  transaction. If it has only read so far, it is restarted as ``BEGIN IMMEDIATE`` (plain
  reads before the first write behave like READ COMMITTED). From then on the connection
  holds the database's single write lock until ``commit``/``rollback``: two connections
  that lock (or write) *anything* serialize, where MariaDB would only serialize on the
  same rows. A waiter gives up after ``busy_timeout`` seconds with QueryTimeoutError.
"""

import datetime
import decimal
import re
import sqlite3
import threading

import frappe
from frappe.utils.data import cint, cstr, flt, get_datetime, get_timedelta, getdate

DefaultOrderBy = "KEEP_DEFAULT_ORDERING"
BUSY_TIMEOUT_SECONDS = 15

_FOR_UPDATE = re.compile(
	r"\s+(for\s+update(\s+nowait|\s+skip\s+locked|\s+wait\s+\d+)?|lock\s+in\s+share\s+mode)(?=\s*(;|$|limit\b))",
	re.I,
)
_INSERT_IGNORE = re.compile(r"^\s*insert\s+ignore\s+into", re.I)
_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%s|%%|%")
_NO_VALUE = object()
_WRITE = ("insert", "update", "delete", "replace", "create", "drop", "alter")
_converters_registered = False
_register_lock = threading.Lock()


def _conv_datetime(b):
	try:
		return get_datetime(b.decode())
	except Exception:
		return b.decode()


def _conv_date(b):
	try:
		return getdate(b.decode())
	except Exception:
		return b.decode()


def _conv_time(b):
	return get_timedelta(b.decode())


def _register_converters():
	global _converters_registered
	with _register_lock:
		if _converters_registered:
			return
		sqlite3.register_converter("datetime", _conv_datetime)
		sqlite3.register_converter("date", _conv_date)
		sqlite3.register_converter("time", _conv_time)
		_converters_registered = True


def _to_param(value):
	if value is None or isinstance(value, str | bytes):
		return value
	if isinstance(value, bool):
		return int(value)
	if isinstance(value, int):
		return int(value)
	if isinstance(value, float):
		return value
	if isinstance(value, decimal.Decimal):
		return float(value)
	if isinstance(value, datetime.datetime):
		return value.strftime("%Y-%m-%d %H:%M:%S.%f")
	if isinstance(value, datetime.date):
		return value.strftime("%Y-%m-%d")
	if isinstance(value, datetime.timedelta):
		total = value.total_seconds()
		hours, rem = divmod(int(total), 3600)
		minutes, seconds = divmod(rem, 60)
		return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{value.microseconds:06d}"
	if isinstance(value, datetime.time):
		return value.strftime("%H:%M:%S.%f")
	return str(value)


class CallbackManager:
	"""Callbacks run on commit/rollback (``frappe.db.after_commit.add(fn)``)."""

	def __init__(self):
		self._functions = []

	def add(self, func):
		self._functions.append(func)

	def run(self):
		while self._functions:
			self._functions.pop(0)()

	def reset(self):
		self._functions.clear()

	def __len__(self):
		return len(self._functions)


class Database:
	"""SQLite-backed ``frappe.db`` (one connection per ``frappe.connect()``)."""

	db_type = "sqlite"
	REGEX_CHARACTER = "regexp"
	default_port = None

	def __init__(self, path):
		_register_converters()
		self.path = path
		self.cur_db_name = path
		self.value_cache = {}
		self.last_query = None
		self.last_result = None
		self.transaction_writes = 0
		self.auto_commit_on_many_writes = False
		self.before_commit = CallbackManager()
		self.after_commit = CallbackManager()
		self.before_rollback = CallbackManager()
		self.after_rollback = CallbackManager()
		self._savepoints = []
		self._write_txn = False
		self._conn = None
		self.connect()

	# --- connection ---------------------------------------------------------------------
	def connect(self):
		self._conn = sqlite3.connect(
			self.path,
			timeout=BUSY_TIMEOUT_SECONDS,
			isolation_level=None,
			detect_types=sqlite3.PARSE_DECLTYPES,
			check_same_thread=False,
		)
		self._conn.execute("PRAGMA journal_mode=WAL")
		self._conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
		self._conn.execute("PRAGMA synchronous=NORMAL")
		self._conn.create_function("regexp", 2, _regexp)
		for name, nargs, fn in _MARIADB_FUNCTIONS:
			self._conn.create_function(name, nargs, fn)
		self._cursor = self._conn.cursor()

	def close(self):
		if self._conn is not None:
			try:
				if self._conn.in_transaction:
					self._conn.execute("ROLLBACK")
			finally:
				self._conn.close()
				self._conn = None

	def __bool__(self):
		return True

	# --- the funnel -----------------------------------------------------------------------
	def sql(
		self,
		query,
		values=None,
		*,
		as_dict=0,
		as_list=0,
		debug=0,
		ignore_ddl=0,
		auto_commit=0,
		update=None,
		explain=False,
		run=True,
		pluck=False,
		as_iterator=False,
	):
		"""Execute a MariaDB-style query (``%s`` / ``%(name)s``) and return the rows.

		Returns a tuple of tuples, a list of ``frappe._dict`` (``as_dict``), a list of
		lists (``as_list``) or a list of first-column values (``pluck``); ``()`` for
		statements that return no rows.
		"""
		if values is not None and not isinstance(values, tuple | dict | list):
			values = (values,)
		if not run:
			return query
		query = str(query).strip()
		keyword = query.split(None, 1)[0].lower() if query else ""
		sqlite_query, params = self._translate(query, values)
		if keyword == "insert":
			sqlite_query = _INSERT_IGNORE.sub("insert or ignore into", sqlite_query)
		for_update = False
		if _FOR_UPDATE.search(sqlite_query):
			sqlite_query = _FOR_UPDATE.sub("", sqlite_query)
			for_update = True
		self.last_query = query if values is None else f"{query} -- values: {values!r}"
		if debug:
			print(self.last_query)

		if keyword in ("commit",):
			self._commit_now()
			return ()
		if keyword in ("rollback",) and "savepoint" not in query.lower():
			self._rollback_now()
			return ()
		if keyword in ("start", "begin"):
			self._ensure_txn(write=False)
			return ()

		write = keyword in _WRITE or for_update or keyword in ("savepoint", "release")
		self._ensure_txn(write=write)
		if "\x00" in sqlite_query:
			# a NUL can only stand inside a quoted literal (an escaped value); MariaDB takes it there,
			# SQLite refuses query text with one: splice it in as char(0)
			sqlite_query = sqlite_query.replace("\x00", "' || char(0) || '")
		try:
			cursor = self._conn.execute(sqlite_query, params)
		except sqlite3.OperationalError as e:
			if "locked" in str(e) or "busy" in str(e):
				raise frappe.QueryTimeoutError(
					f"{e} (waited {BUSY_TIMEOUT_SECONDS}s for the write lock)"
				) from e
			raise
		if keyword in _WRITE:
			self.transaction_writes += 1
		if keyword in ("savepoint",):
			self._savepoints.append(query.split()[1])

		if not cursor.description:
			self.last_result = ()
			return ()
		rows = cursor.fetchall()
		self.last_result = rows
		if pluck:
			return [r[0] for r in rows]
		if as_dict:
			keys = [c[0] for c in cursor.description]
			out = [frappe._dict(zip(keys, r, strict=False)) for r in rows]
			if update:
				for r in out:
					r.update(update)
			return out
		if as_list:
			return [list(r) for r in rows]
		return tuple(tuple(r) for r in rows)

	def _translate(self, query, values):
		if values is None:
			return query, ()
		params = []
		positional = iter(values) if not isinstance(values, dict) else None

		def repl(m):
			if m.group(0) == "%%":
				return "%"
			if m.group(0) == "%":
				# pymysql formats the query with Python's % operator (cursors.Cursor.mogrify)
				raise ValueError(
					f"unsupported format character at index {m.start()} of the query: with values, a "
					f"literal % must be written %% (pymysql runs query % args): {query}"
				)
			if m.group(1) is not None:
				if not isinstance(values, dict):
					raise TypeError(f"query uses %({m.group(1)})s but values are not a dict: {values!r}")
				value = values[m.group(1)]
			else:
				if positional is None:
					raise TypeError("query uses %s but values are a dict")
				try:
					value = next(positional)
				except StopIteration:
					raise TypeError(f"not enough values for the %s placeholders in: {query}") from None
			if isinstance(value, list | tuple | set | frozenset):
				if not value:
					# pymysql renders an empty sequence as "()" (converters.escape_sequence),
					# and MariaDB rejects "in ()" with ER_PARSE_ERROR (1064, ProgrammingError)
					where = f"%({m.group(1)})s" if m.group(1) is not None else "a %s placeholder"
					raise self.ProgrammingError(
						f"(1064, 'You have an error in your SQL syntax') -- {where} got an empty "
						f"{type(value).__name__}, which MariaDB renders as '()'; guard the call when "
						f"there is nothing to match: {query}"
					)
				value = list(value)
				params.extend(_to_param(v) for v in value)
				return "(" + ", ".join("?" * len(value)) + ")"
			params.append(_to_param(value))
			return "?"

		translated = _PLACEHOLDER.sub(repl, query)
		if positional is not None and next(positional, _NO_VALUE) is not _NO_VALUE:
			# query % args with unused args (pymysql): "not all arguments converted"
			raise TypeError(f"not all arguments converted during string formatting: {values!r} for: {query}")
		return translated, params

	def mogrify(self, query, values):
		return self._translate(query, values)

	# --- transactions ---------------------------------------------------------------------
	def _ensure_txn(self, write):
		conn = self._conn
		if not conn.in_transaction:
			conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
			self._write_txn = write
			self._savepoints = []
			return
		if write and not self._write_txn:
			if not self._savepoints and not self.transaction_writes:
				# only read so far: restart as a write transaction (waits for the lock)
				conn.execute("COMMIT")
				conn.execute("BEGIN IMMEDIATE")
			self._write_txn = True

	def _commit_now(self):
		if self._conn.in_transaction:
			try:
				self._conn.execute("COMMIT")
			except sqlite3.OperationalError as e:
				raise frappe.QueryTimeoutError(str(e)) from e
		self._reset_txn()

	def _rollback_now(self):
		if self._conn.in_transaction:
			self._conn.execute("ROLLBACK")
		self._reset_txn()

	def _reset_txn(self):
		self._write_txn = False
		self._savepoints = []
		self.transaction_writes = 0

	def begin(self, *, read_only=False):
		self.sql("START TRANSACTION")

	def commit(self):
		"""Commit current transaction. Calls SQL `COMMIT`."""
		self.before_rollback.reset()
		self.after_rollback.reset()
		self.before_commit.run()
		self.sql("commit")
		self.begin()
		self.after_commit.run()
		import frappe.realtime

		frappe.realtime.flush_after_commit()

	def rollback(self, *, save_point=None):
		"""`ROLLBACK` current transaction. Optionally rollback to a known save_point."""
		if save_point:
			self.sql(f"rollback to savepoint {save_point}")
			return
		self.before_commit.reset()
		self.after_commit.reset()
		self.before_rollback.run()
		self.sql("rollback")
		self.begin()
		self.after_rollback.run()
		self.value_cache = {}
		import frappe.realtime

		frappe.realtime.discard_after_commit()
		try:
			frappe.clear_document_cache("User")
		except Exception:
			pass

	def savepoint(self, save_point):
		"""Savepoints work as a nested transaction (starts a write transaction here)."""
		self.sql(f"savepoint {save_point}")

	def release_savepoint(self, save_point):
		self.sql(f"release savepoint {save_point}")

	def sql_ddl(self, query, debug=False):
		"""Run DDL; like MariaDB it commits implicitly (before and after)."""
		self.commit()
		self.sql(query, debug=debug)
		self.commit()

	def sql_list(self, query, values=(), debug=False, **kwargs):
		return self.sql(query, values or None, debug=debug, pluck=True, **kwargs)

	# --- escaping ---------------------------------------------------------------------------
	@staticmethod
	def escape(s, percent=True):
		"""Excape quotes and percent in given string (returns a quoted SQL literal)."""
		if s is None:
			return "NULL"
		if isinstance(s, bool):
			return str(int(s))
		if isinstance(s, int | float | decimal.Decimal) and not isinstance(s, bool):
			return str(s)
		s = _to_param(s)
		s = cstr(s).replace("'", "''")
		if percent:
			s = s.replace("%", "%%")
		return f"'{s}'"

	# --- reads ------------------------------------------------------------------------------
	def get_value(
		self,
		doctype,
		filters=None,
		fieldname="name",
		ignore=None,
		as_dict=False,
		debug=False,
		order_by=DefaultOrderBy,
		cache=False,
		for_update=False,
		*,
		run=True,
		pluck=False,
		distinct=False,
		skip_locked=False,
		wait=True,
	):
		"""Return a document property or list of properties (None when nothing matches)."""
		result = self.get_values(
			doctype,
			filters,
			fieldname,
			ignore,
			as_dict,
			debug,
			order_by,
			cache=cache,
			for_update=for_update,
			run=run,
			pluck=pluck,
			distinct=distinct,
			limit=1,
		)
		if not run:
			return result
		if not result:
			return None
		row = result[0]
		if len(row) > 1 or as_dict:
			return row
		return row[0]

	def get_values(
		self,
		doctype,
		filters=None,
		fieldname="name",
		ignore=None,
		as_dict=False,
		debug=False,
		order_by=DefaultOrderBy,
		update=None,
		cache=False,
		for_update=False,
		*,
		run=True,
		pluck=False,
		distinct=False,
		limit=None,
		skip_locked=False,
		wait=True,
	):
		"""Return multiple document properties (list of tuples, or of dicts with ``as_dict``)."""
		if isinstance(filters, list) and not filters:
			filters = None
		fields = fieldname
		if isinstance(fieldname, str):
			fields = ["*"] if fieldname == "*" else [fieldname]
		fields = list(fields)
		cache_key = None
		if cache and isinstance(filters, str):
			cache_key = (filters, tuple(fields), bool(as_dict))
			hit = self.value_cache.get(doctype, {}).get(cache_key)
			if hit is not None:
				return hit

		if filters is not None and (filters != doctype or doctype == "DocType"):
			try:
				out = self._get_values_from_table(
					fields,
					filters,
					doctype,
					as_dict,
					debug,
					order_by,
					update,
					for_update,
					pluck,
					distinct,
					limit,
				)
			except sqlite3.OperationalError as e:
				if ignore and ("no such table" in str(e) or "no such column" in str(e)):
					return None
				raise
		else:
			out = self._get_values_from_single(
				fields, filters, doctype, as_dict, debug, update, pluck, for_update
			)
		if cache_key is not None:
			self.value_cache.setdefault(doctype, {})[cache_key] = out
		return out

	def _get_values_from_table(
		self, fields, filters, doctype, as_dict, debug, order_by, update, for_update, pluck, distinct, limit
	):
		from frappe.database.query import build_conditions

		select = ", ".join(_select_field(doctype, f) for f in fields)
		conditions = build_conditions(doctype, filters, engine=True)
		query = f"select {'distinct ' if distinct else ''}{select} from `tab{doctype}`"
		if conditions:
			query += f" where {conditions}"
		if order_by == DefaultOrderBy:
			# v15 get_values: ``order_by = "modified" if order_by == DefaultOrderBy``, and the
			# Engine's apply_order_by defaults the direction to desc (not the doctype's sort_field)
			order_by = _default_order_by(doctype)
		if order_by and not any("(" in f for f in fields):
			query += f" order by {order_by}"
		if limit:
			query += f" limit {cint(limit)}"
		if for_update:
			query += " for update"
		return self.sql(query, as_dict=as_dict, debug=debug, update=update, pluck=pluck)

	def _get_values_from_single(
		self, fields, filters, doctype, as_dict, debug, update, pluck, for_update=False
	):
		if fields == ["*"] or fields == ["name"] and as_dict:
			r = self.get_singles_dict(doctype, debug=debug, for_update=for_update)
			if not r:
				return []
			return [r] if as_dict else [tuple(r.values())]
		rows = self.sql(
			"select field, value from `tabSingles` where field in %(fields)s and doctype=%(doctype)s"
			+ (" for update" if for_update else ""),
			{"fields": fields, "doctype": doctype},
			debug=debug,
		)
		if not rows:
			return []
		r = frappe._dict(rows)
		if update:
			r.update(update)
		if as_dict:
			return [frappe._dict({f: r.get(f) for f in fields})]
		values = tuple(r.get(f) for f in fields)
		if pluck:
			return [values[0]]
		return [values]

	def get_singles_dict(self, doctype, debug=False, *, for_update=False, cast=False):
		query = "select field, value from `tabSingles` where doctype=%s"
		if for_update:
			query += " for update"
		result = frappe._dict(self.sql(query, (doctype,), debug=debug))
		if cast and result:
			meta = frappe.get_meta(doctype)
			for fieldname in list(result):
				df = meta.get_field(fieldname)
				if df:
					result[fieldname] = frappe.utils.cast(df.fieldtype, result[fieldname])
		return result

	def get_single_value(self, doctype, fieldname, cache=True):
		"""Get property of Single DocType, cast to the field's type."""
		value = self.value_cache.setdefault(doctype, {}).get(("__single__", fieldname)) if cache else None
		if value is None:
			rows = self.sql(
				"select value from `tabSingles` where doctype=%s and field=%s", (doctype, fieldname)
			)
			value = rows[0][0] if rows else None
		df = frappe.get_meta(doctype).get_field(fieldname)
		if not df and fieldname not in ("name", "modified", "creation", "owner", "modified_by"):
			frappe.throw(
				frappe._("Field {0} does not exist on {1}").format(
					frappe.bold(fieldname), frappe.bold(doctype)
				),
				exc=frappe.DoesNotExistError,
			)
		if cache and value is not None:
			self.value_cache[doctype][("__single__", fieldname)] = value
		return frappe.utils.cast(df.fieldtype, value) if df else value

	def get_list(self, *args, **kwargs):
		return frappe.get_list(*args, **kwargs)

	def get_all(self, *args, **kwargs):
		return frappe.get_all(*args, **kwargs)

	def get_descendants(self, doctype, name):
		"""Return descendants of the group node in tree (frappe.database.Database.get_descendants, v15)."""
		node_location_indexes = self.get_value(doctype, name, ("lft", "rgt"))
		if node_location_indexes:
			lft, rgt = node_location_indexes
			return self.sql_list(f"select name from `tab{doctype}` where lft > {lft} and rgt < {rgt}")
		else:
			return []

	def exists(self, dt, dn=None, cache=False):
		"""Return the document name of a matching document, or None."""
		if isinstance(dt, str):
			if dt != "DocType" and dt == dn:
				return True  # single always exists (!)
			try:
				return self.get_value(dt, dn, ignore=True, cache=cache, order_by=None)
			except Exception:
				return None
		elif isinstance(dt, dict) and dt.get("doctype"):
			dt = dict(dt)
			doctype = dt.pop("doctype")
			return self.get_value(doctype, dt, "name", ignore=True, cache=cache, order_by=None)
		return None

	def get_creation_count(self, doctype, minutes):
		"""Get count of records created in the last x minutes (v15 database.py)."""
		from datetime import timedelta

		from frappe.utils import now_datetime

		since = now_datetime() - timedelta(minutes=minutes)
		return cint(self.sql(f"select count(name) from `tab{doctype}` where creation >= %s", (since,))[0][0])

	def count(self, dt, filters=None, debug=False, cache=False, distinct=True):
		from frappe.database.query import build_conditions

		query = f"select count(*) from `tab{dt}`"
		conditions = build_conditions(dt, filters, engine=True)
		if conditions:
			query += f" where {conditions}"
		return cint(self.sql(query, debug=debug)[0][0])

	# --- writes -----------------------------------------------------------------------------
	def set_value(
		self,
		dt,
		dn,
		field,
		val=None,
		modified=None,
		modified_by=None,
		update_modified=True,
		debug=False,
		for_update=True,
	):
		"""Set a single value (or a dict of values) in the database, without controllers."""
		from frappe.database.query import build_conditions

		to_update = field if isinstance(field, dict) else {field: val}
		if dn is None or dt == dn:
			for k, v in to_update.items():
				self.set_single_value(dt, k, v)
			return
		to_update = dict(to_update)
		if update_modified:
			to_update["modified"] = modified or frappe.utils.now()
			to_update["modified_by"] = modified_by or frappe.session.user
		try:
			meta = frappe.get_meta(dt)
		except frappe.DoesNotExistError:
			frappe.clear_last_message()
			meta = None
		if meta is not None:
			from frappe.model.base_document import _normalise_dates

			to_update = _normalise_dates(meta, to_update)
		sets = ", ".join(f"`{k}`=%s" for k in to_update)
		conditions = build_conditions(dt, dn, engine=True)
		self.sql(
			f"update `tab{dt}` set {sets} where {conditions or '1=1'}",
			list(to_update.values()),
			debug=debug,
		)
		self.value_cache.pop(dt, None)

	def set_single_value(self, doctype, fieldname, value=None, *args, **kwargs):
		"""Set field value of Single DocType."""
		to_update = fieldname if isinstance(fieldname, dict) else {fieldname: value}
		for k, v in to_update.items():
			self.sql("delete from `tabSingles` where doctype=%s and field=%s", (doctype, k))
			self.sql("insert into `tabSingles` (doctype, field, value) values (%s, %s, %s)", (doctype, k, v))
		self.value_cache.pop(doctype, None)

	def delete(self, doctype, filters=None, debug=False, **kwargs):
		"""Delete rows from a table (``doctype`` without ``tab``; ``__x`` tables as named)."""
		from frappe.database.query import build_conditions

		filters = filters or kwargs.get("conditions")
		table = doctype if doctype.startswith("__") else f"tab{doctype}"
		query = f"delete from `{table}`"
		conditions = build_conditions(doctype, filters, engine=True) if filters else ""
		if conditions:
			query += f" where {conditions.replace(f'`tab{doctype}`.', '')}"
		self.sql(query, debug=debug)
		self.value_cache.pop(doctype, None)

	def bulk_insert(self, doctype, fields, values, ignore_duplicates=False, *, chunk_size=10_000):
		"""Insert many rows in one statement per ``chunk_size`` rows (no controllers, no
		validation). ``ignore_duplicates`` skips rows whose key exists (MariaDB INSERT IGNORE)."""
		fields = list(fields)
		values = list(values)
		columns = ", ".join(f"`{f}`" for f in fields)
		verb = "insert or ignore into" if ignore_duplicates else "insert into"
		for start in range(0, len(values), chunk_size):
			chunk = values[start : start + chunk_size]
			rows = ", ".join(
				"(" + ", ".join(self.escape(v, percent=False) for v in row) + ")" for row in chunk
			)
			self.sql(f"{verb} `tab{doctype}` ({columns}) values {rows}")

	def add_index(self, doctype, fields, index_name=None):
		"""Create an index on ``fields`` of ``tab<doctype>`` if it does not exist."""
		fields = [f.split("(")[0].strip() for f in fields]
		index_name = index_name or "_".join(fields) + "_index"
		self.sql(
			f"create index if not exists `tab{doctype}__{index_name}` on `tab{doctype}` ({', '.join('`' + f + '`' for f in fields)})"
		)

	def add_unique(self, doctype, fields, constraint_name=None):
		constraint_name = constraint_name or "unique_" + "_".join(fields)
		self.sql(
			f"create unique index if not exists `tab{doctype}__{constraint_name}` on `tab{doctype}` ({', '.join('`' + f + '`' for f in fields)})"
		)

	def truncate(self, doctype):
		self.sql(f"delete from `tab{doctype}`")

	# --- defaults / globals --------------------------------------------------------------------
	def get_default(self, key, parent="__default"):
		rows = self.sql("select defvalue from `tabDefaultValue` where parent=%s and defkey=%s", (parent, key))
		return rows[0][0] if rows else None

	def set_default(self, key, val, parent="__default", parenttype=None):
		self.sql("delete from `tabDefaultValue` where parent=%s and defkey=%s", (parent, key))
		if val is not None:
			self.sql(
				"insert into `tabDefaultValue` (name, parent, parenttype, parentfield, defkey, defvalue, idx) "
				"values (%s, %s, %s, 'system_defaults', %s, %s, 0)",
				(frappe.generate_hash(length=10), parent, parenttype, key, val),
			)

	def get_global(self, key, user="__global"):
		return self.get_default(key, user)

	def set_global(self, key, val, user="__global"):
		self.set_default(key, val, user)

	# --- schema helpers --------------------------------------------------------------------------
	def table_exists(self, doctype, cached=True):
		return bool(
			self.sql("select name from sqlite_master where type='table' and name=%s", (f"tab{doctype}",))
		)

	def get_tables(self, cached=True):
		return self.sql("select name from sqlite_master where type='table'", pluck=True)

	def get_table_columns(self, doctype):
		return [r[1] for r in self.sql(f"pragma table_info(`tab{doctype}`)")]

	def has_column(self, doctype, column):
		return column in self.get_table_columns(doctype)

	def updatedb(self, doctype, meta=None):
		"""Sync ``tab<doctype>`` to its meta (JSON + Custom Fields), like
		frappe/database/mariadb/database.py ``updatedb``: a doctype not in ``tabDocType``
		raises; Singles have no table; DDL commits implicitly. The stand-in adds missing
		columns and their indexes (unique ones as unique indexes); it does not change the
		type or default of an existing column (SQLite cannot), nor drop columns."""
		from frappe.model import no_value_fields
		from frappe.model.sync import column_sql

		res = self.sql("select issingle from `tabDocType` where name=%s", (doctype,))
		if not res:
			raise Exception(f"Wrong doctype {doctype} in updatedb")
		if res[0][0]:
			return
		meta = meta or frappe.get_meta(doctype, cached=False)
		table = f"tab{doctype}"
		existing = set(self.get_table_columns(doctype))
		for df in meta.fields:
			if (
				df.fieldtype in no_value_fields
				or not df.fieldname
				or df.get("is_virtual")
				or df.fieldname in existing
			):
				continue
			self.sql_ddl(f"alter table `{table}` add column `{df.fieldname}` {column_sql(df)}")
			existing.add(df.fieldname)
			if df.unique:
				self.sql_ddl(
					f"create unique index if not exists `{table}__{df.fieldname}_unique` on `{table}` (`{df.fieldname}`)"
				)
			elif df.search_index:
				self.sql_ddl(
					f"create index if not exists `{table}__{df.fieldname}` on `{table}` (`{df.fieldname}`)"
				)
		self.commit()

	def get_next_sequence_val(self, doctype):
		from frappe.model.naming import getseries

		return cint(getseries(f"__autoincrement__:{doctype}", 1))

	def set_next_sequence_val(self, doctype, value, *, is_val_used=False):
		key = f"__autoincrement__:{doctype}"
		self.sql("delete from `tabSeries` where name=%s", (key,))
		self.sql("insert into `tabSeries` (name, current) values (%s, %s)", (key, cint(value)))

	# --- error classification ---------------------------------------------------------------------
	@staticmethod
	def is_primary_key_violation(e):
		return isinstance(e, sqlite3.IntegrityError) and (
			".name" in str(e) and "UNIQUE" in str(e) and str(e).rstrip().endswith(".name")
		)

	@staticmethod
	def is_unique_key_violation(e):
		return isinstance(e, sqlite3.IntegrityError) and "UNIQUE" in str(e)

	@staticmethod
	def is_duplicate_entry(e):
		return isinstance(e, sqlite3.IntegrityError) and "UNIQUE" in str(e)

	@staticmethod
	def is_syntax_error(e):
		"""MariaDB: ER_PARSE_ERROR (1064); here SQLite's syntax errors and the empty ``in ()``."""
		return (
			isinstance(e, sqlite3.ProgrammingError)
			and "1064" in str(e)
			or (isinstance(e, sqlite3.OperationalError) and "syntax error" in str(e))
		)

	@staticmethod
	def is_table_missing(e):
		return isinstance(e, sqlite3.OperationalError) and "no such table" in str(e)

	@staticmethod
	def is_missing_column(e):
		return isinstance(e, sqlite3.OperationalError) and "no such column" in str(e)

	@staticmethod
	def is_timedout(e):
		return isinstance(e, frappe.QueryTimeoutError)

	@staticmethod
	def is_deadlocked(e):
		return isinstance(e, frappe.QueryDeadlockError)

	OperationalError = sqlite3.OperationalError
	IntegrityError = sqlite3.IntegrityError
	InternalError = sqlite3.InternalError
	ProgrammingError = sqlite3.ProgrammingError
	DataError = sqlite3.DataError


def _concat(*args):
	return None if any(a is None for a in args) else "".join(str(a) for a in args)


def _concat_ws(sep, *args):
	return None if sep is None else str(sep).join(str(a) for a in args if a is not None)


def _greatest(*args):
	return None if any(a is None for a in args) else max(args)


def _least(*args):
	return None if any(a is None for a in args) else min(args)


def _timestamp(*args):
	if not args or args[0] is None:
		return None
	if len(args) == 1:
		return str(args[0])
	return f"{str(args[0])[:10]} {args[1]}"


def _datediff(a, b):
	if a is None or b is None:
		return None
	return (getdate(str(a)[:10]) - getdate(str(b)[:10])).days


def _locate(sub, s, pos=1):
	if sub is None or s is None:
		return None
	return str(s).find(str(sub), int(pos) - 1) + 1


# MariaDB functions registered on every connection (same NULL rules as MariaDB)
_MARIADB_FUNCTIONS = (
	("concat", -1, _concat),
	("concat_ws", -1, _concat_ws),
	("greatest", -1, _greatest),
	("least", -1, _least),
	("now", 0, lambda: frappe.utils.now()),
	("curdate", 0, lambda: frappe.utils.nowdate()),
	("timestamp", -1, _timestamp),
	("datediff", 2, _datediff),
	("locate", -1, _locate),
)


def _regexp(pattern, value):
	if value is None:
		return 0
	return 1 if re.search(pattern, str(value)) else 0


def _select_field(doctype, field):
	if field == "*":
		return "*"
	if "(" in field or "`" in field or " " in field.strip():
		return field
	return f"`{field}`"


def _default_order_by(doctype):
	try:
		meta = frappe.get_meta(doctype)
	except frappe.DoesNotExistError:
		frappe.clear_last_message()
		return None
	return "`modified` desc" if meta.has_column("modified") else None
