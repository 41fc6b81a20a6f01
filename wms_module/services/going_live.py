"""Going live on a warehouse that already holds stock and orders, and leaving it again.

Activating (Warehouse Layout "Managed by the WMS", the controller calls ``on_activated``):
- **adoption**: the warehouse's ERPNext stock, per item and batch (read as ERPNext v15 keeps it,
  ``erp.get_actual_qty_by_batch``), goes into its unlocated bin by one logged opening (a Bin Drift
  Log with action "Opening", its bin ledger rows "Opening"), so bins equal ERPNext from the first
  minute. Bins that already hold stock (a warehouse managed before) are brought to ERPNext's
  figure the same way drift is repaired.
- the open Sales Orders submitted before can then be allocated in bulk, by delivery date and
  priority (``allocate_open_orders``, a background job: hundreds of orders take a while).

Deactivating is refused while the warehouse has open tasks or a wave under way: the floor's work
would be orphaned. After it, every hook leaves the warehouse alone (services.managed).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from wms_module.core.bins import EPSILON, LedgerRow
from wms_module.core.tasks import FINAL, TaskStatus, TaskType
from wms_module.core.waves import RELEASED
from wms_module.erp import SALES_ORDER
from wms_module.exceptions import WMSValidationError
from wms_module.services import bin_ledger, reconciliation
from wms_module.services import tasks as task_service
from wms_module.services.allocation import STOPPED_ORDER_STATUSES, allocate_sales_order
from wms_module.services.managed import is_managed
from wms_module.services.priority import ORDER_PRIORITIES, ORDER_PRIORITY_FIELD
from wms_module.services.storage import ensure_unlocated_bin, require_warehouse, unlocated_bins
from wms_module.services.true_up import true_up_rows

FINAL_STATUSES = {s.value for s in FINAL}
OPENING = "Opening"
"""Bin Drift Log action and bin ledger movement type of an adoption."""


def on_activated(warehouse: str) -> dict:
	"""The warehouse is managed from now on: it gets its unlocated bin, its stock is adopted (see
	the module's docstring)."""
	ensure_unlocated_bin(warehouse)
	return adopt_stock(warehouse)


def adopt_stock(warehouse: str) -> dict:
	"""Bring the warehouse's bins to ERPNext's stock, logged as one opening. Stock in ERPNext and
	in no bin goes to the unlocated bin in one bulk write; a key the bins already hold is trued up
	(services.true_up). Returns {"adopted_lines", "units", "log"} (no log when nothing differs)."""
	drift = reconciliation.find_drift(warehouse)
	if not drift:
		return {"adopted_lines": 0, "units": 0.0, "log": None}
	unlocated = unlocated_bins([warehouse])[warehouse]
	fresh = [d for d in drift if abs(d.bin_qty) <= EPSILON and d.erp_qty > EPSILON]
	rows = [LedgerRow(unlocated, warehouse, d.item_code, d.batch_no, d.erp_qty) for d in fresh]
	held = [d for d in drift if d not in fresh]
	rows += true_up_rows([d.key for d in held], {d.key: d.erp_qty for d in held})
	log = reconciliation.log_drift(OPENING, drift, warehouse)
	bin_ledger.post_rows(
		rows,
		movement_type=OPENING,
		voucher_type="Bin Drift Log",
		voucher_no=log,
		remarks=_("Stock adopted when the WMS started managing {0}").format(warehouse),
	)
	return {"adopted_lines": len(drift), "units": sum(flt(d.difference) for d in drift), "log": log}


def check_can_deactivate(warehouse: str) -> None:
	"""Refuse to stop managing a warehouse whose floor work is under way, naming what is open."""
	open_tasks = frappe.db.count(
		"Warehouse Task", {"warehouse": warehouse, "status": ["in", list(task_service.ACTIVE_STATUSES)]}
	)
	open_waves = frappe.db.count(
		"Pick Wave",
		{"warehouse": warehouse, "status": ["in", list(RELEASED)]},
	)
	if open_tasks or open_waves:
		frappe.throw(
			_(
				"Warehouse {0} still has {1} open task(s) and {2} wave(s) under way; finish or cancel "
				"them before the WMS stops managing it"
			).format(frappe.bold(warehouse), open_tasks, open_waves),
			WMSValidationError,
			title=_("Work under way"),
		)


def open_orders(warehouse: str) -> list[str]:
	"""Submitted Sales Orders with undelivered lines in ``warehouse`` and no Pick task yet, by
	delivery date, then Pick Priority (highest first), then name. One query."""
	rank = " ".join(f"when %(p{i})s then {i}" for i in range(len(ORDER_PRIORITIES)))
	values = {f"p{i}": p for i, p in enumerate(ORDER_PRIORITIES)}
	values.update(
		warehouse=warehouse,
		so=SALES_ORDER,
		pick=TaskType.PICK.value,
		not_open=(*STOPPED_ORDER_STATUSES, "Completed"),  # held or closed orders are not picked
	)
	rows = frappe.db.sql(
		f"""select so.name from `tabSales Order` so
		where so.docstatus = 1 and so.status not in %(not_open)s
			and exists (select 1 from `tabSales Order Item` soi where soi.parent = so.name
				and soi.warehouse = %(warehouse)s and soi.delivered_qty < soi.qty)
			and not exists (select 1 from `tabWarehouse Task` t where t.reference_doctype = %(so)s
				and t.reference_name = so.name and t.task_type = %(pick)s)
		order by so.delivery_date asc, case so.`{ORDER_PRIORITY_FIELD}` {rank} else 0 end desc, so.name asc""",
		values,
	)
	return [r[0] for r in rows]


def allocate_open_orders(warehouse: str) -> dict:
	"""Allocate every open order of ``open_orders`` (background job: ``queue_open_orders``). An
	order that cannot be allocated (no stock in any bin yet is not a failure: it stays short) is
	rolled back alone and named; the others keep their tasks. Returns counts and failures."""
	done, failed = [], []
	for name in open_orders(warehouse):
		frappe.db.savepoint("wms_open_order")
		try:
			allocate_sales_order(sales_order=frappe.get_doc(SALES_ORDER, name)).notify()
			done.append(name)
		except frappe.ValidationError as e:
			frappe.db.rollback(save_point="wms_open_order")
			failed.append({"sales_order": name, "error": str(e)})
	return {"allocated": done, "failed": failed}


def check_managed(warehouse: str) -> None:
	"""404 for an unknown warehouse; refused, naming it, when the WMS does not manage it."""
	require_warehouse(warehouse)
	if not is_managed(warehouse):
		frappe.throw(
			_(
				"Warehouse {0} is not managed by the WMS: tick Managed by the WMS on its Warehouse Layout first"
			).format(frappe.bold(warehouse)),
			WMSValidationError,
			title=_("Not managed"),
		)


def status(warehouse: str) -> dict:
	"""How far the warehouse is: managed or not, the stock still in its unlocated bin (the go-live
	count moves it into real bins: ``bins_counted``, ``bins_to_count``), the open orders not
	allocated yet. Four queries."""
	require_warehouse(warehouse)
	managed = is_managed(warehouse)
	unlocated = frappe.db.sql(
		"""select count(*), coalesce(sum(bs.on_hand_qty), 0) from `tabBin Stock` bs
		inner join `tabStorage Bin` sb on sb.name = bs.storage_bin
		where sb.warehouse = %s and sb.is_unlocated = 1 and bs.on_hand_qty > 0""",
		(warehouse,),
	)[0]
	swept = dict(
		frappe.db.sql(
			"""select status, count(*) from `tabWarehouse Task` where warehouse = %s
			and reference_doctype = 'Warehouse Layout' and task_type = %s group by status""",
			(warehouse, TaskType.COUNT.value),
		)
	)
	return {
		"warehouse": warehouse,
		"managed": managed,
		"unlocated_lines": int(unlocated[0] or 0),
		"unlocated_units": flt(unlocated[1]),
		"open_orders": len(open_orders(warehouse)) if managed else 0,
		"bins_counted": int(swept.get(TaskStatus.DONE.value, 0)),
		"bins_to_count": sum(int(n) for s, n in swept.items() if s not in FINAL_STATUSES),
	}


def queue_open_orders(warehouse: str) -> dict:
	"""Enqueue ``allocate_open_orders`` after the commit; answers how many orders it will take.
	Refused for a warehouse the WMS does not manage."""
	check_managed(warehouse)
	orders = open_orders(warehouse)
	if orders:
		frappe.enqueue(
			"wms_module.services.going_live.allocate_open_orders",
			queue="long",
			warehouse=warehouse,
			enqueue_after_commit=True,
			job_id=f"wms-open-orders-{warehouse}",
			deduplicate=True,
		)
	return {"warehouse": warehouse, "queued_orders": len(orders)}
