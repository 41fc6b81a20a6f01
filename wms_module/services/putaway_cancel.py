"""A stock voucher (a Purchase Receipt) cancelled while its putaway is half done: reversed cleanly.

Called from ``services.stock_sync.on_voucher_cancel`` (the Purchase Receipt's on_cancel doc_event,
``events.stock.on_cancel``) after ERPNext has cancelled its own ledger entries.
"""

from __future__ import annotations

import frappe
from frappe import _

from wms_module.core.tasks import TaskStatus, TaskType
from wms_module.services import tasks as task_service

PUTAWAY = TaskType.PUTAWAY.value
WAREHOUSE_TASK = "Warehouse Task"


def on_voucher_cancel(doc) -> list[frappe._dict]:
	"""A stock voucher (a Purchase Receipt) is cancelled: its open Putaway tasks end Cancelled, and
	the bin-ledger rows its Done tasks posted are returned, so the cancel reverses the voucher's
	stock from the bins its putaway moved it to (``services.stock_sync.on_voucher_cancel``).

	Chosen: **reversed cleanly, not refused.** ERPNext lets a receipt be cancelled while its stock is
	still in the warehouse, and refuses the cancel itself when the stock has left (NegativeStockError
	from the receipt's own on_cancel -> update_stock_ledger -> erpnext/stock/stock_ledger.py
	update_entries_after / validate_negative_qty_in_future_sle, which Frappe runs before this
	doc_event: frappe/model/document.py run_method). The WMS follows ERPNext: the units still on the
	dock leave the dock, those put away leave the bins their putaway put them in (not whatever the
	dock holds then: another receipt's pallet stays), and an operator who scans one of its open tasks
	is told the task is Cancelled. What has since moved on from those bins is taken from where it is
	now, as for any cancel. The task rows are locked first (as a confirmation locks its task), so a
	confirmation running at the same moment either finished before (its move is reversed) or finds
	its task Cancelled. One query for a voucher without tasks; else three or four.
	"""
	tasks = frappe.db.sql(
		"""select name, task_type, status, source_bin, item_code, batch_no, qty, picked_qty
		from `tabWarehouse Task` where reference_doctype=%s and reference_name=%s
		order by name for update""",
		(doc.doctype, doc.name),
		as_dict=True,
	)
	if not tasks:
		return []
	task_service.cancel_tasks(
		[t for t in tasks if t.task_type == PUTAWAY],
		reason=_("{0} {1} was cancelled").format(_(doc.doctype), doc.name),
	)
	done = [t.name for t in tasks if t.task_type == PUTAWAY and t.status == TaskStatus.DONE.value]
	if not done:
		return []
	return frappe.get_all(
		"Bin Ledger Entry",
		filters={"warehouse_task": ["in", done], "voucher_type": WAREHOUSE_TASK},
		fields=["storage_bin", "warehouse", "item_code", "batch_no", "qty"],
		order_by="creation asc, name asc",
	)
