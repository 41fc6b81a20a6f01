"""Which app tables a query reads whole: shared by the hot-query test and the MariaDB scale check.

``tests/app/test_hot_query_indexes.py`` imports it as ``tests.query_plans``;
``tools/realbench/scale_check.sh`` copies it next to ``scale_check.py``, which runs standalone in the
bench's env and imports it as ``query_plans``. So it needs only the standard library and frappe.

The app's tables are read from its doctype JSON files, not listed by hand: a new doctype is checked
from the day it lands, unless it is named in ``SMALL_TABLES`` with the reason it may be read whole.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import frappe

SMALL_TABLES = {
	"WMS Labor Standard": "a row per task type and zone, read whole once per confirmation",
	"WMS Removal Rule": "a rule per item group, read whole once per allocation",
	"WMS Customer Shelf Life": "a row per customer with a rule, joined on the order's customer",
	"Warehouse Layout": "one row per managed warehouse",
	"Storage Zone": "a few zones per warehouse",
}
"""Configuration tables of a handful of rows per site, allowed to be read whole, with the reason."""

TABLE = re.compile(r"`tab([^`]+)`(?:\s+(?:as\s+)?(?!on\b|where\b|set\b|inner\b|left\b|join\b)(\w+))?", re.I)


def app_tables(doctype_dir: Path | str) -> set[str]:
	"""The app's own tables: every doctype under ``doctype_dir`` but the Singles (which have none)."""
	tables = set()
	for path in Path(doctype_dir).glob("*/*.json"):
		meta = json.loads(path.read_text())
		if meta.get("doctype") == "DocType" and not meta.get("issingle"):
			tables.add(meta["name"])
	return tables


def tables_by_alias(query: str) -> dict[str, str]:
	"""alias (or the table's own name) -> table, for the `tabX` [as] alias of a query."""
	out = {}
	for table, alias in TABLE.findall(query):
		out[table] = table
		if alias:
			out[alias] = table
	return out


class QueryRecorder:
	"""Every ``frappe.db.sql(query, values)`` inside ``with``, as sent: (path, query, values), where
	``path`` is whatever the caller set ``recorder.path`` to (the hot path being walked)."""

	def __init__(self):
		self.sent: list[tuple[str, str, object]] = []
		self.path = ""

	def __enter__(self):
		cls = frappe.db.__class__
		self._cls, self._orig = cls, cls.sql
		recorder, orig = self, cls.sql

		def recording(db, *args, **kwargs):  # forwarded as called: Frappe's defaults stay its own
			query = args[0] if args else kwargs.get("query")
			values = args[1] if len(args) > 1 else kwargs.get("values")
			recorder.sent.append((recorder.path, str(query), values))
			return orig(db, *args, **kwargs)

		cls.sql = recording
		return self

	def __exit__(self, *exc):
		self._cls.sql = self._orig
		return False


def is_read_or_write(query: str) -> bool:
	"""The statements a plan is asked for: SELECT, UPDATE and DELETE."""
	return query.lstrip().lower().startswith(("select", "update", "delete"))
