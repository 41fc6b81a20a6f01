"""wms_module.demo.seed.seed(): creates what it reports, the operator can log in, and running it
twice changes nothing. Benchless: on a fresh site. Site mode: on the real test site, where the demo
may already be there from an earlier run (the seed is idempotent, so it must report the same)."""

import pytest

from tests.conftest import SITE_MODE

pytestmark = pytest.mark.own_site


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
	"""The site with the demo seeded (committed); this thread switched to it."""
	from tests.harness import real_site_info, run_in_site, site_context
	from wms_module.demo.seed import seed

	if SITE_MODE:
		info = real_site_info()
	else:
		from benchless.site import create_site
		from tests.conftest import available_apps

		info = create_site(tmp_path_factory.mktemp("seedsites") / "seed_site", apps=available_apps())
	result = run_in_site(info, seed)
	with site_context(info):
		import frappe

		try:
			yield frappe, result
		finally:
			frappe.db.rollback()


def test_seed_creates_company_warehouses_and_masters(seeded):
	frappe, out = seeded
	abbr = frappe.db.get_value("Company", out["company"], "abbr")
	assert out["abbr"] == abbr
	assert out["warehouse"].endswith(f" - {abbr}")
	assert frappe.db.get_value("Warehouse", out["warehouse"], ["is_group", "parent_warehouse"]) == (
		0,
		out["warehouse_group"],
	)
	assert frappe.db.get_value("Warehouse", out["warehouse_group"], "is_group") == 1
	assert frappe.db.exists("Customer", out["customer"]) and frappe.db.exists("Supplier", out["supplier"])
	for uom in out["uoms"]:
		assert frappe.db.exists("UOM", uom)


def test_seed_creates_twenty_items_some_batch_tracked_with_expiry(seeded):
	frappe, out = seeded
	assert len(out["items"]) == 20
	batched = [i for i in out["items"] if frappe.db.get_value("Item", i, "has_batch_no")]
	assert batched and len(batched) < 20
	assert set(out["batches"]) == set(batched)
	for item, batch in out["batches"].items():
		values = frappe.db.get_value("Batch", batch, ["item", "expiry_date"], as_dict=True)
		assert values.item == item and values.expiry_date
		assert frappe.db.get_value("Item", item, "has_expiry_date") == 1
	for item in out["items"]:
		assert frappe.db.get_value("Item Barcode", {"parent": item}, "barcode")


def test_seed_receives_stock_through_a_submitted_purchase_receipt(seeded):
	frappe, out = seeded
	from erpnext.stock.doctype.batch.batch import get_batch_qty

	from wms_module.demo.quality import LOT
	from wms_module.demo.seed import ITEMS

	assert frappe.db.get_value("Purchase Receipt", out["purchase_receipt"], "docstatus") == 1
	received = dict(
		frappe.get_all(
			"Purchase Receipt Item",
			filters={"parent": out["purchase_receipt"]},
			fields=["item_code", "qty"],
			as_list=True,
		)
	)
	for code, _name, _uom, _weight, batched, _shelf, qty in ITEMS:
		assert received[code] == qty, code
		if SITE_MODE:
			continue  # the real site's later tests pick and deliver from the demo floor
		actual = frappe.db.get_value("Bin", {"item_code": code, "warehouse": out["warehouse"]}, "actual_qty")
		assert actual == qty + (LOT[1] if code == LOT[0] else 0), code  # + the lot waiting for QC
		if batched:
			assert get_batch_qty(out["batches"][code], out["warehouse"]) == qty


def test_seed_leaves_a_delivery_waiting_on_the_handhelds_receive_screen(seeded):
	frappe, out = seeded
	from wms_module.core.scan import ScanKind, classify_scan
	from wms_module.demo.seed import DELIVERY, DELIVERY_SSCC
	from wms_module.services.receipt_scans import ReceiveScan, scan_receipt
	from wms_module.services.receiving import receipts_waiting

	delivery = out["delivery_to_receive"]
	assert frappe.db.get_value("Purchase Receipt", delivery, "docstatus") == 0
	frappe.set_user(out["operator"]["user"])
	try:
		assert delivery in [r["name"] for r in receipts_waiting()]
		assert classify_scan(DELIVERY_SSCC).kind == ScanKind.SSCC  # a valid pallet label
		answer = scan_receipt(ReceiveScan(delivery, f"(00){DELIVERY_SSCC}"))
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()  # the delivery stays waiting for the next reader of the demo
	on_pallet = sorted((code, qty) for code, qty, pallet in DELIVERY if pallet)
	assert sorted((r["item_code"], r["scanned_qty"]) for r in answer["received"]) == on_pallet


def test_seed_has_a_lot_waiting_for_inspection_in_quarantine(seeded):
	frappe, out = seeded
	from wms_module.demo.quality import LOT
	from wms_module.services.qc_views import open_checks

	checks = frappe.get_all(
		"QC Check",
		filters={"name": ["in", out["qc_checks"]]},
		fields=["name", "item_code", "lot_size", "sample_size", "acceptance_number", "status"],
	)
	lot = [c for c in checks if c.item_code == LOT[0] and c.lot_size == LOT[1]]
	assert lot, checks
	# ISO 2859-1: 60 units at level II is code letter E (n = 13); E at AQL 1.0 accepts 0
	assert (lot[0].status, lot[0].sample_size, lot[0].acceptance_number) == ("Open", 13, 0)
	zone_types = frappe.get_all(
		"Warehouse Task",
		filters={"putaway_rule": ["like", "QC hold%"], "reference_detail": ["is", "set"], "status": "Done"},
		pluck="destination_bin",
	)
	assert zone_types and {frappe.db.get_value("Storage Bin", b, "zone_type") for b in zone_types} == {
		"Quarantine"
	}
	frappe.set_user(out["operator"]["user"])
	try:
		assert lot[0].name in [c["name"] for c in open_checks(out["warehouse"])]
	finally:
		frappe.set_user("Administrator")


def test_seed_operator_can_log_in_with_the_reported_password(seeded):
	frappe, out = seeded
	from frappe.utils.password import check_password

	op = out["operator"]
	assert op["role"] == "WMS Operator"
	assert "WMS Operator" in frappe.get_roles(op["user"])
	assert check_password(op["user"], op["password"]) == op["user"]
	with pytest.raises(frappe.AuthenticationError):
		check_password(op["user"], op["password"] + "x")


def test_seed_lays_out_the_warehouse_and_puts_the_stock_away_into_bins(seeded):
	frappe, out = seeded
	from wms_module.demo import floor
	from wms_module.demo.quality import LOT
	from wms_module.demo.seed import ITEMS

	layout = frappe.get_doc("Warehouse Layout", out["layout"])
	assert (layout.warehouse, layout.n_aisles, layout.bays_per_aisle) == (out["warehouse"], 6, 20)
	# 6 aisles x 20 bays x 4 levels, plus dock, staging, the automatic unlocated bin, 2 quarantine
	assert out["storage_bins"] == 6 * 20 * 4 + 3 + 2
	zone_types = set(
		frappe.get_all("Storage Bin", filters={"warehouse": out["warehouse"]}, pluck="zone_type")
	)
	assert {"Receiving", "Pick", "Reserve", "Staging", "Unlocated", "Quarantine"} <= zone_types

	# every unit ERPNext knows about sits in some bin, and nothing is left on the dock
	for item in out["items"]:
		erp_qty = frappe.db.get_value("Bin", {"item_code": item, "warehouse": out["warehouse"]}, "actual_qty")
		in_bins = frappe.get_all(
			"Bin Stock", filters={"item_code": item, "warehouse": out["warehouse"]}, pluck="on_hand_qty"
		)
		assert sum(in_bins) == erp_qty, item
	# (the demo's own items: on the real test site, the handheld's receiving tests leave theirs there)
	assert not sum(
		frappe.get_all(
			"Bin Stock",
			filters={"storage_bin": layout.receiving_bin, "item_code": ["in", out["items"]]},
			pluck="on_hand_qty",
		)
	)
	erp_total = sum(
		frappe.get_all(
			"Bin",
			filters={"item_code": ["in", out["items"]], "warehouse": out["warehouse"]},
			pluck="actual_qty",
		)
	)
	if not SITE_MODE:
		# fresh site: the warehouse holds the demo's stock alone (on the real test site, the handheld's
		# receiving and putaway tests add theirs), all of it the opening receipt, all in storage bins
		assert floor.stock_in_bins(out["warehouse"]) == erp_total
		assert erp_total == sum(row[-1] for row in ITEMS) + LOT[1]  # the lot in quarantine, for QC


def test_seed_has_open_sales_orders_with_pick_tasks_and_a_released_wave(seeded):
	frappe, out = seeded
	from wms_module.demo import outbound

	assert len(out["sales_orders"]) == len(outbound.ORDERS)
	for so in out["sales_orders"]:
		assert frappe.db.get_value("Sales Order", so, "docstatus") == 1
		tasks = frappe.get_all(
			"Warehouse Task",
			filters={"reference_doctype": "Sales Order", "reference_name": so, "task_type": "Pick"},
			fields=["qty", "status", "pick_wave", "source_bin"],
		)
		ordered = sum(frappe.get_all("Sales Order Item", filters={"parent": so}, pluck="stock_qty"))
		assert sum(t.qty for t in tasks) == ordered, so  # fully allocated: the demo has the stock
		assert all(t.source_bin for t in tasks)

	wave = frappe.get_doc("Pick Wave", out["wave"])
	assert wave.status == "Released" and wave.picking_mode == "Cluster"
	assert [o.sales_order for o in wave.orders] == out["sales_orders"][: outbound.WAVED]
	assert wave.tours and {t.operator for t in wave.tours} == {out["operator"]["user"]}
	# the three small orders share one cart: one tour, one tote per order
	assert len(wave.tours) == 1
	assigned = frappe.get_all(
		"Warehouse Task", filters={"pick_wave": wave.name}, fields=["status", "assigned_to", "tote"]
	)
	assert assigned and all(
		t.status == "Assigned" and t.assigned_to == out["operator"]["user"] and t.tote for t in assigned
	)
	assert len({t.tote for t in assigned}) == outbound.WAVED
	# the later orders stay open for a manager to wave
	unwaved = frappe.get_all(
		"Warehouse Task",
		filters={"reference_name": ["in", out["sales_orders"][outbound.WAVED :]]},
		fields=["pick_wave", "status"],
	)
	assert unwaved and all(not t.pick_wave and t.status == "Open" for t in unwaved)


def test_seed_is_idempotent(seeded):
	frappe, out = seeded
	from wms_module.demo.seed import seed

	counts = {
		dt: frappe.db.count(dt)
		for dt in (
			"Item",
			"Purchase Receipt",
			"Stock Ledger Entry",
			"User",
			"Batch",
			"Storage Bin",
			"Bin Ledger Entry",
			"Sales Order",
			"Warehouse Task",
			"Pick Wave",
			"QC Check",
			"WMS QC Plan",
		)
	}
	again = seed()
	assert again == out
	assert {dt: frappe.db.count(dt) for dt in counts} == counts
