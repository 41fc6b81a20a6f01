"""The Python half of scale_check.sh: a site at warehouse scale on MariaDB, its query plans and timings.

Run from the bench's sites/ folder with its env/bin/python, as the bench user:

	../env/bin/python scale_check.py seed    SITE OUT.json   # the floor (idempotent: kept between runs)
	../env/bin/python scale_check.py orders  SITE OUT.json   # Sales Orders of 100 lines, submit timed
	../env/bin/python scale_check.py waves   SITE OUT.json   # waves of them released to the load operators
	../env/bin/python scale_check.py bigwave SITE OUT.json   # one wave of 500 orders planned, timed
	../env/bin/python scale_check.py explain SITE OUT.json   # EXPLAIN of every hot query; exit 1 on a full scan
	../env/bin/python scale_check.py timings SITE OUT.json   # p50/p95 of my_tasks and pick confirm
	../env/bin/python scale_check.py verify  SITE OUT.json   # bins = ERPNext, task and ledger counts

What is made how (the seed):

- 50,000 Storage Bins by the app's own Generate Bins (services.layout.generate: one bulk insert),
  25 aisles x 100 bays x 5 levels x 4 positions, in one managed warehouse.
- 1,000 "hot" items made as ERPNext documents, received with one Material Receipt Stock Entry
  (the app's stock hooks put it in the unlocated bin) and moved into one pick bin each with the
  app's move service. Every order, pick and confirmation below uses only these items, so every
  quantity they touch is ERPNext's own.
- 19,000 background items and 98,000 Bin Stock rows for them: the volume the hot queries must
  find their way through. The items are bulk-inserted rows of tabItem, their bin stock is posted
  through the app's bin ledger (services.bin_ledger.post_rows, movement "Opening") and ERPNext's
  ``Bin.actual_qty`` (what the drift check reads for items without batches) is bulk-inserted to
  match. They have no Stock Ledger Entries: making 19,000 items' stock through ERPNext's own
  vouchers takes longer than the whole benchmark, and nothing measured here reads their ledger.
- Open tasks by submitting Sales Orders (``orders``): 120 orders x 100 lines give 12,000 Pick tasks,
  allocated by the app's own hooks; their submit times are the "100-line Sales Order" figures.
- 60 operator users (``scale-op-NN@example.com``, password in LOAD_PASSWORD) for the load test.

Prints one line per step and writes what it measured to OUT.json (merged with what is there).
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import frappe
from frappe.utils import add_days, now_datetime, nowdate
from query_plans import SMALL_TABLES, QueryRecorder, app_tables, is_read_or_write, tables_by_alias

import wms_module

WAREHOUSE_NAME = "Scale Floor"
ITEM_GROUP = "Scale Items"
CUSTOMER = "Scale Customer"
HOT_ITEMS = int(os.environ.get("WMS_SCALE_HOT_ITEMS", 1000))
BACKGROUND_ITEMS = int(os.environ.get("WMS_SCALE_ITEMS", 20000)) - HOT_ITEMS
BACKGROUND_BIN_STOCK = int(os.environ.get("WMS_SCALE_BIN_STOCK", 100000)) - 2 * HOT_ITEMS
AISLES = os.environ.get("WMS_SCALE_AISLES", "Y")  # A..Y: 25 aisles
BAYS, LEVELS, POSITIONS = 100, 5, 4  # 25 x 100 x 5 x 4 = 50,000 bins
HOT_QTY = 500  # units of each hot item, enough for many load runs
ORDERS = int(
	os.environ.get("WMS_SCALE_ORDERS", 120)
)  # two 100-pick tours per operator: work for both load runs
LINES = int(os.environ.get("WMS_SCALE_LINES", 100))
WAVE_ORDERS = 5
BIG_WAVE = int(os.environ.get("WMS_SCALE_BIG_WAVE", 500))
OPERATORS = int(os.environ.get("WMS_SCALE_OPERATORS", 60))
LOAD_PASSWORD = "scale-operator-Pw1!"
EXPLAIN_OPERATOR = "scale-op-explain@example.com"  # the hot-path walk's own operator, not a load one
# The app's tables and the few read whole by design, shared with tests/app/test_hot_query_indexes.py
# (scale_check.sh copies tests/query_plans.py next to this file)
APP_TABLES = app_tables(Path(wms_module.__file__).parent / "wms_module" / "doctype")
RECEIPT_LINES = 20  # the inbound hot paths' receipt
BIG_ROWS = 1000  # a full scan of a table this size or more is a failure
# Paths that read a whole warehouse on purpose (a row per bin, or per item): with one warehouse on
# the site, its bins are the table, and a scan is the cheapest plan. Their scans are reported with
# their times, not failed.
WHOLE_WAREHOUSE_PATHS = {
	"report: Bin Utilization (warehouse)": "a row per bin of the warehouse",
	"report: Bin Stock Reconciliation": "every (item, batch) of the warehouse against ERPNext",
	"drift check (warehouse)": "every (item, batch) of the warehouse against ERPNext",
	f"putaway: plan a {RECEIPT_LINES}-line receipt": "ranks every bin of the warehouse by walking distance"
	" from the dock; only the nearest few per zone are joined to their stock",
}


def connect(site: str) -> None:
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")


def merge_out(path: str, key: str, value) -> None:
	data = {}
	if os.path.exists(path):
		with open(path) as f:
			data = json.load(f)
	data[key] = value
	with open(path, "w") as f:
		json.dump(data, f, indent=1, sort_keys=True, default=str)


def say(msg: str) -> None:
	print(f"  [{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def pct(values: list[float], p: float) -> float:
	"""The p-th percentile (nearest rank) of ``values``, in ms."""
	ordered = sorted(values)
	return round(1000 * ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))], 1)


def summary(values: list[float]) -> dict:
	return {
		"n": len(values),
		"p50_ms": pct(values, 50),
		"p95_ms": pct(values, 95),
		"max_ms": round(1000 * max(values), 1),
	}


def company() -> tuple[str, str]:
	name = frappe.db.get_value("Company", {}, "name", order_by="creation asc")
	return name, frappe.db.get_value("Company", name, "abbr")


def warehouse_name() -> str:
	return f"{WAREHOUSE_NAME} - {company()[1]}"


def ensure(doctype: str, name: str, values: dict) -> str:
	if not frappe.db.exists(doctype, name):
		return frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True).name
	return name


def hot_item(i: int) -> str:
	return f"SC-HOT-{i:04d}"


# ------------------------------------------------------------------------------------------- seed


def seed(site: str, out: str) -> None:
	connect(site)
	t0 = time.monotonic()
	try:
		if not frappe.db.a_row_exists("Company"):
			for hook in frappe.get_hooks("before_tests"):  # ERPNext's setup wizard, as the tests do
				frappe.get_attr(hook)()
			frappe.db.commit()
			frappe.set_user("Administrator")
		comp, abbr = company()
		warehouse = ensure(
			"Warehouse",
			f"{WAREHOUSE_NAME} - {abbr}",
			{
				"warehouse_name": WAREHOUSE_NAME,
				"company": comp,
				"parent_warehouse": f"All Warehouses - {abbr}",
			},
		)
		ensure(
			"Item Group", ITEM_GROUP, {"item_group_name": ITEM_GROUP, "parent_item_group": "All Item Groups"}
		)
		ensure("Customer", CUSTOMER, {"customer_name": CUSTOMER, "customer_type": "Company"})
		for key, value in {
			"pick_task_creation": "On Sales Order Submit",
			"default_removal_strategy": "FIFO",
			"delivery_note_action": "Do Nothing",  # nothing queued: the figures are the request's own
		}.items():
			frappe.db.set_single_value("WMS Settings", key, value)
		layout = floor(warehouse)
		frappe.db.commit()
		hot_stock(comp, warehouse, layout)
		background_stock(warehouse)
		operators()
		analyze()
		counts = table_counts(warehouse)
		say(f"seeded in {time.monotonic() - t0:.0f} s: {counts}")
		merge_out(out, "seed", {"seconds": round(time.monotonic() - t0), "rows": counts})
	finally:
		frappe.destroy()


def floor(warehouse: str):
	from wms_module.core.bins import RackRange
	from wms_module.services import layout as layout_service

	zones = {}
	for code, zone_type in (("PICK", "Pick"), ("STG", "Staging"), ("RCV", "Receiving")):
		zones[code] = ensure(
			"Storage Zone",
			f"{code} - {warehouse}",
			{"zone_code": code, "warehouse": warehouse, "zone_type": zone_type},
		)
	for code, zone in (("STAGE", "STG"), ("DOCK", "RCV")):
		ensure(
			"Storage Bin",
			f"{code} - {warehouse}",
			{"bin_code": code, "warehouse": warehouse, "zone": zones[zone]},
		)
	name = frappe.db.get_value("Warehouse Layout", {"warehouse": warehouse})
	if not name:
		name = (
			frappe.get_doc(
				{
					"doctype": "Warehouse Layout",
					"warehouse": warehouse,
					"n_aisles": ord(AISLES) - ord("A") + 1,
					"bays_per_aisle": BAYS,
					"n_blocks": 1,
					"bay_width": 1.2,
					"aisle_spacing": 3,
					"cross_aisle_width": 2,
					"depot_aisle": 0,
					"staging_bin": f"STAGE - {warehouse}",
					"receiving_bin": f"DOCK - {warehouse}",
					"is_active": 1,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	layout = frappe.get_doc("Warehouse Layout", name)
	t = time.monotonic()
	result = layout_service.generate(
		layout,
		RackRange("A", AISLES, 1, BAYS, 1, LEVELS, positions=POSITIONS, zone=zones["PICK"]),
	)
	frappe.db.commit()
	say(
		f"Generate Bins: {result['created']} created, {result['existing']} there ({time.monotonic() - t:.1f} s)"
	)
	return layout


def pick_bins(warehouse: str) -> list[str]:
	return frappe.get_all(
		"Storage Bin",
		filters={"warehouse": warehouse, "zone": f"PICK - {warehouse}"},
		order_by="pick_sequence asc, name asc",
		pluck="name",
	)


def hot_stock(comp: str, warehouse: str, layout) -> None:
	"""1,000 real items with real stock: one Material Receipt, then one move each into a pick bin."""
	from wms_module.services import moves
	from wms_module.services.storage import unlocated_bins

	missing = [hot_item(i) for i in range(HOT_ITEMS) if not frappe.db.exists("Item", hot_item(i))]
	t = time.monotonic()
	for code in missing:
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": code,
				"item_group": ITEM_GROUP,
				"stock_uom": "Nos",
				"is_stock_item": 1,
				"valuation_rate": 5,
			}
		).insert(ignore_permissions=True)
	frappe.db.commit()
	say(f"{len(missing)} hot items inserted ({time.monotonic() - t:.1f} s)")
	if frappe.db.exists("Stock Ledger Entry", {"warehouse": warehouse, "is_cancelled": 0}):
		return
	t = time.monotonic()
	se = frappe.get_doc({"doctype": "Stock Entry", "stock_entry_type": "Material Receipt", "company": comp})
	for i in range(HOT_ITEMS):
		se.append(
			"items",
			{
				"item_code": hot_item(i),
				"qty": HOT_QTY,
				"t_warehouse": warehouse,
				"basic_rate": 5,
				"conversion_factor": 1,
			},
		)
	se.insert(ignore_permissions=True)
	se.submit()
	frappe.db.commit()
	say(f"Material Receipt of {HOT_ITEMS} lines submitted ({time.monotonic() - t:.1f} s)")
	t = time.monotonic()
	bins = pick_bins(warehouse)
	step = max(1, len(bins) // HOT_ITEMS)
	unlocated = unlocated_bins([warehouse])[warehouse]
	for i in range(HOT_ITEMS):
		moves.move_stock(
			moves.MoveStock(item_code=hot_item(i), qty=HOT_QTY, from_bin=unlocated, to_bin=bins[i * step])
		)
		if i % 100 == 99:
			frappe.db.commit()
	frappe.db.commit()
	say(f"{HOT_ITEMS} moves unlocated -> pick bins ({time.monotonic() - t:.1f} s)")


def background_stock(warehouse: str) -> None:
	"""19,000 items and 98,000 Bin Stock rows of volume (see the module docstring)."""
	from wms_module.core.bins import LedgerRow
	from wms_module.services import bin_ledger
	from wms_module.services.rows import standard_values, with_standard_columns

	if frappe.db.exists("Item", f"SC-BG-{BACKGROUND_ITEMS - 1:05d}"):
		return
	now, user = now_datetime(), frappe.session.user
	t = time.monotonic()
	items = [f"SC-BG-{i:05d}" for i in range(BACKGROUND_ITEMS)]
	frappe.db.bulk_insert(
		"Item",
		with_standard_columns(
			"item_code",
			"item_name",
			"item_group",
			"stock_uom",
			"is_stock_item",
			"include_item_in_manufacturing",
		),
		[(code, now, now, user, user, 0, code, code, ITEM_GROUP, "Nos", 1, 1) for code in items],
		ignore_duplicates=True,
	)
	frappe.db.commit()
	say(f"{len(items)} background items bulk-inserted ({time.monotonic() - t:.1f} s)")
	rng = random.Random(7)
	bins = pick_bins(warehouse)
	per_item = BACKGROUND_BIN_STOCK // len(items)
	extra = BACKGROUND_BIN_STOCK - per_item * len(items)
	rows, erp_qty = [], defaultdict(float)
	for n, code in enumerate(items):
		for b in rng.sample(bins, per_item + (1 if n < extra else 0)):
			qty = rng.randint(1, 40)
			rows.append(LedgerRow(b, warehouse, code, None, qty))
			erp_qty[code] += qty
	t = time.monotonic()
	for start in range(0, len(rows), 10000):
		bin_ledger.post_rows(
			rows[start : start + 10000], movement_type="Opening", remarks="scale check volume"
		)
		frappe.db.commit()
	say(f"{len(rows)} background Bin Stock rows posted through the bin ledger ({time.monotonic() - t:.1f} s)")
	frappe.db.bulk_insert(
		"Bin",
		with_standard_columns("item_code", "warehouse", "actual_qty", "projected_qty", "stock_uom"),
		[(*standard_values(now, user), code, warehouse, qty, qty, "Nos") for code, qty in erp_qty.items()],
	)
	frappe.db.commit()


def operators() -> None:
	from frappe.utils.password import update_password

	# Frappe refuses more than throttle_user_limit (60) new users a minute (user.py
	# throttle_user_creation): this process's copy of the site config lifts it for the seed
	frappe.local.conf.throttle_user_limit = 10**6
	for email in [f"scale-op-{n:02d}@example.com" for n in range(OPERATORS)] + [EXPLAIN_OPERATOR]:
		if frappe.db.exists("User", email):
			user = frappe.get_doc("User", email)
			if not user.enabled:  # made by an earlier seed with defaults skipped
				user.enabled = 1
				user.save(ignore_permissions=True)
			continue
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": email.split("@")[0],
				"user_type": "System User",
				"send_welcome_email": 0,
				"roles": [{"role": "WMS Operator"}],
			}
		).insert(ignore_permissions=True)
		update_password(email, LOAD_PASSWORD)
	frappe.db.commit()


def analyze() -> None:
	"""Fresh statistics, as a live site has them (MariaDB plans by them)."""
	for table in ("Storage Bin", "Bin Stock", "Bin Ledger Entry", "Warehouse Task", "Item", "Bin"):
		frappe.db.sql(f"analyze table `tab{table}`")


def table_counts(warehouse: str) -> dict:
	return {
		"storage_bins": frappe.db.count("Storage Bin"),
		"items": frappe.db.count("Item"),
		"bin_stock": frappe.db.count("Bin Stock"),
		"bin_ledger": frappe.db.count("Bin Ledger Entry"),
		"open_tasks": frappe.db.count(
			"Warehouse Task", {"status": ["in", ["Open", "Assigned", "In Progress"]]}
		),
	}


# ----------------------------------------------------------------------------------------- orders


def submit_order(comp: str, warehouse: str, items: list[str], qty: int = 1):
	delivery = add_days(nowdate(), 3)
	doc = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"customer": CUSTOMER,
			"company": comp,
			"transaction_date": nowdate(),
			"delivery_date": delivery,
			"order_type": "Sales",
			"items": [
				{"item_code": i, "qty": qty, "rate": 10, "warehouse": warehouse, "delivery_date": delivery}
				for i in items
			],
		}
	)
	doc.insert(ignore_permissions=True)
	t = time.monotonic()
	doc.submit()
	frappe.db.commit()
	return doc, time.monotonic() - t


def draft_wave(warehouse: str, sales_orders: list[str]):
	"""A Draft Batch-picking Pick Wave of ``sales_orders``."""
	return frappe.get_doc(
		{
			"doctype": "Pick Wave",
			"warehouse": warehouse,
			"picking_mode": "Batch",
			"orders": [{"sales_order": so} for so in sales_orders],
		}
	).insert(ignore_permissions=True)


def orders(site: str, out: str) -> None:
	"""ORDERS Sales Orders of LINES distinct hot items, each submitted (the WMS allocates) and timed."""
	connect(site)
	try:
		comp, _abbr = company()
		warehouse = warehouse_name()
		rng = random.Random(int(time.time()))
		hot = [hot_item(i) for i in range(HOT_ITEMS)]
		times, names = [], []
		for n in range(ORDERS):
			doc, seconds = submit_order(comp, warehouse, rng.sample(hot, LINES))
			tasks = frappe.db.count("Warehouse Task", {"reference_name": doc.name, "task_type": "Pick"})
			if tasks != LINES:
				raise SystemExit(f"{doc.name}: {tasks} Pick tasks for {LINES} lines (stock ran out? re-seed)")
			times.append(seconds)
			names.append(doc.name)
			if n % 10 == 9:
				say(f"{n + 1} orders submitted, last {seconds:.2f} s")
		result = summary(times) | {"lines": LINES, "orders": names}
		say(f"100-line Sales Order submit: {result['p50_ms']} ms p50, {result['p95_ms']} ms p95")
		merge_out(out, "so_submit", result)
	finally:
		frappe.destroy()


def waves(site: str, out: str) -> None:
	"""The orders of ``orders`` on waves of 5 (500 pick lines: the default Max Pick Lines of a wave),
	planned and released to the load operators in turn: each order (100 lines, bigger than a cart)
	is one tour, so 120 orders give each of 60 operators two."""
	from wms_module.services import waves as wave_service

	connect(site)
	try:
		with open(out) as f:
			names = json.load(f)["so_submit"]["orders"]
		warehouse = warehouse_name()
		ops = [f"scale-op-{n:02d}@example.com" for n in range(OPERATORS)]
		times = []
		for start in range(0, len(names), WAVE_ORDERS):
			chunk = names[start : start + WAVE_ORDERS]
			wave = draft_wave(warehouse, chunk)
			t = time.monotonic()
			wave_service.plan_wave(wave_name=wave.name)
			turn = [ops[(start + i) % len(ops)] for i in range(len(chunk))]
			wave_service.release_wave(wave_name=wave.name, operators=turn)
			frappe.db.commit()
			times.append(time.monotonic() - t)
		result = summary(times) | {"waves": len(times), "orders_per_wave": WAVE_ORDERS}
		say(f"plan + release of a {WAVE_ORDERS}-order wave: {result['p50_ms']} ms p50")
		merge_out(out, "wave_plan_release", result)
	finally:
		frappe.destroy()


def bigwave(site: str, out: str) -> None:
	"""One wave of BIG_WAVE orders (2 lines each) planned through the app: gathering, batching with the
	app's default (WMS Settings), routing every tour and writing them; the figure issue 11 measured
	at 11-14 s before restricted savings. The orders are submitted first (not timed here)."""
	from wms_module.services import waves as wave_service

	connect(site)
	try:
		comp, _abbr = company()
		warehouse = warehouse_name()
		rng = random.Random(int(time.time()) + 1)
		hot = [hot_item(i) for i in range(HOT_ITEMS)]
		t = time.monotonic()
		names = [submit_order(comp, warehouse, rng.sample(hot, 2))[0].name for _ in range(BIG_WAVE)]
		say(f"{BIG_WAVE} two-line orders submitted ({time.monotonic() - t:.0f} s)")
		settings = frappe.get_single("WMS Settings")
		limits = {f: settings.get(f) for f in ("max_orders_per_wave", "max_lines_per_wave")}
		frappe.db.set_single_value(
			"WMS Settings", {"max_orders_per_wave": BIG_WAVE, "max_lines_per_wave": 2 * BIG_WAVE}
		)
		frappe.db.commit()
		try:
			wave = draft_wave(warehouse, names)
			frappe.db.commit()
			t, cpu = time.monotonic(), time.process_time()
			planned = wave_service.plan_wave(wave_name=wave.name)
			frappe.db.commit()
			wall, cpu = time.monotonic() - t, time.process_time() - cpu
		finally:
			frappe.db.set_single_value("WMS Settings", limits)
			frappe.db.commit()
		result = {
			"orders": BIG_WAVE,
			"lines": 2 * BIG_WAVE,
			"tours": len(planned.tours),
			"method": settings.batching_method,
			"plan_s": round(wall, 2),
			"plan_cpu_s": round(cpu, 2),
		}
		say(f"plan of one {BIG_WAVE}-order wave through the app: {result}")
		merge_out(out, "big_wave", result)
	finally:
		frappe.destroy()


# ---------------------------------------------------------------------------------------- explain


def hot_paths(recorder: QueryRecorder, warehouse: str) -> dict:
	"""Walk the hot paths at scale; returns what each took (s)."""
	from wms_module.reports import bin_stock_reconciliation, bin_utilization, stock_by_bin
	from wms_module.services import moves, task_lists
	from wms_module.services import waves as wave_service
	from wms_module.services.picking import ConfirmPick, confirm_pick
	from wms_module.services.reconciliation import find_drift
	from wms_module.services.storage import resolve_bin

	comp, _abbr = company()
	took = {}

	def path(name):
		recorder.path = name
		return name

	def timed(name, fn):
		path(name)
		t = time.monotonic()
		value = fn()
		took[name] = round(time.monotonic() - t, 3)
		return value

	some_bin = frappe.get_all(
		"Storage Bin",
		filters={"warehouse": warehouse, "bin_code": ["like", "M-%"]},
		fields=["name", "bin_code", "barcode"],
		limit=1,
	)[0]
	timed("scan a bin by code", lambda: resolve_bin(some_bin.bin_code, warehouse=warehouse))
	timed("scan a bin by barcode", lambda: resolve_bin(some_bin.barcode, warehouse=warehouse))
	hot = [hot_item(i) for i in random.Random(1).sample(range(HOT_ITEMS), 5)]
	so, _ = timed("allocate: submit a 5-line Sales Order", lambda: submit_order(comp, warehouse, hot))
	ops = [EXPLAIN_OPERATOR]
	wave = draft_wave(warehouse, [so.name])
	timed("wave gathering and planning", lambda: wave_service.plan_wave(wave_name=wave.name))
	timed("wave release", lambda: wave_service.release_wave(wave_name=wave.name, operators=ops))
	rows = timed("my_tasks", lambda: task_lists.my_tasks(user=ops[0]))
	frappe.set_user(ops[0])
	try:
		first, second = rows[0], rows[1]
		timed(
			"pick confirm",
			lambda: confirm_pick(
				ConfirmPick(
					task=first["name"],
					bin_scan=first["source_bin_code"],
					item_scan=first["item_code"],
					qty=first["qty"],
				)
			),
		)
		timed(
			"short pick",
			lambda: confirm_pick(
				ConfirmPick(
					task=second["name"],
					bin_scan=second["source_bin_code"],
					item_scan=second["item_code"],
					qty=0,
					short=True,
				)
			),
		)
	finally:
		frappe.set_user("Administrator")
	src = frappe.db.get_value(
		"Bin Stock", {"warehouse": warehouse, "item_code": hot[2], "on_hand_qty": [">", 5]}, "storage_bin"
	)
	dst = frappe.get_all(
		"Storage Bin", filters={"warehouse": warehouse, "bin_code": ["like", "X-%"]}, pluck="name", limit=1
	)[0]
	if src:
		timed(
			"move",
			lambda: moves.move_stock(moves.MoveStock(item_code=hot[2], qty=1, from_bin=src, to_bin=dst)),
		)
	inbound_paths(timed, comp, warehouse)
	timed(
		"report: Stock by Bin (one item)",
		lambda: stock_by_bin.execute({"warehouse": warehouse, "item_code": hot[3]}),
	)
	timed(
		"report: Stock by Bin (one bin)",
		lambda: stock_by_bin.execute({"warehouse": warehouse, "storage_bin": some_bin.name}),
	)
	timed("report: Bin Utilization (warehouse)", lambda: bin_utilization.execute({"warehouse": warehouse}))
	timed(
		"report: Bin Stock Reconciliation", lambda: bin_stock_reconciliation.execute({"warehouse": warehouse})
	)
	timed("drift check (warehouse)", lambda: find_drift(warehouse))
	frappe.db.rollback()  # the walk leaves nothing behind
	return took


def inbound_paths(timed, comp: str, warehouse: str) -> None:
	"""A 20-line Purchase Receipt into the dock, directed putaway planning its tasks against the
	50,000 bins (on demand: the scale site predates the On Receipt Submit default), and one of them
	put away by an operator."""
	from wms_module.services.putaway import ConfirmPutaway, confirm_putaway
	from wms_module.services.putaway_planning import create_receipt_putaway
	from wms_module.services.tasks import tasks_of

	supplier = ensure(
		"Supplier", "Scale Supplier", {"supplier_name": "Scale Supplier", "supplier_type": "Company"}
	)
	items = [hot_item(i) for i in random.Random(2).sample(range(HOT_ITEMS), RECEIPT_LINES)]
	doc = frappe.get_doc(
		{
			"doctype": "Purchase Receipt",
			"supplier": supplier,
			"company": comp,
			"items": [
				{"item_code": i, "qty": 12, "received_qty": 12, "rate": 4, "warehouse": warehouse}
				for i in items
			],
		}
	).insert(ignore_permissions=True)
	timed(f"receipt: submit {RECEIPT_LINES} lines into the dock", doc.submit)
	timed(f"putaway: plan a {RECEIPT_LINES}-line receipt", lambda: create_receipt_putaway(doc.name))
	task = next(t for t in tasks_of("Purchase Receipt", doc.name) if t.destination_bin)
	codes = dict(
		frappe.get_all(
			"Storage Bin",
			filters={"name": ["in", [task.source_bin, task.destination_bin]]},
			fields=["name", "bin_code"],
			as_list=True,
		)
	)
	frappe.set_user(EXPLAIN_OPERATOR)
	try:
		timed(
			"putaway confirm",
			lambda: confirm_putaway(
				ConfirmPutaway(
					task=task.name,
					source_scan=codes[task.source_bin],
					item_scan=task.item_code,
					qty=task.qty,
					destination_scan=codes[task.destination_bin],
				)
			),
		)
	finally:
		frappe.set_user("Administrator")


def explain(site: str, out: str) -> None:
	connect(site)
	try:
		warehouse = warehouse_name()
		analyze()
		with QueryRecorder() as recorder:
			took = hot_paths(recorder, warehouse)
		sizes = {}
		checked, failures, plans = 0, [], []
		for path, query, values in recorder.sent:
			if not is_read_or_write(query):
				continue
			names = tables_by_alias(query)
			checked += 1
			plan = frappe.db.sql("explain " + query, *([values] if values else []), as_dict=True)
			for row in plan:
				table = names.get(row.get("table"), row.get("table"))
				if row.get("type") != "ALL" or not table:
					continue
				if table not in sizes:
					sizes[table] = (
						frappe.db.sql(f"select count(*) from `tab{table}`")[0][0]
						if f"`tab{table}`" in query
						else 0
					)
				line = {
					"path": path,
					"table": table,
					"rows": sizes[table],
					"query": " ".join(query.split())[:240],
				}
				if sizes[table] >= BIG_ROWS:
					plans.append(line)
				if (
					table in APP_TABLES
					and table not in SMALL_TABLES
					and sizes[table] >= BIG_ROWS
					and path not in WHOLE_WAREHOUSE_PATHS
				):
					failures.append(line)
		for f in failures:
			say(f"FULL SCAN of {f['table']} ({f['rows']} rows) in {f['path']}: {f['query']}")
		say(
			f"{checked} hot queries explained over {len(took)} paths; {len(failures)} full scans of big app tables"
		)
		merge_out(
			out,
			"explain",
			{
				"queries": checked,
				"paths": took,
				"full_scans": failures,
				"all_scans": plans,
				"rows": table_counts(warehouse),  # the table sizes the plans were made at
			},
		)
		if failures:
			sys.exit(1)
	finally:
		frappe.destroy()


# ---------------------------------------------------------------------------------------- timings


def timings(site: str, out: str) -> None:
	"""In-process p50/p95 (no HTTP) of my_tasks (an operator with a 100-task tour) and pick confirm."""
	from wms_module.services import task_lists
	from wms_module.services.picking import ConfirmPick, confirm_pick

	connect(site)
	try:
		op = frappe.db.sql(
			"""select assigned_to from `tabWarehouse Task` where status='Assigned' and task_type='Pick'
			and assigned_to like 'scale-op-%%' group by assigned_to order by count(*) desc limit 1"""
		)[0][0]
		listing = []
		for _ in range(50):
			t = time.monotonic()
			rows = task_lists.my_tasks(user=op)
			listing.append(time.monotonic() - t)
		confirms = []
		frappe.set_user(op)
		for row in rows[:40]:
			t = time.monotonic()
			confirm_pick(
				ConfirmPick(
					task=row["name"],
					bin_scan=row["source_bin_code"],
					item_scan=row["item_code"],
					qty=row["qty"],
				)
			)
			frappe.db.commit()
			confirms.append(time.monotonic() - t)
		frappe.set_user("Administrator")
		result = {"my_tasks": summary(listing) | {"rows": len(rows)}, "pick_confirm": summary(confirms)}
		say(f"my_tasks ({len(rows)} rows): {result['my_tasks']}; pick confirm: {result['pick_confirm']}")
		merge_out(out, "in_process", result)
	finally:
		frappe.destroy()


# ----------------------------------------------------------------------------------------- verify


def verify(site: str, out: str) -> None:
	from wms_module.services.reconciliation import find_drift

	connect(site)
	try:
		warehouse = warehouse_name()
		drift = find_drift(warehouse)
		counts = table_counts(warehouse)
		staged = frappe.db.sql(
			"select count(*) from `tabWarehouse Task` where task_type='Pick' and status='Done'"
		)[0][0]
		say(f"bins vs ERPNext: {len(drift)} lines differ; {counts}; {staged} picks done in all")
		merge_out(
			out,
			"verify",
			{"drift_lines": len(drift), "drift": [d.as_row() for d in drift[:20]], "rows": counts},
		)
		if drift:
			sys.exit(1)
	finally:
		frappe.destroy()


COMMANDS = {
	"seed": seed,
	"orders": orders,
	"waves": waves,
	"bigwave": bigwave,
	"explain": explain,
	"timings": timings,
	"verify": verify,
}

if __name__ == "__main__":
	if len(sys.argv) != 4 or sys.argv[1] not in COMMANDS:
		raise SystemExit(f"usage: scale_check.py {{{'|'.join(COMMANDS)}}} SITE OUT.json")
	COMMANDS[sys.argv[1]](sys.argv[2], sys.argv[3])
