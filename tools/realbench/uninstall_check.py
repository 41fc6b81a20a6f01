"""The Python half of uninstall_check.sh: data before, ERPNext's figures, the checks after.

Run from the bench's sites/ folder with its env/bin/python, as the bench user:

	../env/bin/python uninstall_check.py prepare  SITE STATE.json    # WMS in use: floor, stock, orders, picks
	../env/bin/python uninstall_check.py snapshot SITE FIGURES.json  # ERPNext's own figures (plain SQL)
	../env/bin/python uninstall_check.py verify   SITE STATE.json FIGURES.json RESULT.json

It lives outside the app on purpose: after `bench uninstall-app wms_module` the app's code is still
in the bench (uninstall-app only removes it from the site), but nothing here may depend on the app
being installed. `prepare` imports wms_module (the app is installed then); `snapshot` and `verify`
never do. `verify` prints one line per check and exits 1 when any check FAILs: ERPNext's figures
changed, something of the app is still live on the site (a table, DocType, Module Def, Custom Field,
Property Setter, Role, scheduled job, hook), or ERPNext refuses its ordinary documents afterwards.
Inert residue (a dropped field's column, Patch Log rows, log rows naming a dropped DocType) is a
WARN: reported, not a failure.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from decimal import Decimal

import frappe
from frappe.utils import add_days, flt, nowdate

APP = "wms_module"
MODULE = "WMS Module"
WMS_ROLES = ("WMS Manager", "WMS Supervisor", "WMS Operator")
WAREHOUSE_NAME = "UC Floor"
ITEM_A, ITEM_B = "UC-ITEM-A", "UC-ITEM-B"
CUSTOMER, SUPPLIER, ITEM_GROUP = "UC Customer", "UC Supplier", "UC Items"


def connect(site: str) -> None:
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")


def dump(path: str, data) -> None:
	with open(path, "w") as f:
		json.dump(data, f, indent=1, sort_keys=True, default=str)


def load(path: str):
	with open(path) as f:
		return json.load(f)


def timed(label: str):
	class _T:
		def __enter__(self):
			self.t = time.monotonic()
			return self

		def __exit__(self, *exc):
			print(f"  [{time.monotonic() - self.t:6.1f}s] {label}", flush=True)

	return _T()


# ---------------------------------------------------------------------------------------- prepare


def company() -> tuple[str, str]:
	name = frappe.db.get_value("Company", {}, "name", order_by="creation asc")
	return name, frappe.db.get_value("Company", name, "abbr")


def ensure(doctype: str, name: str, values: dict) -> str:
	if not frappe.db.exists(doctype, name):
		return frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True).name
	return name


def submit(doc):
	doc.insert(ignore_permissions=True)
	doc.reload()
	doc.submit()
	return doc


def purchase_receipt(comp: str, warehouse: str, lines: list[tuple[str, float]]):
	doc = frappe.get_doc({"doctype": "Purchase Receipt", "supplier": SUPPLIER, "company": comp})
	for item, qty in lines:
		doc.append(
			"items", {"item_code": item, "qty": qty, "received_qty": qty, "rate": 10, "warehouse": warehouse}
		)
	return submit(doc)


def sales_order(comp: str, warehouse: str, lines: list[tuple[str, float]], **values):
	delivery = add_days(nowdate(), 5)
	doc = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"customer": CUSTOMER,
			"company": comp,
			"transaction_date": nowdate(),
			"delivery_date": delivery,
			"order_type": "Sales",
			**values,
		}
	)
	for item, qty in lines:
		doc.append(
			"items",
			{"item_code": item, "qty": qty, "rate": 20, "warehouse": warehouse, "delivery_date": delivery},
		)
	return submit(doc)


def delivery_note_for(sales_order_name: str):
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note

	return submit(make_delivery_note(sales_order_name))


def prepare(site: str, state_path: str) -> None:
	"""The WMS in use on a new site: ERPNext set up as the test suite does, a managed warehouse with
	zones, bins and an active layout, stock received and moved into pick bins, one order picked and
	delivered through the WMS, one order submitted with its Pick tasks still open."""
	from wms_module.services import moves
	from wms_module.services.delivery import deliver_picked_order
	from wms_module.services.picking import ConfirmPick, confirm_pick

	connect(site)
	try:
		with timed("before_tests hooks (ERPNext setup wizard)"):
			# as tests/conftest.py run_before_tests_hooks() and `bench run-tests` do
			for hook in frappe.get_hooks("before_tests"):
				frappe.get_attr(hook)()
			frappe.db.commit()
			frappe.set_user("Administrator")

		comp, abbr = company()
		with timed("master data"):
			ensure(
				"Item Group",
				ITEM_GROUP,
				{"item_group_name": ITEM_GROUP, "parent_item_group": "All Item Groups"},
			)
			ensure("Customer", CUSTOMER, {"customer_name": CUSTOMER, "customer_type": "Company"})
			ensure("Supplier", SUPPLIER, {"supplier_name": SUPPLIER, "supplier_type": "Company"})
			warehouse = ensure(
				"Warehouse",
				f"{WAREHOUSE_NAME} - {abbr}",
				{
					"warehouse_name": WAREHOUSE_NAME,
					"company": comp,
					"parent_warehouse": f"All Warehouses - {abbr}",
				},
			)
			for code, extra in ((ITEM_A, {"wms_unit_volume": 0.001}), (ITEM_B, {})):
				ensure(
					"Item",
					code,
					{
						"item_code": code,
						"item_name": code,
						"item_group": ITEM_GROUP,
						"stock_uom": "Nos",
						"is_stock_item": 1,
						**extra,
					},
				)
			for key, value in {
				"pick_task_creation": "On Sales Order Submit",
				"default_removal_strategy": "FIFO",
				"delivery_note_action": "Do Nothing",  # nothing queued in the shared Redis by a pick
			}.items():
				frappe.db.set_single_value("WMS Settings", key, value)
			frappe.db.commit()

		with timed("zones, bins, active Warehouse Layout"):
			zones = {}
			for code, zone_type in (("PICK", "Pick"), ("STG", "Staging"), ("RCV", "Receiving")):
				zones[code] = ensure(
					"Storage Zone",
					f"{code} - {warehouse}",
					{"zone_code": code, "warehouse": warehouse, "zone_type": zone_type},
				)
			bins = {}
			for code, zone, aisle, bay in (
				("STAGE", "STG", None, None),
				("DOCK", "RCV", None, None),
				("P-01", "PICK", 0, 1),
				("P-02", "PICK", 0, 2),
			):
				bins[code] = ensure(
					"Storage Bin",
					f"{code} - {warehouse}",
					{
						"bin_code": code,
						"warehouse": warehouse,
						"zone": zones[zone],
						"layout_aisle": aisle,
						"layout_bay": bay,
					},
				)
			layout = frappe.get_doc(
				{
					"doctype": "Warehouse Layout",
					"warehouse": warehouse,
					"n_aisles": 2,
					"bays_per_aisle": 4,
					"n_blocks": 1,
					"bay_width": 1,
					"aisle_spacing": 3,
					"cross_aisle_width": 2,
					"depot_aisle": 0,
					"staging_bin": bins["STAGE"],
					"receiving_bin": bins["DOCK"],
					"is_active": 1,
				}
			).insert(ignore_permissions=True)
			frappe.db.commit()

		with timed("Purchase Receipt (50 A, 30 B) and moves DOCK -> pick bins"):
			pr = purchase_receipt(comp, warehouse, [(ITEM_A, 50), (ITEM_B, 30)])
			frappe.db.commit()
			for item, qty, to_bin in ((ITEM_A, 50, "P-01"), (ITEM_B, 30, "P-02")):
				moves.move_stock(
					moves.MoveStock(item_code=item, qty=qty, from_bin=bins["DOCK"], to_bin=bins[to_bin])
				)
			frappe.db.commit()

		with timed("Sales Order 1 (5 A, 3 B, priority High): picks confirmed, Delivery Note by the WMS"):
			so1 = sales_order(comp, warehouse, [(ITEM_A, 5), (ITEM_B, 3)], wms_priority="High")
			frappe.db.commit()
			picks = frappe.get_all(
				"Warehouse Task",
				filters={"reference_doctype": "Sales Order", "reference_name": so1.name, "task_type": "Pick"},
				fields=["name", "source_bin", "item_code", "qty", "tote", "status"],
			)
			if not picks:
				raise AssertionError(f"no Pick tasks for {so1.name}: the WMS did not take the order")
			for t in picks:
				confirm_pick(
					ConfirmPick(
						task=t.name,
						bin_scan=frappe.db.get_value("Storage Bin", t.source_bin, "bin_code"),
						item_scan=t.item_code,
						qty=t.qty,
						tote=t.tote,
					)
				)
				frappe.db.commit()
			frappe.db.set_single_value("WMS Settings", "delivery_note_action", "Create and Submit")
			dn1 = deliver_picked_order(so1.name)  # what the queued job does after the last pick
			frappe.db.set_single_value("WMS Settings", "delivery_note_action", "Do Nothing")
			frappe.db.commit()
			if not dn1 or frappe.db.get_value("Delivery Note", dn1, "docstatus") != 1:
				raise AssertionError(f"the WMS made no submitted Delivery Note for {so1.name}: {dn1}")

		with timed("Sales Order 2 (4 A): Pick tasks left open"):
			so2 = sales_order(comp, warehouse, [(ITEM_A, 4)], wms_priority="Urgent")
			frappe.db.commit()

		tasks = frappe.db.sql(
			"select reference_name, task_type, status, count(*) n from `tabWarehouse Task` group by 1, 2, 3",
			as_dict=True,
		)
		bin_stock = frappe.get_all(
			"Bin Stock",
			fields=["storage_bin", "item_code", "on_hand_qty", "allocated_qty"],
			order_by="storage_bin, item_code",
		)
		state = {
			"company": comp,
			"abbr": abbr,
			"warehouse": warehouse,
			"layout": layout.name,
			"purchase_receipt": pr.name,
			"so1": so1.name,
			"dn1": dn1,
			"so2": so2.name,
			"tasks": tasks,
			"bin_stock": bin_stock,
			"inventory": inventory(),
		}
		dump(state_path, state)
		print(
			f"  warehouse {warehouse}, layout {layout.name}, PR {pr.name}, SO1 {so1.name} -> DN {dn1}, SO2 {so2.name}"
		)
		for t in tasks:
			print(f"  tasks: {t.reference_name} {t.task_type} {t.status}: {t.n}")
		for b in bin_stock:
			print(
				f"  Bin Stock {b.storage_bin} {b.item_code}: on hand {flt(b.on_hand_qty)}, allocated {flt(b.allocated_qty)}"
			)
		inv = state["inventory"]
		print(
			f"  the app on the site: {len(inv['doctypes'])} DocTypes, custom fields {inv['custom_fields']}, roles {inv['roles']}, "
			f"scheduled jobs {len(inv['scheduled_jobs'])}, reports {inv['reports']}, print formats {inv['print_formats']}, "
			f"workspaces {inv['workspaces']}, number cards {inv['number_cards']}"
		)
	finally:
		frappe.destroy()


def inventory() -> dict:
	"""What of the app the site holds (taken before the uninstall: the names to look for after it)."""
	doctypes = frappe.get_all("DocType", filters={"module": MODULE}, pluck="name", order_by="name")
	return {
		"doctypes": doctypes,
		"tables": [t for t in frappe.db.get_tables(cached=False) if t[3:] in doctypes],
		"custom_fields": frappe.get_all(
			"Custom Field",
			or_filters={"module": MODULE, "fieldname": ["like", "wms\\_%"]},
			pluck="name",
			order_by="name",
		),
		"property_setters": frappe.get_all("Property Setter", filters={"module": MODULE}, pluck="name"),
		"roles": frappe.get_all("Role", filters={"name": ["in", WMS_ROLES]}, pluck="name", order_by="name"),
		"reports": frappe.get_all("Report", filters={"module": MODULE}, pluck="name", order_by="name"),
		"print_formats": frappe.get_all(
			"Print Format", filters={"module": MODULE}, pluck="name", order_by="name"
		),
		"workspaces": frappe.get_all("Workspace", filters={"module": MODULE}, pluck="name"),
		"number_cards": frappe.get_all("Number Card", filters={"module": MODULE}, pluck="name"),
		"scheduled_jobs": frappe.get_all(
			"Scheduled Job Type", filters={"method": ["like", f"{APP}.%"]}, pluck="method", order_by="method"
		),
		"patch_log": frappe.db.count("Patch Log", {"patch": ["like", f"{APP}.%"]}),
	}


# --------------------------------------------------------------------------------------- snapshot


def _plain(rows) -> list[dict]:
	out = []
	for r in rows:
		out.append({k: (str(round(v, 6)) if isinstance(v, Decimal | float) else v) for k, v in r.items()})
	return out


def figures() -> dict:
	"""ERPNext's own figures, by plain SQL (no app code, no hooks): what an uninstall must not touch."""
	q = lambda sql: _plain(frappe.db.sql(sql, as_dict=True))  # noqa: E731
	return {
		"sle_per_warehouse_item": q(
			"""select warehouse, item_code, is_cancelled, count(*) n, sum(actual_qty) qty,
			sum(stock_value_difference) value from `tabStock Ledger Entry`
			group by warehouse, item_code, is_cancelled order by warehouse, item_code, is_cancelled"""
		),
		"sle_last_qty_after_transaction": q(
			"""select s.warehouse, s.item_code, s.qty_after_transaction, s.stock_value from `tabStock Ledger Entry` s
			where s.is_cancelled = 0 and s.name = (select s2.name from `tabStock Ledger Entry` s2
				where s2.warehouse = s.warehouse and s2.item_code = s.item_code and s2.is_cancelled = 0
				order by s2.posting_datetime desc, s2.creation desc limit 1)
			order by s.warehouse, s.item_code"""
		),
		"bin": q(
			"""select warehouse, item_code, actual_qty, reserved_qty, ordered_qty, projected_qty,
			reserved_stock, stock_value from `tabBin` order by warehouse, item_code"""
		),
		"gl_per_account": q(
			"""select account, is_cancelled, count(*) n, sum(debit) debit, sum(credit) credit
			from `tabGL Entry` group by account, is_cancelled order by account, is_cancelled"""
		),
		"gl_totals": q(
			"select count(*) n, sum(debit) debit, sum(credit) credit from `tabGL Entry` where is_cancelled = 0"
		),
		"sales_orders": q(
			"""select name, docstatus, status, per_delivered, per_billed, per_picked, grand_total
			from `tabSales Order` order by name"""
		),
		"sales_order_items": q(
			"select parent, item_code, qty, delivered_qty, warehouse from `tabSales Order Item` order by parent, idx"
		),
		"delivery_notes": q(
			"select name, docstatus, status, per_billed, grand_total from `tabDelivery Note` order by name"
		),
		"purchase_receipts": q(
			"select name, docstatus, status, grand_total from `tabPurchase Receipt` order by name"
		),
		"stock_entries": q("select name, docstatus, purpose from `tabStock Entry` order by name"),
		"stock_reservation_entries": q("select count(*) n from `tabStock Reservation Entry`"),
		"serial_and_batch_bundles": q("select count(*) n from `tabSerial and Batch Bundle`"),
		"payment_ledger": q(
			"select count(*) n, sum(amount) amount from `tabPayment Ledger Entry` where delinked = 0"
		),
		"counts": {
			dt: frappe.db.count(dt)
			for dt in (
				"Item",
				"Warehouse",
				"Company",
				"Customer",
				"Supplier",
				"Account",
				"Item Price",
				"User",
			)
		},
	}


def snapshot(site: str, out_path: str) -> None:
	connect(site)
	try:
		data = figures()
		dump(out_path, data)
		print(
			f"  {len(data['sle_per_warehouse_item'])} SLE groups, {len(data['bin'])} Bins, "
			f"{len(data['gl_per_account'])} GL account groups, GL {data['gl_totals'][0]}, "
			f"Sales Orders {[(s['name'], s['status']) for s in data['sales_orders']]}"
		)
	finally:
		frappe.destroy()


# ----------------------------------------------------------------------------------------- verify


class Checks:
	def __init__(self):
		self.rows: list[dict] = []

	def add(self, level: str, name: str, detail="") -> None:
		self.rows.append({"level": level, "check": name, "detail": detail})
		print(f"  {level:4}  {name}{': ' + str(detail) if detail not in ('', None) else ''}", flush=True)

	def ok(self, name, detail=""):
		self.add("OK", name, detail)

	def fail(self, name, detail=""):
		self.add("FAIL", name, detail)

	def warn(self, name, detail=""):
		self.add("WARN", name, detail)

	def expect_none(self, name, found, level="FAIL"):
		if found:
			self.add(level, name, found)
		else:
			self.ok(name)

	def run(self, name, fn):
		"""Run an ERPNext step; FAIL (rolled back) on any exception."""
		try:
			detail = fn()
			frappe.db.commit()
			self.ok(name, detail)
			return True
		except Exception as e:
			frappe.db.rollback()
			self.fail(name, f"{type(e).__name__}: {e}")
			traceback.print_exc()
			return False

	@property
	def failed(self) -> bool:
		return any(r["level"] == "FAIL" for r in self.rows)


def diff(before, after, path="") -> list[str]:
	if isinstance(before, dict) and isinstance(after, dict):
		out = []
		for k in sorted(set(before) | set(after)):
			out += diff(before.get(k), after.get(k), f"{path}.{k}")
		return out
	if isinstance(before, list) and isinstance(after, list):
		if before == after:
			return []
		gone = [r for r in before if r not in after]
		new = [r for r in after if r not in before]
		return [f"{path}: only before {gone}; only after {new}"]
	return [] if before == after else [f"{path}: {before!r} -> {after!r}"]


def table_columns(doctype: str, like: str) -> list[str]:
	return [
		r[0]
		for r in frappe.db.sql(
			"""select column_name from information_schema.columns
			where table_schema = database() and table_name = %s and column_name like %s""",
			(f"tab{doctype}", like),
		)
	]


def verify(site: str, state_path: str, before_path: str, result_path: str) -> int:
	state, before = load(state_path), load(before_path)
	inv = state["inventory"]
	app_doctypes = inv["doctypes"]
	c = Checks()
	connect(site)
	try:
		# 1. ERPNext's figures, untouched by the uninstall
		changes = diff(before, figures())
		if changes:
			c.fail("ERPNext figures unchanged (SLE, Bin, GL, SO/DN/PR status)", changes)
		else:
			c.ok(
				"ERPNext figures unchanged (SLE, Bin, GL, SO/DN/PR status)",
				f"{len(before['sle_per_warehouse_item'])} SLE groups, {len(before['bin'])} Bins, GL {before['gl_totals'][0]}",
			)

		# 2. the app is gone from the site
		c.expect_none(
			"wms_module not in installed apps", [a for a in frappe.get_installed_apps() if a == APP]
		)
		c.expect_none(
			"no Installed Application row",
			frappe.get_all("Installed Application", filters={"app_name": APP}, pluck="name"),
		)
		left_tables = [
			t
			for t in frappe.db.get_tables(cached=False)
			if t[3:] in app_doctypes or t.startswith(("tabWMS", "tabBin Stock"))
		]
		c.expect_none(
			f"no table of the app's {len(app_doctypes)} DocTypes (had {len(inv['tables'])})", left_tables
		)
		c.expect_none(
			"no DocType of the app",
			frappe.get_all(
				"DocType", or_filters={"module": MODULE, "name": ["in", app_doctypes]}, pluck="name"
			),
		)
		c.expect_none(
			"no Module Def 'WMS Module'",
			frappe.get_all("Module Def", filters={"app_name": APP}, pluck="name"),
		)
		c.expect_none(
			"no DocField / DocPerm rows of the app's DocTypes",
			frappe.db.sql(
				"select parent, count(*) from `tabDocField` where parent in %(d)s group by parent "
				"union all select parent, count(*) from `tabDocPerm` where parent in %(d)s group by parent",
				{"d": app_doctypes},
			),
		)
		c.expect_none(
			f"no Singles rows ({', '.join(d for d in app_doctypes if 'Settings' in d)})",
			frappe.db.sql(
				"select doctype, count(*) from `tabSingles` where doctype in %s group by doctype",
				(app_doctypes,),
			),
		)
		c.expect_none(
			f"no Custom Field of the app (had {inv['custom_fields']})",
			frappe.get_all(
				"Custom Field",
				or_filters={
					"module": MODULE,
					"name": ["in", inv["custom_fields"]],
					"dt": ["in", app_doctypes],
				},
				pluck="name",
			),
		)
		c.expect_none(
			"no Property Setter of the app (module WMS Module, or on a wms_ field)",
			frappe.get_all(
				"Property Setter",
				or_filters={"module": MODULE, "field_name": ["like", "wms\\_%"]},
				pluck="name",
			),
		)
		# Property Setters other apps made on the app's DocTypes: ERPNext's Stock Settings sets
		# "hidden" on every field named barcode (stock_settings.py validate); deleting a DocType with
		# ignore_on_trash (installer._delete_doctypes) leaves them
		c.expect_none(
			"no Property Setter left on the app's dropped DocTypes",
			frappe.get_all(
				"Property Setter",
				filters={"doc_type": ["in", app_doctypes]},
				fields=["name", "module", "owner"],
				as_list=True,
			),
			level="WARN",
		)
		for label, doctype in (
			("Report", "Report"),
			("Print Format", "Print Format"),
			("Workspace", "Workspace"),
			("Number Card", "Number Card"),
			("Dashboard Chart", "Dashboard Chart"),
			("Page", "Page"),
			("Web Form", "Web Form"),
			("Notification", "Notification"),
			("Client Script", "Client Script"),
			("Server Script", "Server Script"),
		):
			c.expect_none(
				f"no {label} of the app", frappe.get_all(doctype, filters={"module": MODULE}, pluck="name")
			)
		c.expect_none(
			"no Report on the app's DocTypes",
			frappe.get_all("Report", filters={"ref_doctype": ["in", app_doctypes]}, pluck="name"),
		)
		c.expect_none(
			"no Workspace link/shortcut to the app's DocTypes",
			frappe.db.sql(
				"select parent, link_to from `tabWorkspace Link` where link_to in %(d)s "
				"union all select parent, link_to from `tabWorkspace Shortcut` where link_to in %(d)s",
				{"d": app_doctypes},
			),
		)
		c.expect_none(
			f"no Role of the app (had {inv['roles']})",
			frappe.get_all("Role", filters={"name": ["in", WMS_ROLES]}, pluck="name"),
		)
		c.expect_none(
			"no Has Role rows for the app's roles",
			frappe.db.sql(
				"select parent, role from `tabHas Role` where role in %s order by parent, role", (WMS_ROLES,)
			),
		)
		c.expect_none(
			"no DocPerm / Custom DocPerm for the app's roles",
			frappe.db.sql(
				"select parent, role from `tabDocPerm` where role in %(r)s union all "
				"select parent, role from `tabCustom DocPerm` where role in %(r)s",
				{"r": WMS_ROLES},
			),
		)

		# 3. hooks: no doc_events / scheduler / permission hooks of the app answer any more
		frappe.clear_cache()
		hooked = []
		for hook in (
			"doc_events",
			"scheduler_events",
			"permission_query_conditions",
			"has_permission",
			"doctype_js",
			"jinja",
			"after_migrate",
		):
			if APP in repr(frappe.get_hooks(hook)):
				hooked.append(hook)
		c.expect_none("no hook of the app is read (doc_events, scheduler_events, ...)", hooked)
		jobs = frappe.get_all(
			"Scheduled Job Type",
			filters={"method": ["like", f"{APP}.%"]},
			fields=["name", "method", "frequency", "stopped"],
		)
		if jobs:
			# the scheduler enqueues every Scheduled Job Type that is not stopped (frappe/utils/scheduler.py
			# enqueue_events -> run_scheduled_job -> ScheduledJobType.execute); nothing removes these
			# until the next `bench migrate` (sync_jobs -> clear_events). Run each as the worker would.
			outcome = []
			for j in jobs:
				try:
					frappe.get_attr(j.method)
					why = "resolves"
				except Exception as e:
					why = f"{type(e).__name__}: {str(e)[:80]}"
				frappe.get_doc("Scheduled Job Type", j.name).execute()  # catches, logs, commits its log
				log = frappe.db.get_value(
					"Scheduled Job Log",
					{"scheduled_job_type": j.name},
					["status", "details"],
					order_by="creation desc",
				)
				status = log[0] if log else "no Scheduled Job Log (create_log off): only last_execution moves"
				outcome.append(
					f"{j.method} ({j.frequency}, stopped={j.stopped}): get_attr -> {why}; execute() -> {status}"
				)
			c.fail("no Scheduled Job Type of the app left for the scheduler", outcome)
		else:
			c.ok("no Scheduled Job Type of the app left for the scheduler")

		# 4. inert residue (reported, not a failure)
		for doctype, like in (("Item", "wms\\_%"), ("Sales Order", "wms\\_%")):
			cols = table_columns(doctype, like)
			if cols:
				filled = {
					col: frappe.db.sql(
						f"select count(*) from `tab{doctype}` where ifnull(`{col}`, '') not in ('', '0')"
					)[0][0]
					for col in cols
				}
				c.warn(f"columns left in tab{doctype} (Frappe never drops a custom field's column)", filled)
			else:
				c.ok(f"no wms_ column left in tab{doctype}")
		residue = {
			"Patch Log": frappe.db.count("Patch Log", {"patch": ["like", f"{APP}.%"]}),
			"Version": frappe.db.count("Version", {"ref_doctype": ["in", app_doctypes]}),
			"Comment": frappe.db.count("Comment", {"reference_doctype": ["in", app_doctypes]}),
			"Activity Log": frappe.db.count("Activity Log", {"reference_doctype": ["in", app_doctypes]}),
			"ToDo": frappe.db.count("ToDo", {"reference_type": ["in", app_doctypes]}),
			"File": frappe.db.count("File", {"attached_to_doctype": ["in", app_doctypes]}),
			"Error Log": frappe.db.count("Error Log", {"reference_doctype": ["in", app_doctypes]}),
			"Notification Log": frappe.db.count("Notification Log", {"document_type": ["in", app_doctypes]}),
			"DocShare": frappe.db.count("DocShare", {"share_doctype": ["in", app_doctypes]}),
			"User Permission": frappe.db.count("User Permission", {"allow": ["in", app_doctypes]}),
			"Deleted Document (WMS records)": frappe.db.count(
				"Deleted Document", {"deleted_doctype": ["in", app_doctypes]}
			),
			# delete_doc keeps a copy of each record remove_app deletes (not of the dropped tables' rows)
			"Deleted Document (the uninstall's copies)": frappe.db.count(
				"Deleted Document",
				{
					"deleted_name": [
						"in",
						app_doctypes
						+ inv["custom_fields"]
						+ inv["reports"]
						+ inv["print_formats"]
						+ inv["workspaces"]
						+ inv["number_cards"]
						+ [MODULE],
					]
				},
			),
			"__global_search": frappe.db.sql(
				"select count(*) from __global_search where doctype in %s", (app_doctypes,)
			)[0][0],
			"Custom Field (dt = app DocType)": frappe.db.count("Custom Field", {"dt": ["in", app_doctypes]}),
			"Block Module (User / Module Profile)": frappe.db.count("Block Module", {"module": MODULE}),
			"Desktop Icon": len(
				frappe.get_all(
					"Desktop Icon",
					or_filters={"app": APP, "module_name": MODULE, "_doctype": ["in", app_doctypes]},
				)
			),
		}
		residue = {k: v for k, v in residue.items() if v}
		if residue:
			c.warn("rows that name the app or its dropped DocTypes", residue)
		else:
			c.ok("no rows name the app or its dropped DocTypes")

		# 5. ERPNext still works: forms, new documents, the order the WMS was picking, a cancel
		warehouse, comp = state["warehouse"], state["company"]

		def forms():
			from frappe.desk.form.meta import get_meta as form_meta

			bad = []
			for dt, field in (("Sales Order", "wms_priority"), ("Item", "wms_unit_volume")):
				frappe.clear_cache(doctype=dt)
				if frappe.get_meta(dt).get_field(field):
					bad.append(f"{dt}.{field} still in meta")
				js = json.dumps(form_meta(dt).get("__js") or "")
				if "wms" in js.lower():
					bad.append(f"{dt} form script still has the app's JS")
			if bad:
				raise AssertionError("; ".join(bad))
			frappe.get_doc("Item", ITEM_A).save()
			return "Sales Order / Item meta and form JS without the app; Item saves"

		def new_order_and_delivery():
			so = sales_order(comp, warehouse, [(ITEM_A, 2)])
			dn = delivery_note_for(so.name)
			so.reload()
			if so.status != "To Bill" or flt(so.per_delivered) != 100:
				raise AssertionError(f"{so.name}: status {so.status}, delivered {so.per_delivered}%")
			return f"{so.name} submitted, {dn.name} submitted, order {so.status}"

		def deliver_open_wms_order():
			dn = delivery_note_for(state["so2"])
			status = frappe.db.get_value("Sales Order", state["so2"], "status")
			return f"{state['so2']} (had open Pick tasks) delivered by {dn.name}, order {status}"

		def receipt():
			pr = purchase_receipt(comp, warehouse, [(ITEM_A, 5), (ITEM_B, 1)])
			return f"{pr.name} submitted"

		def cancel_wms_delivery():
			dn = frappe.get_doc("Delivery Note", state["dn1"])
			dn.cancel()
			return f"{dn.name} (made by the WMS) cancelled, {state['so1']} {frappe.db.get_value('Sales Order', state['so1'], 'status')}"

		c.run("desk forms of Sales Order / Item", forms)
		c.run("new Sales Order + Delivery Note", new_order_and_delivery)
		c.run("Delivery Note for the order the WMS was picking", deliver_open_wms_order)
		c.run("new Purchase Receipt", receipt)
		c.run("cancel the Delivery Note the WMS made", cancel_wms_delivery)

		# 6. ERPNext's books still agree with themselves after those documents
		before_qty = {
			(r["warehouse"], r["item_code"]): flt(r["actual_qty"])
			for r in before["bin"]
			if r["warehouse"] == warehouse
		}
		expected = {
			(warehouse, ITEM_A): before_qty.get((warehouse, ITEM_A), 0) - 2 - 4 + 5 + 5,
			(warehouse, ITEM_B): before_qty.get((warehouse, ITEM_B), 0) + 1 + 3,
		}
		got = {
			k: flt(frappe.db.get_value("Bin", {"warehouse": k[0], "item_code": k[1]}, "actual_qty"))
			for k in expected
		}
		if got == expected:
			c.ok("Bin.actual_qty as expected after the new documents", {f"{k[1]}": v for k, v in got.items()})
		else:
			c.fail(
				"Bin.actual_qty as expected after the new documents",
				{"expected": str(expected), "got": str(got)},
			)
		mismatch = frappe.db.sql(
			"""select b.warehouse, b.item_code, b.actual_qty, ifnull(sum(s.actual_qty), 0) sle_qty from `tabBin` b
			left join `tabStock Ledger Entry` s on s.warehouse = b.warehouse and s.item_code = b.item_code and s.is_cancelled = 0
			group by b.warehouse, b.item_code, b.actual_qty having abs(b.actual_qty - sle_qty) > 1e-6"""
		)
		c.expect_none("every Bin.actual_qty = sum of its SLEs", mismatch)
		unbalanced = frappe.db.sql(
			"""select voucher_type, voucher_no, sum(debit) - sum(credit) from `tabGL Entry` where is_cancelled = 0
			group by voucher_type, voucher_no having abs(sum(debit) - sum(credit)) > 0.005"""
		)
		c.expect_none("every voucher's GL Entries balance", unbalanced)
	finally:
		frappe.destroy()

	dump(result_path, c.rows)
	return 1 if c.failed else 0


def jobs(site: str, delete: str = "0") -> None:
	"""Background jobs of this site waiting in the bench's (shared) Redis queues: Frappe enqueues some
	on new-site, install-app and uninstall-app (delete_doc -> delete_dynamic_links, ...). With
	delete=1 they go, so no worker later runs them against a dropped site. Other sites' jobs stay."""
	from collections import Counter

	from frappe.utils.background_jobs import get_queues

	connect(site)
	try:
		found = Counter()
		for queue in get_queues():
			for job in queue.get_jobs():
				kwargs = job.kwargs or {}
				if kwargs.get("site") != site:
					continue
				found[
					f"{queue.name.rsplit(':', 1)[-1]}: {kwargs.get('job_name') or kwargs.get('method')}"
				] += 1
				if delete == "1":
					job.delete()
		print(
			f"  {sum(found.values())} queued job(s) of {site}{' (deleted)' if delete == '1' and found else ''}"
		)
		for name, n in sorted(found.items()):
			print(f"    {n:4} x {name}")
	finally:
		frappe.destroy()


def main(argv: list[str]) -> int:
	cmd, args = argv[1], argv[2:]
	if cmd == "prepare":
		prepare(*args)
		return 0
	if cmd == "snapshot":
		snapshot(*args)
		return 0
	if cmd == "verify":
		return verify(*args)
	if cmd == "jobs":
		jobs(*args)
		return 0
	raise SystemExit(f"unknown command {cmd}")


if __name__ == "__main__":
	sys.exit(main(sys.argv))
