"""Every query on the floor's hot paths finds its rows through an index, on the app's tables.

A warehouse runs on 50,000 bins, 100,000 Bin Stock rows and thousands of tasks: a query that
reads a whole table of those is fine in a test and minutes of waiting on the floor. So the test
walks the hot paths (a bin scanned by code and by barcode, a Sales Order allocated, a wave planned
and released, the operator's list, a short pick and the count it sets going, a move) and asks the database how
it runs each SELECT, UPDATE and DELETE they sent (the app's own tables only; ERPNext's are
ERPNext's business):

- benchless (SQLite): ``EXPLAIN QUERY PLAN``; a ``SCAN`` of an app table (not a ``SEARCH``) is a
  read of the whole table. SQLite without statistics takes an index whenever one fits, so a scan
  means none fits.
- real site (MariaDB): ``EXPLAIN``; a row of an app table with ``type`` ALL and no
  ``possible_keys`` is a full scan with no index it could have used. (On a small test table
  MariaDB may scan although an index fits; that is its choice, not a missing index.)

Small configuration tables (a handful of rows per site) are allowed to be read whole: they are
listed below with the reason.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import frappe

from tests import factories
from tests.app.outbound_fixtures import (
	new_wave,
	outbound_defaults,
	outbound_floor,
	put_stock,
	so_lines,
	tasks_of,
)
from tests.app.test_my_tasks import make_operator
from tests.conftest import SITE_MODE
from tests.query_plans import SMALL_TABLES, QueryRecorder, app_tables, is_read_or_write, tables_by_alias
from wms_module.api import counts as counts_api
from wms_module.services import moves, task_lists, waves
from wms_module.services.picking import ConfirmPick, confirm_pick
from wms_module.services.storage import resolve_bin

APP_TABLES = app_tables(Path(__file__).parents[2] / "wms_module" / "wms_module" / "doctype")


def full_scans(query: str, values) -> list[str]:
	"""The app tables the database would read whole for ``query``."""
	names = tables_by_alias(query)
	if SITE_MODE:
		plan = frappe.db.sql("explain " + query, *([values] if values else []), as_dict=True)
		return [
			names.get(row["table"], row["table"])
			for row in plan
			if row.get("type") == "ALL" and not row.get("possible_keys")
		]
	plan = frappe.db.sql("explain query plan " + query, *([values] if values else []))
	scans = []
	for row in plan:
		m = re.match(r"SCAN (?:TABLE )?(.+?)(?: USING .*)?$", str(row[-1]))
		if m and "COVERING INDEX" not in str(row[-1]):
			name = m.group(1).strip("`")
			scans.append(names.get(name, name[3:] if name.startswith("tab") else name))
	return scans


def hot_paths() -> list[tuple[str, object]]:
	"""The floor's hot paths on a small floor, with every query they send."""
	outbound_defaults(default_removal_strategy="FIFO")
	site = outbound_floor("A-01", "B-05", "C-07")
	item, other = factories.make_item(barcode=factories.unique_gtin13()), factories.make_item()
	put_stock(site, item, "A-01", 6)
	put_stock(site, item, "C-07", 6)
	put_stock(site, other, "B-05", 6)
	operator = make_operator("hot")
	barcode = frappe.db.get_value("Storage Bin", site.bins["B-05"], "barcode")
	with QueryRecorder() as recorder:
		resolve_bin("B-05", warehouse=site.warehouse)
		if barcode:
			resolve_bin(barcode, warehouse=site.warehouse)
		so = factories.make_sales_order(items=so_lines(site, (item, 3), (other, 2)))
		wave = new_wave(site, [so.name], mode="Batch")
		waves.release_wave(wave_name=waves.plan_wave(wave_name=wave.name).name, operators=[operator])
		task_lists.my_tasks(user=operator)
		(pick,) = tasks_of(so.name, item_code=item)
		frappe.set_user(operator)
		try:
			out = confirm_pick(
				ConfirmPick(task=pick.name, bin_scan="A-01", item_scan=item, qty=1, short=True)
			)
			counts_api.submit(task=out.count_task, bin_scan="A-01", item_scan=item, counted_qty=5)
		finally:
			frappe.set_user("Administrator")
		moves.move_stock(
			moves.MoveStock(item_code=other, qty=1, from_bin=site.bins["B-05"], to_bin=site.bins["C-07"])
		)
	return recorder.sent


def test_the_app_tables_are_read_from_its_doctypes():
	# a table missing here would never be checked: every one but the Singles (WMS Settings) is
	assert {"Warehouse Task", "Bin Stock", "Storage Bin", "Pick Wave Order", "WMS Labor Log"} <= APP_TABLES
	assert "WMS Settings" not in APP_TABLES


def test_no_hot_query_reads_a_whole_app_table(frappe_site):
	scanned: dict[str, list[str]] = defaultdict(list)
	sent = hot_paths()
	checked = 0
	for _path, query, values in sent:
		if not is_read_or_write(query):
			continue
		checked += 1
		for table in full_scans(query, values):
			if table in APP_TABLES and table not in SMALL_TABLES:
				scanned[table].append(" ".join(query.split())[:300])
	assert checked > 40, f"only {checked} queries walked: the hot paths did not run"
	assert not scanned, (
		"full table scans on hot paths (add a search_index in the doctype JSON):\n"
		+ "\n".join(f"- {table}: {q}" for table, queries in scanned.items() for q in queries)
	)


def index_columns(table: str) -> list[tuple[str, ...]]:
	"""The columns of every index of ``tab<table>``, each in its order."""
	if SITE_MODE:
		by_name: dict[str, list[tuple[int, str]]] = defaultdict(list)
		for r in frappe.db.sql(f"show index from `tab{table}`", as_dict=True):
			by_name[r.Key_name].append((r.Seq_in_index, r.Column_name))
		return [tuple(c for _seq, c in sorted(cols)) for cols in by_name.values()]
	out = []
	for row in frappe.db.sql(f"pragma index_list(`tab{table}`)"):
		cols = frappe.db.sql(f"pragma index_info(`{row[1]}`)")
		out.append(tuple(c[2] for c in sorted(cols)))
	return out


def test_the_work_list_finds_open_tasks_without_reading_the_done_ones(frappe_site):
	# the controller's on_doctype_update adds it (Frappe runs it on every sync of the DocType; the
	# stand-in does too since this test): an operator's open tasks and the released tours queued
	# for anyone are found without reading the tasks already done
	indexes = index_columns("Warehouse Task")
	assert ("assigned_to", "status") in indexes
	assert ("pick_wave", "assigned_to", "status") in indexes
	assert ("pick_wave", "tour", "sequence") in indexes  # a tour's stops, for the labour row
	# and ERPNext's own, from its Bin controller: one Bin per item and warehouse
	assert any(cols[:2] == ("item_code", "warehouse") for cols in index_columns("Bin"))
