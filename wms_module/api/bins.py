"""Storage-bin endpoints for the handheld and for other systems."""

import frappe

from wms_module.roles import WMS_MANAGER, WMS_ROLES, WMS_SUPERVISOR, has_any_role, require_roles
from wms_module.services import idempotency, moves
from wms_module.services import layout as layout_service
from wms_module.services.deadlocks import retry_on_deadlock
from wms_module.services.storage import resolve_bin


# many parameters: the endpoint's public API (REST, docs/openapi.json)
@frappe.whitelist(methods=["POST"])
@require_roles(*WMS_ROLES)
@retry_on_deadlock
def move(
	item_code: str,
	qty: float,
	from_bin: str,
	to_bin: str,
	batch_no: str | None = None,
	warehouse: str | None = None,
	idempotency_key: str | None = None,
) -> dict:
	"""Move stock between two storage bins (another warehouse: via a Material Transfer).

	``from_bin`` / ``to_bin``: a bin's name, code or scanned barcode; ``warehouse`` chooses
	between bins of the same code in several warehouses (the destination defaults to the
	source's warehouse). ``idempotency_key`` (a client UUID): the move sent again with the key
	answers the first answer with ``replayed`` true and moves nothing twice; the key with other
	arguments or from another user is refused (HTTP 409, IdempotencyKeyConflictError)."""

	def move_once() -> dict:
		if qty <= 0:
			frappe.throw(frappe._("qty must be greater than 0, got {0}").format(qty))
		source = resolve_bin(from_bin, warehouse=warehouse, what="from_bin")
		destination = resolve_bin(to_bin, warehouse=warehouse or source.warehouse, what="to_bin")
		return moves.move_stock(
			moves.MoveStock(
				item_code=item_code, qty=qty, from_bin=source.name, to_bin=destination.name, batch_no=batch_no
			)
		)

	args = {
		"item_code": item_code,
		"qty": qty,
		"from_bin": from_bin,
		"to_bin": to_bin,
		"batch_no": batch_no,
		"warehouse": warehouse,
	}
	return idempotency.once(idempotency_key, f"{__name__}.move", args, move_once)


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES)
def contents(storage_bin: str, warehouse: str | None = None) -> list[dict]:
	"""What a bin (name, code or scanned barcode) holds: item, batch, on hand and allocated.
	An unknown bin is refused (404), not answered as empty. Counts are blind: for an operator,
	an item / batch a Count task holds in the bin (open or awaiting approval) has on_hand and
	allocated None until the count is posted; WMS Supervisors and Managers see them."""
	from wms_module.services.bin_denial import COUNT, HOLDING_STATUSES
	from wms_module.services.bin_ledger import bin_contents

	name = resolve_bin(storage_bin, warehouse=warehouse).name
	blind = set()
	if not has_any_role(WMS_MANAGER, WMS_SUPERVISOR):
		blind = {
			(item, batch or None)
			for item, batch in frappe.get_all(
				"Warehouse Task",
				filters={"task_type": COUNT, "source_bin": name, "status": ["in", HOLDING_STATUSES]},
				fields=["item_code", "batch_no"],
				as_list=True,
			)
		}
	rows = []
	for b in bin_contents([name]).get(name, []):
		hidden = (b.item, b.batch or None) in blind
		rows.append(
			{
				"item_code": b.item,
				"batch_no": b.batch,
				"on_hand": None if hidden else b.on_hand,
				"allocated": None if hidden else b.allocated,
			}
		)
	return rows


# The parameters are the public API (REST and docs/openapi.json); they become one RackRange.
@frappe.whitelist(methods=["GET"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR)
def preview_bins(
	layout: str,
	aisle_from: str,
	aisle_to: str,
	bay_from: int,
	bay_to: int,
	level_from: int,
	level_to: int,
	positions: int = 0,
) -> dict:
	"""The bins a rack range (aisles x bays x levels [x positions]) of a Warehouse Layout would
	create, and those that exist already; writes nothing."""
	rack_range = layout_service.rack_range(locals())
	return layout_service.preview(frappe.get_doc("Warehouse Layout", layout), rack_range)


# The parameters are the public API (REST and docs/openapi.json); they become one RackRange.
@frappe.whitelist(methods=["POST"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR)
def generate_bins(
	layout: str,
	zone: str,
	aisle_from: str,
	aisle_to: str,
	bay_from: int,
	bay_to: int,
	level_from: int,
	level_to: int,
	positions: int = 0,
	bin_type: str = "Shelf",
	max_qty: float = 0,
	max_volume: float = 0,
	max_weight: float = 0,
) -> dict:
	"""Create the missing bins of a rack range in ``zone``; running it twice creates nothing twice."""
	rack_range = layout_service.rack_range(locals())
	return layout_service.generate(frappe.get_doc("Warehouse Layout", layout), rack_range)
