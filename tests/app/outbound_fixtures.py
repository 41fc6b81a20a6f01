"""Set-up shared by the outbound tests: a warehouse with a layout, zones, bins and stock in bins."""

from __future__ import annotations

from dataclasses import dataclass, field

import frappe

from tests import factories
from wms_module.services import moves
from wms_module.services.storage import storage_bin_name, storage_zone_name


@dataclass
class Site:
	warehouse: str
	zones: dict[str, str]
	bins: dict[str, str] = field(default_factory=dict)
	staging: str = ""
	receiving: str = ""

	def bin(self, code: str) -> str:
		return self.bins[code]


def set_settings(**values) -> None:
	for key, value in values.items():
		frappe.db.set_single_value("WMS Settings", key, value)


OUTBOUND_DEFAULTS = {
	"pick_task_creation": "On Sales Order Submit",
	"default_removal_strategy": "FIFO",
	"delivery_note_action": "Do Nothing",
	"putaway_task_creation": "On Demand",
}
"""What the outbound tests run with unless they say otherwise: Pick tasks on submit, FIFO,
no Delivery Note after the last pick, and no Putaway tasks for the stock they receive (they put it
in its bins themselves: ``put_stock``)."""

WAVE_DEFAULTS = {
	"picker_capacity_items": 100,
	"batching_method": "savings",
	"routing_method": "best",
	"max_orders_per_wave": 50,
	"max_lines_per_wave": 500,
}
"""Wave planning settings of the wave tests (``outbound_defaults(**WAVE_DEFAULTS, ...)``)."""


def outbound_defaults(**overrides) -> None:
	"""Set ``OUTBOUND_DEFAULTS`` in WMS Settings, with ``overrides`` (and any other settings) on top."""
	set_settings(**{**OUTBOUND_DEFAULTS, **overrides})


def make_zone(warehouse: str, code: str, zone_type: str) -> str:
	name = storage_zone_name(code, warehouse)
	if not frappe.db.exists("Storage Zone", name):
		frappe.get_doc(
			{"doctype": "Storage Zone", "zone_code": code, "warehouse": warehouse, "zone_type": zone_type}
		).insert(ignore_permissions=True)
	return name


def make_bin(
	site: Site, code: str, zone: str, aisle: int | None = None, bay: int | None = None, seq: int = 0
) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Storage Bin",
			"bin_code": code,
			"warehouse": site.warehouse,
			"zone": site.zones[zone],
			"layout_aisle": aisle,
			"layout_bay": bay,
			"pick_sequence": seq,
		}
	).insert(ignore_permissions=True)
	site.bins[code] = doc.name
	return doc.name


def make_outbound_site(*, n_aisles: int = 4, bays: int = 10, layout: bool = True, strategy: str = "") -> Site:
	"""A warehouse: zones PICK, RES, STG, RCV; pick bins P<aisle><bay>; a layout with staging/receiving bins."""
	warehouse = factories.make_warehouse()
	site = Site(
		warehouse,
		{
			"PICK": make_zone(warehouse, "PICK", "Pick"),
			"PICK2": make_zone(warehouse, "PICK2", "Pick"),
			"RES": make_zone(warehouse, "RES", "Reserve"),
			"STG": make_zone(warehouse, "STG", "Staging"),
			"RCV": make_zone(warehouse, "RCV", "Receiving"),
		},
	)
	site.staging = make_bin(site, "STAGE", "STG")
	site.receiving = make_bin(site, "DOCK", "RCV")
	if layout:
		frappe.get_doc(
			{
				"doctype": "Warehouse Layout",
				"warehouse": warehouse,
				"n_aisles": n_aisles,
				"bays_per_aisle": bays,
				"n_blocks": 1,
				"bay_width": 1,
				"aisle_spacing": 3,
				"cross_aisle_width": 2,
				"depot_aisle": 0,
				"staging_bin": site.staging,
				"receiving_bin": site.receiving,
				"removal_strategy": strategy,
				"is_active": 1,
			}
		).insert(ignore_permissions=True)
	return site


FLOOR_BINS = {
	"A-01": ("PICK", 0, 1),
	"A-02": ("PICK", 0, 2),
	"A-08": ("PICK", 0, 8),
	"B-05": ("PICK", 1, 5),
	"C-03": ("PICK2", 2, 3),
	"C-07": ("PICK", 2, 7),
	"D-09": ("PICK2", 3, 9),
	"R-01": ("RES", 3, 9),
}
"""Bins ``outbound_floor`` can make, by code: (zone, aisle, bay). The letter is the aisle
(A = 0), the number the bay; R-01 is a reserve bin at the far end."""


def outbound_floor(*codes: str, **site_options) -> Site:
	"""``make_outbound_site(**site_options)`` with the bins ``codes`` of ``FLOOR_BINS``."""
	site = make_outbound_site(**site_options)
	for code in codes:
		if code not in FLOOR_BINS:
			raise KeyError(f"outbound_floor: bin {code!r} is not one of FLOOR_BINS {sorted(FLOOR_BINS)}")
		zone, aisle, bay = FLOOR_BINS[code]
		make_bin(site, code, zone, aisle=aisle, bay=bay)
	return site


def activated_after_erpnext(bin_codes=("GL-01",), qty: float = 10) -> tuple[Site, str, str]:
	"""A warehouse that ran on ERPNext alone (``qty`` of a new item, no bins), then laid out with
	the bins ``bin_codes`` (aisle 0, bays 1, 2, ...) and activated: its stock adopted into its
	unlocated bin. Returns (the site, the item, the layout)."""
	site = make_outbound_site(layout=False)
	item = factories.make_item()
	factories.receive_stock(item, site.warehouse, qty)
	for bay, code in enumerate(bin_codes, start=1):
		make_bin(site, code, "PICK", aisle=0, bay=bay)
	layout = frappe.get_doc(
		{
			"doctype": "Warehouse Layout",
			"warehouse": site.warehouse,
			"n_aisles": 2,
			"bays_per_aisle": 4,
			"staging_bin": site.staging,
			"is_active": 1,
		}
	).insert(ignore_permissions=True)
	return site, item, layout.name


def put_stock(site: Site, item: str, bin_code: str, qty: float, batch_no: str | None = None) -> None:
	"""Receive ``qty`` through ERPNext (Purchase Receipt -> receiving bin), then move it to the bin."""
	factories.receive_stock(item, site.warehouse, qty, batch_no=batch_no)
	receiving = site.receiving or storage_bin_name("UNLOCATED", site.warehouse)
	moves.move_stock(
		moves.MoveStock(
			item_code=item, qty=qty, from_bin=receiving, to_bin=site.bins[bin_code], batch_no=batch_no
		)
	)


def so_lines(site: Site, *pairs) -> list[dict]:
	return [{"item_code": item, "qty": qty, "warehouse": site.warehouse} for item, qty in pairs]


def new_wave(site: Site, orders=(), mode: str = "Cluster", **values):
	"""A Draft Pick Wave of ``site``'s warehouse over the Sales Orders ``orders`` (names)."""
	return frappe.get_doc(
		{
			"doctype": "Pick Wave",
			"warehouse": site.warehouse,
			"picking_mode": mode,
			"orders": [{"sales_order": so} for so in orders],
			**values,
		}
	).insert()


def due_wave(site: Site, **values):
	"""A Draft "By Delivery Date" Pick Wave of ``site`` gathering orders due within 10 days."""
	from frappe.utils import add_days, nowdate

	return new_wave(
		site, release_method="By Delivery Date", delivery_date_cutoff=add_days(nowdate(), 10), **values
	)


def tasks_of(sales_order: str, **filters) -> list:
	return frappe.get_all(
		"Warehouse Task",
		filters={"reference_doctype": "Sales Order", "reference_name": sales_order, **filters},
		fields=["*"],
		order_by="creation asc, name asc",
	)


def balance(bin_name: str, item: str, batch_no: str | None = None) -> frappe._dict:
	filters = {"storage_bin": bin_name, "item_code": item}
	if batch_no:
		filters["batch_no"] = batch_no
	rows = frappe.get_all("Bin Stock", filters=filters, fields=["on_hand_qty", "allocated_qty"])
	return frappe._dict(
		on_hand=sum(r.on_hand_qty for r in rows), allocated=sum(r.allocated_qty for r in rows)
	)


def deliver(result) -> str | None:
	"""What the worker does after an order's last pick: the Delivery Note job the confirmation
	queued (``result.delivery_note_queued``), run here in the test's transaction. The queued job
	itself runs only once the confirmation commits (tests/app/test_outbound_e2e.py runs it so)."""
	from wms_module.services.delivery import deliver_picked_order

	assert result.delivery_note_queued, f"task {result.task}: no Delivery Note was queued"
	return deliver_picked_order(frappe.db.get_value("Warehouse Task", result.task, "reference_name"))


def confirm_all(sales_order: str, **kwargs):
	"""Confirm every open Pick task of an order in full (as Administrator)."""
	from wms_module.services.picking import ConfirmPick, confirm_pick

	results = []
	for t in tasks_of(sales_order, status=["in", ["Open", "Assigned"]], task_type="Pick"):
		bin_code = frappe.db.get_value("Storage Bin", t.source_bin, "bin_code")
		results.append(
			confirm_pick(
				ConfirmPick(
					task=t.name, bin_scan=bin_code, item_scan=t.item_code, qty=t.qty, tote=t.tote, **kwargs
				)
			)
		)
	return results


def race(committed_site, attempt, first, second, *, wait: float = 10) -> dict[str, object]:
	"""Two connections to ``committed_site`` at once: ``attempt(first)`` runs and holds its
	transaction open while ``attempt(second)`` starts in another thread; then the first commits.

	Returns ``{"first": ..., "second": ...}`` (what ``attempt`` returned, or the exception it
	raised, rolled back) and ``"second_waited"``: whether the second was still running half a
	second after it started, i.e. waited for the first's locks.
	"""
	import threading
	import time

	first_done = threading.Event()
	release_first = threading.Event()
	outcomes: dict[str, object] = {}

	def run(label, arg, hold_open):
		frappe.init(committed_site.site, sites_path=committed_site.sites_path, force=True)
		frappe.connect(set_admin_as_user=False)
		frappe.set_user("Administrator")
		try:
			result = attempt(arg)
			if hold_open:
				first_done.set()
				release_first.wait(wait)
			frappe.db.commit()
			outcomes[label] = result
		except Exception as e:
			frappe.db.rollback()
			outcomes[label] = e
			first_done.set()
		finally:
			frappe.destroy()

	a = threading.Thread(target=run, args=("first", first, True))
	b = threading.Thread(target=run, args=("second", second, False))
	a.start()
	assert first_done.wait(2 * wait), f"race: the first attempt ({first!r}) did not finish in {2 * wait}s"
	b.start()
	time.sleep(0.5)  # the second is now waiting for the first's locks
	outcomes["second_waited"] = b.is_alive()
	release_first.set()
	a.join(2 * wait)
	b.join(2 * wait)
	return outcomes
