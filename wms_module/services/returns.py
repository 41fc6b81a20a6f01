"""Sales Returns: returned stock waits in the returns bin for inspection, then goes back to stock,
to quarantine or is scrapped.

A Sales Return (Delivery Note with ``is_return``) in a managed warehouse lands in the warehouse's
returns bin (Warehouse Layout; else its receiving bin, else its unlocated bin: ``services.stock_sync``),
and each returned row gets an **Inspect** task (Warehouse Task, task type "Inspect") for its qty in
that bin, referring to the return. Why a task type of its own and not a Putaway task waiting for a
decision: a Putaway task says where the stock goes, and the handheld's putaway would offer it to
any operator to put away before anyone looked at the goods; an inspection has no destination until
it is decided, may end in no move at all (scrap), and is timed as its own activity in the labour
standards and logs.

The decision (``decide_inspection``) takes part of the task or all of it, so 2 may be restocked and
1 scrapped:

- ``restock``: Putaway tasks from the returns bin to the Pick or Reserve bin the inspector names,
  else where directed putaway puts them (``putaway_planning.putaway_tasks_for``);
- ``quarantine``: Putaway tasks to the Quarantine-zone bin named, else where directed putaway puts
  a line on QC hold (a Quarantine zone);
- ``scrap``: an ERPNext Stock Entry (Material Issue) of the qty from the warehouse, whose bin plan
  takes it from the returns bin, so bins = ERPNext.

The Putaway tasks refer to the return (reference_doctype / name / detail) and carry
``putaway_rule`` "Return: restock" / "Return: quarantine" (then the engine's rule, when it chose); a
decision no bin has room for is refused. The inspection task counts what is decided
in ``picked_qty`` (In Progress until all of it is, then Done) and keeps each decision, with its
reason, in ``exception_reason``; each decision is a WMS Labor Log row (activity Inspect).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import frappe
from frappe import _
from frappe.utils import flt, now_datetime

from wms_module import erp
from wms_module.core.bins import EPSILON, LedgerRow
from wms_module.core.tasks import TaskStatus, TaskType
from wms_module.exceptions import WMSValidationError
from wms_module.roles import SUPERUSER_ROLES, WMS_MANAGER, WMS_SUPERVISOR, has_any_role
from wms_module.services import bin_ledger, labor
from wms_module.services import tasks as task_service
from wms_module.services.managed import touches_managed_warehouse
from wms_module.services.order_lines import item_rows
from wms_module.services.putaway_planning import PutawayLine, putaway_tasks_for
from wms_module.services.stock_sync import RETURN_DOCTYPES, WMS_PLAN_FLAG
from wms_module.services.task_access import check_open, locked_row

RESTOCK, QUARANTINE, SCRAP = "restock", "quarantine", "scrap"
DECISIONS = (RESTOCK, QUARANTINE, SCRAP)
DESTINATION_ZONES = {RESTOCK: ("Pick", "Reserve"), QUARANTINE: ("Quarantine",)}
"""Storage Zone types a decision's Putaway task may go to."""
INSPECT_FIELDS = (
	"name task_type status warehouse item_code batch_no uom qty picked_qty source_bin zone "
	"reference_doctype reference_name reference_detail exception_reason started_on assigned_to"
).split()


def is_sales_return(doc) -> bool:
	return doc.doctype in RETURN_DOCTYPES and bool(doc.get("is_return"))


def open_inspections(doc) -> list[str]:
	"""An Inspect task per row of a submitted Sales Return, for the qty its bin-ledger rows put in a
	bin of a managed warehouse (run after ``stock_sync.on_voucher_submit``). Returns the tasks.
	Four queries (managed warehouses, the return's bin rows, the items' UOMs, the bins' zones) and one
	INSERT, whatever the number of rows."""
	if not is_sales_return(doc) or not touches_managed_warehouse(doc):
		return []
	landed = [r for r in bin_ledger.voucher_rows(doc.doctype, doc.name) if flt(r.qty) > EPSILON]
	if not landed:
		return []
	items = item_rows(r.item_code for r in landed)
	zones = dict(
		frappe.get_all(
			"Storage Bin",
			filters={"name": ["in", sorted({r.storage_bin for r in landed})]},
			fields=["name", "zone"],
			as_list=True,
		)
	)
	tasks = [
		task_service.NewTask(
			task_type=TaskType.INSPECT.value,
			warehouse=r.warehouse,
			item_code=r.item_code,
			qty=flt(r.qty),
			batch_no=r.batch_no or None,
			uom=items[r.item_code].stock_uom,
			source_bin=r.storage_bin,
			zone=zones.get(r.storage_bin),
			reference_doctype=doc.doctype,
			reference_name=doc.name,
			reference_detail=r.voucher_detail_no,
		)
		for r in landed
	]
	return task_service.insert_tasks(tasks)


def cancel_inspections(doc) -> int:
	"""A cancelled Sales Return: its open Inspect and Putaway tasks are cancelled (nothing they hold:
	neither allocates). Stock already put away or scrapped stays where it went; the return's cancel
	takes its units from where they are now (``stock_sync.on_voucher_cancel``)."""
	if not is_sales_return(doc):
		return 0
	return task_service.cancel_tasks(
		task_service.tasks_of(doc.doctype, doc.name),
		reason=_("{0} {1} was cancelled").format(_(doc.doctype), doc.name),
	)


@dataclass(frozen=True)
class InspectionDecision:
	"""What the inspector decided for ``qty`` of an Inspect task (``api.returns.inspect``)."""

	task: str
	decision: str
	qty: float
	reason: str | None = None
	to_bin: str | None = None
	"""The bin it goes to (restock: a Pick or Reserve bin; quarantine: a Quarantine bin); None:
	directed putaway chooses."""


@dataclass
class InspectionResult:
	task: str
	status: str
	decided_qty: float
	remaining_qty: float
	putaway_tasks: list[str] = field(default_factory=list)
	stock_entry: str | None = None

	def as_dict(self) -> dict:
		return asdict(self)


def decide_inspection(d: InspectionDecision) -> InspectionResult:
	"""Carry out one decision on (part of) an Inspect task. Locks the task row first, so two
	inspectors deciding the same units serialize and the second is refused."""
	if d.decision == SCRAP and not has_any_role(WMS_MANAGER, WMS_SUPERVISOR, *SUPERUSER_ROLES):
		frappe.throw(
			_("Scrapping returned stock writes it off in ERPNext: a WMS Supervisor or Manager decides it"),
			frappe.PermissionError,
		)
	t = locked_row(d.task, INSPECT_FIELDS)
	qty = check_decision(t, d)
	result = InspectionResult(t.name, "", 0.0, 0.0)
	if d.decision == SCRAP:
		result.stock_entry = scrap(t, qty, d.reason)
		what = _("scrap {0}: {1}").format(f"{qty:g}", result.stock_entry)
	else:
		tasks = (
			putaway_to(t, qty, destination_bin(t, d), d.decision) if d.to_bin else planned(t, qty, d.decision)
		)
		task_service.insert_tasks(tasks)
		result.putaway_tasks = [x.name for x in tasks]
		what = _("{0} {1}: {2}").format(
			d.decision, f"{qty:g}", ", ".join(f"{x.qty:g} to {x.destination_bin} ({x.name})" for x in tasks)
		)
	decided = flt(t.picked_qty) + qty
	status = TaskStatus.DONE if decided >= flt(t.qty) - EPSILON else TaskStatus.IN_PROGRESS
	entry = what + (f" ({d.reason})" if d.reason else "")
	now = now_datetime()
	task_service.change_status(
		[t],
		status,
		{
			"picked_qty": decided,
			"exception_reason": "; ".join(x for x in (t.exception_reason, entry) if x),
			"confirmed_by": frappe.session.user,
			"started_on": t.started_on or now,
			"completed_on": now if status == TaskStatus.DONE else None,
		},
	)
	labor.record_inspection(t, qty=qty)
	result.status, result.decided_qty, result.remaining_qty = status.value, decided, flt(t.qty) - decided
	return result


def check_decision(t, d: InspectionDecision) -> float:
	"""The decision's qty, checked: an open Inspect task, a known decision, 0 < qty <= what is left."""
	check_open(t, TaskType.INSPECT)  # any inspector decides: an inspection is not assigned
	if d.decision not in DECISIONS:
		frappe.throw(
			_("decision must be one of {0}, got {1!r}").format(", ".join(DECISIONS), d.decision),
			WMSValidationError,
		)
	qty, left = flt(d.qty), flt(t.qty) - flt(t.picked_qty)
	if qty <= EPSILON or qty > left + EPSILON:
		frappe.throw(
			_(
				"Warehouse Task {0}: qty must be more than 0 and at most the {1} left to inspect, got {2}"
			).format(t.name, f"{left:g}", d.qty),
			WMSValidationError,
		)
	return qty


def destination_bin(t, d: InspectionDecision) -> str:
	"""The bin the inspector named for a restock or quarantine, checked: this warehouse, an active bin
	of a zone the decision allows (restock: Pick or Reserve; quarantine: Quarantine)."""
	zones = DESTINATION_ZONES[d.decision]
	row = frappe.db.get_value(
		"Storage Bin", d.to_bin, ["name", "warehouse", "zone_type", "status"], as_dict=True
	)
	if not row or row.warehouse != t.warehouse or row.zone_type not in zones or row.status != "Active":
		frappe.throw(
			_("{0}: to_bin {1} must be an active bin of a {2} zone in {3}; it is {4}").format(
				d.decision,
				d.to_bin,
				_(" or ").join(zones),
				t.warehouse,
				_("unknown")
				if not row
				else _("a {0} bin ({1}) of {2}").format(
					row.zone_type or _("zoneless"), row.status, row.warehouse
				),
			),
			WMSValidationError,
		)
	return row.name


def planned(t, qty: float, decision: str) -> list[task_service.NewTask]:
	"""Putaway tasks where directed putaway puts ``qty`` (``putaway_planning.putaway_tasks_for``: a
	restock to storage, a quarantine as a line on QC hold, to a Quarantine zone), refused when no bin
	has room for all of it (the inspector then names a bin)."""
	tasks = putaway_tasks_for(
		t.warehouse,
		t.source_bin,
		[PutawayLine(t.item_code, qty, t.batch_no, t.reference_detail, qc_hold=decision == QUARANTINE)],
		reference_doctype=t.reference_doctype,
		reference_name=t.reference_name,
	)
	unplaced = [x for x in tasks if not x.destination_bin]
	if unplaced:
		frappe.throw(
			_("Warehouse Task {0}: no bin has room to {1} {2} of {3} ({4}); name one in to_bin").format(
				t.name,
				decision,
				f"{sum(x.qty for x in unplaced):g}",
				t.item_code,
				unplaced[0].exception_reason,
			),
			WMSValidationError,
		)
	return list(task_service.why_first(tasks, f"Return: {decision}"))


def putaway_to(t, qty: float, destination: str, decision: str) -> list[task_service.NewTask]:
	"""The Putaway task of ``qty`` from the inspected bin to ``destination`` (the bin named), for the return."""
	task = task_service.NewTask(
		task_type=TaskType.PUTAWAY.value,
		warehouse=t.warehouse,
		item_code=t.item_code,
		qty=qty,
		batch_no=t.batch_no,
		uom=t.uom,
		source_bin=t.source_bin,
		destination_bin=destination,
		suggested_bin=destination,
		putaway_rule=f"Return: {decision}",
		reference_doctype=t.reference_doctype,
		reference_name=t.reference_name,
		reference_detail=t.reference_detail,
	)
	return [task]


def scrap(t, qty: float, reason: str | None) -> str:
	"""Write ``qty`` off through an ERPNext Material Issue whose bin plan takes it from the task's bin."""
	return erp.make_material_issue(
		erp.MaterialIssue(
			warehouse=t.warehouse,
			item_code=t.item_code,
			qty=qty,
			uom=t.uom,
			batch_no=t.batch_no,
			remarks=_("Scrapped on inspection of {0} (task {1}){2}").format(
				t.reference_name, t.name, f": {reason}" if reason else ""
			),
		),
		flags={WMS_PLAN_FLAG: [LedgerRow(t.source_bin, t.warehouse, t.item_code, t.batch_no, -qty)]},
	)
