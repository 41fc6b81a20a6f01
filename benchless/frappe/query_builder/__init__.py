"""A small ``frappe.qb`` (pypika-style query builder) for the stand-in.

Covers what app code typically writes with Frappe's v15 query builder::

	t = frappe.qb.DocType("Bin")
	frappe.qb.from_(t).select(t.item_code, Sum(t.actual_qty).as_("qty")).where(
		(t.warehouse == w) & (t.actual_qty > 0)).groupby(t.item_code).orderby(t.item_code, order=Order.desc
	).limit(10).for_update().run(as_dict=True)
	frappe.qb.update(t).set(t.actual_qty, t.actual_qty + 1).where(t.name == n).run()
	frappe.qb.into(t).columns("name", "x").insert(("a", 1)).run()
	frappe.qb.from_(t).delete().where(t.name.isin(names)).run()

Values become ``%s`` parameters and every query runs through ``frappe.db.sql``. Not a
full pypika: joins are limited to ``join(...).on(...)`` / ``left_join``, no subqueries
other than ``SubQuery``-free ``isin`` lists, no CASE.
"""

from enum import Enum

import frappe


class Order(Enum):
	asc = "ASC"
	desc = "DESC"


class Term:
	def _sql(self, params):
		raise NotImplementedError

	# comparisons
	def __eq__(self, other):
		return Criterion(self, "=", other)

	def __ne__(self, other):
		return Criterion(self, "!=", other)

	def __lt__(self, other):
		return Criterion(self, "<", other)

	def __le__(self, other):
		return Criterion(self, "<=", other)

	def __gt__(self, other):
		return Criterion(self, ">", other)

	def __ge__(self, other):
		return Criterion(self, ">=", other)

	def __hash__(self):
		return id(self)

	def isin(self, values):
		return Criterion(self, "in", list(values))

	def notin(self, values):
		return Criterion(self, "not in", list(values))

	def like(self, value):
		return Criterion(self, "like", value)

	def not_like(self, value):
		return Criterion(self, "not like", value)

	def isnull(self):
		return Raw(lambda p: f"{_sql(self, p)} is null")

	def notnull(self):
		return Raw(lambda p: f"{_sql(self, p)} is not null")

	def between(self, low, high):
		return Raw(lambda p: f"{_sql(self, p)} between {_sql(low, p)} and {_sql(high, p)}")

	# arithmetic
	def __add__(self, other):
		return Arith(self, "+", other)

	def __radd__(self, other):
		return Arith(other, "+", self)

	def __sub__(self, other):
		return Arith(self, "-", other)

	def __rsub__(self, other):
		return Arith(other, "-", self)

	def __mul__(self, other):
		return Arith(self, "*", other)

	def __truediv__(self, other):
		return Arith(self, "/", other)

	def __neg__(self):
		return Raw(lambda p: f"-{_sql(self, p)}")

	def as_(self, alias):
		return Aliased(self, alias)

	def asc(self):
		return Ordered(self, Order.asc)

	def desc(self):
		return Ordered(self, Order.desc)


def _sql(value, params):
	if isinstance(value, Term):
		return value._sql(params)
	if isinstance(value, Enum):
		value = value.value
	params.append(value)
	return "%s"


class Raw(Term):
	def __init__(self, fn):
		self.fn = fn

	def _sql(self, params):
		return self.fn(params)


class Field(Term):
	def __init__(self, table, name):
		self.table = table
		self.name = name

	def _sql(self, params):
		if self.name == "*":
			return f"{self.table._ref()}.*"
		return f"{self.table._ref()}.`{self.name}`"


class Arith(Term):
	def __init__(self, left, op, right):
		self.left, self.op, self.right = left, op, right

	def _sql(self, params):
		return f"({_sql(self.left, params)} {self.op} {_sql(self.right, params)})"


class Aliased(Term):
	def __init__(self, term, alias):
		self.term, self.alias = term, alias

	def _sql(self, params):
		return f"{_sql(self.term, params)} as `{self.alias}`"


class Ordered:
	def __init__(self, term, order):
		self.term, self.order = term, order


class Criterion(Term):
	def __init__(self, left, op, right):
		self.left, self.op, self.right = left, op, right

	def _sql(self, params):
		left = _sql(self.left, params)
		if self.op in ("in", "not in"):
			if not self.right:
				# pypika renders isin([]) as "IN ()" (ContainsCriterion over an empty Tuple),
				# which MariaDB rejects (ER_PARSE_ERROR 1064): fail here as the real site would
				raise frappe.db.ProgrammingError(
					f"(1064, 'You have an error in your SQL syntax') -- {self.op}() of an empty list on "
					f"{left}; guard the query when there is nothing to match"
				)
			inner = ", ".join(_sql(v, params) for v in self.right)
			return f"{left} {self.op} ({inner})"
		if self.right is None and self.op in ("=", "!="):
			return f"{left} is {'not ' if self.op == '!=' else ''}null"
		return f"{left} {self.op} {_sql(self.right, params)}"

	def __and__(self, other):
		return Raw(lambda p: f"({_sql(self, p)} and {_sql(other, p)})")

	def __or__(self, other):
		return Raw(lambda p: f"({_sql(self, p)} or {_sql(other, p)})")

	def __invert__(self):
		return Raw(lambda p: f"not ({_sql(self, p)})")


Raw.__and__ = Criterion.__and__
Raw.__or__ = Criterion.__or__
Raw.__invert__ = Criterion.__invert__


class Table:
	def __init__(self, name, alias=None):
		self._table_name = name
		self._alias = alias

	def _ref(self):
		return f"`{self._alias}`" if self._alias else f"`{self._table_name}`"

	def _decl(self):
		return f"`{self._table_name}`" + (f" `{self._alias}`" if self._alias else "")

	def as_(self, alias):
		return Table(self._table_name, alias)

	@property
	def star(self):
		return Field(self, "*")

	def field(self, name):
		return Field(self, name)

	def __getattr__(self, name):
		if name.startswith("__"):
			raise AttributeError(name)
		return Field(self, name)

	def __getitem__(self, name):
		return Field(self, name)


def DocType(name, alias=None):
	return Table(f"tab{name}", alias)


class Query:
	def __init__(self, table=None, kind="select"):
		self.kind = kind
		self.table = table
		self._fields = []
		self._wheres = []
		self._joins = []
		self._groupby = []
		self._orderby = []
		self._limit = None
		self._offset = None
		self._for_update = False
		self._distinct = False
		self._sets = []
		self._columns = []
		self._values = []
		self._ignore = False

	def _copy(self):
		import copy

		return copy.copy(self)

	def select(self, *fields):
		q = self._copy()
		q._fields = [*self._fields, *fields]
		return q

	def from_(self, table):
		q = self._copy()
		q.table = Table(table) if isinstance(table, str) else table
		return q

	def where(self, criterion):
		q = self._copy()
		q._wheres = [*self._wheres, criterion]
		return q

	def join(self, table, how="inner"):
		return _Joiner(self, table, how)

	def left_join(self, table):
		return _Joiner(self, table, "left")

	def inner_join(self, table):
		return _Joiner(self, table, "inner")

	def groupby(self, *fields):
		q = self._copy()
		q._groupby = [*self._groupby, *fields]
		return q

	def orderby(self, *fields, order=None):
		q = self._copy()
		q._orderby = [*self._orderby, *[(f, order) for f in fields]]
		return q

	def limit(self, n):
		q = self._copy()
		q._limit = n
		return q

	def offset(self, n):
		q = self._copy()
		q._offset = n
		return q

	def distinct(self):
		q = self._copy()
		q._distinct = True
		return q

	def for_update(self, nowait=False, skip_locked=False, of=()):
		q = self._copy()
		q._for_update = True
		return q

	def delete(self):
		q = self._copy()
		q.kind = "delete"
		return q

	def set(self, field, value):
		q = self._copy()
		q._sets = [*self._sets, (field, value)]
		return q

	def columns(self, *cols):
		q = self._copy()
		q._columns = [
			c.name if isinstance(c, Field) else c
			for c in (cols[0] if len(cols) == 1 and isinstance(cols[0], list | tuple) else cols)
		]
		return q

	def insert(self, *rows):
		q = self._copy()
		if rows and not isinstance(rows[0], list | tuple):
			rows = (rows,)
		q._values = [*self._values, *rows]
		return q

	def ignore(self):
		q = self._copy()
		q._ignore = True
		return q

	def _where_sql(self, params):
		if not self._wheres:
			return ""
		return " where " + " and ".join(_sql(w, params) for w in self._wheres)

	def get_sql(self, params=None):
		params = [] if params is None else params
		t = self.table
		if self.kind == "select":
			fields = (
				", ".join(
					_sql(f, params) if isinstance(f, Term) else (f if f == "*" else f"`{f}`")
					for f in self._fields
				)
				or "*"
			)
			sql = f"select {'distinct ' if self._distinct else ''}{fields} from {t._decl()}"
			for table, how, on in self._joins:
				sql += f" {how} join {table._decl()} on {_sql(on, params)}"
			sql += self._where_sql(params)
			if self._groupby:
				sql += " group by " + ", ".join(
					_sql(f, params) if isinstance(f, Term) else f"`{f}`" for f in self._groupby
				)
			if self._orderby:
				parts = []
				for f, order in self._orderby:
					if isinstance(f, Ordered):
						f, order = f.term, f.order
					col = _sql(f, params) if isinstance(f, Term) else f"`{f}`"
					parts.append(f"{col} {(order or Order.asc).value}")
				sql += " order by " + ", ".join(parts)
			if self._limit is not None:
				sql += f" limit {int(self._limit)}"
			if self._offset:
				sql += f" offset {int(self._offset)}"
			if self._for_update:
				sql += " for update"
			return sql
		if self.kind == "update":
			sets = ", ".join(
				f"`{f.name if isinstance(f, Field) else f}`={_sql(v, params)}" for f, v in self._sets
			)
			return f"update {t._decl()} set {sets}{self._where_sql(params)}"
		if self.kind == "delete":
			return f"delete from {t._decl()}{self._where_sql(params)}"
		if self.kind == "insert":
			cols = f" ({', '.join('`' + c + '`' for c in self._columns)})" if self._columns else ""
			rows = ", ".join("(" + ", ".join(_sql(v, params) for v in row) + ")" for row in self._values)
			return f"insert {'ignore ' if self._ignore else ''}into {t._decl()}{cols} values {rows}"
		raise ValueError(self.kind)

	def __str__(self):
		return self.get_sql()

	def run(self, as_dict=False, debug=False, update=None, pluck=False, **kwargs):
		params = []
		sql = self.get_sql(params)
		return frappe.db.sql(sql, params, as_dict=as_dict, debug=debug, update=update, pluck=pluck)


class _Joiner:
	def __init__(self, query, table, how):
		self.query, self.table, self.how = query, table, how

	def on(self, criterion):
		q = self.query._copy()
		q._joins = [*self.query._joins, (self.table, self.how, criterion)]
		return q


class QueryBuilder:
	"""What ``frappe.qb`` is bound to (``frappe.local.qb``)."""

	DocType = staticmethod(DocType)
	Table = Table
	Field = Field
	Order = Order

	@staticmethod
	def from_(table):
		return Query(Table(table) if isinstance(table, str) else table, "select")

	@staticmethod
	def update(table):
		return Query(Table(table) if isinstance(table, str) else table, "update")

	@staticmethod
	def into(table):
		return Query(Table(table) if isinstance(table, str) else table, "insert")

	@staticmethod
	def get_query(
		table,
		fields=None,
		filters=None,
		order_by=None,
		limit=None,
		for_update=False,
		distinct=False,
		**kwargs,
	):
		"""Stand-in for ``frappe.qb.get_query``: a query object whose ``run`` uses get_values semantics."""
		return _GetQuery(table, fields, filters, order_by, limit, for_update, distinct)


class _GetQuery:
	def __init__(self, table, fields, filters, order_by, limit, for_update, distinct):
		self.args = (table, fields or ["name"], filters, order_by, limit, for_update, distinct)

	def run(self, as_dict=False, pluck=False, **kwargs):
		table, fields, filters, order_by, limit, for_update, distinct = self.args
		from frappe.database.database import DefaultOrderBy

		return frappe.db.get_values(
			table,
			filters if filters is not None else {},
			fields,
			as_dict=as_dict,
			order_by=order_by or DefaultOrderBy,
			limit=limit,
			for_update=for_update,
			distinct=distinct,
			pluck=pluck,
		)


def get_query_builder(type_of_db=None):
	return QueryBuilder()
