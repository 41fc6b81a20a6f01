"""Aggregate and scalar functions for the stand-in ``frappe.qb`` (frappe.query_builder.functions)."""

from frappe.query_builder import Raw, Term, _sql


class Function(Term):
	name = None

	def __init__(self, *args, alias=None):
		self.args = args
		self.alias = alias

	def _sql(self, params):
		inner = ", ".join("*" if isinstance(a, str) and a == "*" else _sql(a, params) for a in self.args)
		out = f"{self.name}({inner})"
		return f"{out} as `{self.alias}`" if self.alias else out

	def as_(self, alias):
		f = type(self)(*self.args, alias=alias)
		return f


def _fn(fname):
	return type(fname.title().replace("_", ""), (Function,), {"name": fname})


Sum = _fn("sum")
Count = _fn("count")
Max = _fn("max")
Min = _fn("min")
Avg = _fn("avg")
Coalesce = _fn("coalesce")
IfNull = _fn("ifnull")
Abs = _fn("abs")
Round = _fn("round")
Concat = _fn("concat")
Date = _fn("date")
Locate = _fn("locate")
Replace = _fn("replace")


def CombineDatetime(date, time, alias=None):
	f = _fn("timestamp")(date, time)
	return f.as_(alias) if alias else f


class Now(Function):
	name = "now"
