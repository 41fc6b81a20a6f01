"""Confirming Putaway tasks (services.putaway): the scans, the destination rules, the split, the
ledgers, the labour log, the query budget, and a Purchase Receipt cancelled with its putaway half
done."""

from __future__ import annotations

import frappe
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.app.outbound_fixtures import (
	balance,
	confirm_all,
	make_bin,
	outbound_defaults,
	outbound_floor,
	put_stock,
	so_lines,
	tasks_of,
)
from tests.app.test_count_tasks import acting_as
from tests.app.test_my_tasks import make_operator
from wms_module.exceptions import (
	BinCapacityError,
	BinMixPolicyError,
	BinNotUsableError,
	OverrideReasonMissingError,
	ScanMismatchError,
	TaskAssignedToOtherError,
	TaskNotAvailableError,
	WMSValidationError,
)
from wms_module.services import reconciliation, task_lists
from wms_module.services import tasks as task_service
from wms_module.services.picking import ConfirmPick, confirm_pick
from wms_module.services.putaway import (
	ConfirmPutaway,
	check_destination,
	confirm_putaway,
)

PR = "Purchase Receipt"


@pytest.fixture
def site():
	outbound_defaults()
	return outbound_floor("A-01", "A-02", "B-05", "R-01")


def receive(site, item, qty, batch_no=None):
	"""A submitted Purchase Receipt of ``qty``: the units land in the receiving bin (DOCK)."""
	return factories.receive_stock(item, site.warehouse, qty, batch_no=batch_no)


def new_putaway(site, pr, to="R-01", qty=None, row=0, **values) -> str:
	"""A Putaway task as the engine makes it: DOCK -> ``to`` (suggested), for a receipt row."""
	line = pr.items[row]
	(name,) = task_service.insert_tasks(
		[
			task_service.NewTask(
				task_type="Putaway",
				warehouse=site.warehouse,
				item_code=line.item_code,
				qty=qty if qty is not None else line.qty,
				batch_no=line.batch_no or None,
				uom=line.stock_uom,
				source_bin=site.receiving,
				destination_bin=site.bin(to),
				suggested_bin=site.bin(to),
				putaway_rule="Consolidate",
				reference_doctype=PR,
				reference_name=pr.name,
				reference_detail=line.name,
				**values,
			)
		]
	)
	return name


def put(task, qty, to="R-01", *, source="DOCK", item=None, reason=None, **values):
	return confirm_putaway(
		ConfirmPutaway(
			task=task,
			source_scan=source,
			item_scan=item or frappe.db.get_value("Warehouse Task", task, "item_code"),
			qty=qty,
			destination_scan=to,
			reason=reason,
			**values,
		)
	)


def receipt_tasks(pr_name: str) -> list:
	return task_service.tasks_of(PR, pr_name)


def task(name) -> frappe._dict:
	return frappe.get_doc("Warehouse Task", name).as_dict()


def ledgers(site) -> tuple[list, list]:
	"""Every Bin Stock and Bin Ledger Entry row of the site's warehouse, as they are."""
	stock = frappe.get_all(
		"Bin Stock",
		filters={"warehouse": site.warehouse},
		fields=["name", "storage_bin", "item_code", "batch_no", "on_hand_qty", "allocated_qty"],
		order_by="name",
	)
	entries = frappe.get_all(
		"Bin Ledger Entry",
		filters={"warehouse": site.warehouse},
		fields=["name", "storage_bin", "item_code", "batch_no", "qty", "voucher_no"],
		order_by="name",
	)
	return stock, entries


def no_drift(site) -> bool:
	return reconciliation.find_drift(site.warehouse) == []


# ------------------------------------------------------------------------------ the whole task


def test_full_confirmation_moves_dock_to_bin_through_the_task_and_logs_the_work(site):
	item = factories.make_item()
	pr = receive(site, item, 10)
	name = new_putaway(site, pr)
	assert balance(site.receiving, item).on_hand == 10

	out = put(name, 10, to="R-01")

	assert (out.status, out.put_qty, out.remaining_task, out.remaining_qty) == ("Done", 10, None, 0)
	assert (out.destination_bin, out.destination_bin_code, out.override) == (site.bin("R-01"), "R-01", False)
	assert balance(site.receiving, item).on_hand == 0 and balance(site.bin("R-01"), item).on_hand == 10
	rows = frappe.get_all(
		"Bin Ledger Entry",
		filters={"warehouse_task": name},
		fields=["storage_bin", "qty", "movement_type", "voucher_type", "voucher_no"],
	)
	assert sorted((r.storage_bin, r.qty) for r in rows) == sorted(
		[(site.receiving, -10), (site.bin("R-01"), 10)]
	)
	assert {(r.movement_type, r.voucher_type, r.voucher_no) for r in rows} == {
		("Move", "Warehouse Task", name)
	}
	done = task(name)
	assert (done.status, done.qty, done.picked_qty, done.destination_bin) == (
		"Done",
		10,
		10,
		site.bin("R-01"),
	)
	assert done.confirmed_by == "Administrator" and done.started_on and done.completed_on
	assert done.override_reason is None and done.suggested_bin == site.bin("R-01")
	(log,) = frappe.get_all(
		"WMS Labor Log",
		filters={"warehouse_task": name},
		fields=["activity", "units", "lines", "is_direct", "travel_m", "standard_s", "operator"],
	)
	assert (log.activity, log.units, log.lines, log.is_direct) == ("Putaway", 10, 1, 1)
	assert log.travel_m > 0 and log.standard_s > 0 and log.operator == "Administrator"  # dock -> R-01 -> dock
	assert no_drift(site)


def test_bin_barcode_with_check_character_is_accepted_for_source_and_destination(site):
	item = factories.make_item()
	name = new_putaway(site, receive(site, item, 3))
	dock, r01 = (frappe.db.get_value("Storage Bin", b, "barcode") for b in (site.receiving, site.bin("R-01")))
	assert put(name, 3, source=dock, to=r01).status == "Done"


def test_a_partial_confirmation_splits_the_task_and_the_rest_is_confirmable(site):
	item = factories.make_item()
	pr = receive(site, item, 10)
	name = new_putaway(site, pr, sscc="012345678901234560")

	out = put(name, 4)

	assert (out.status, out.put_qty, out.remaining_qty) == ("Done", 4, 6)
	first, rest = task(name), task(out.remaining_task)
	assert (first.status, first.qty, first.picked_qty) == ("Done", 4, 4)
	assert (rest.status, rest.qty, rest.picked_qty, rest.task_type) == ("Open", 6, 0, "Putaway")
	assert (rest.source_bin, rest.suggested_bin, rest.destination_bin) == (site.receiving,) + (
		site.bin("R-01"),
	) * 2
	assert (rest.reference_name, rest.reference_detail, rest.sscc, rest.putaway_rule) == (
		pr.name,
		pr.items[0].name,
		"012345678901234560",
		"Consolidate",
	)
	assert balance(site.receiving, item).on_hand == 6 and balance(site.bin("R-01"), item).on_hand == 4
	assert put(out.remaining_task, 6).remaining_task is None
	live = receipt_tasks(pr.name)
	assert sorted((t.status, t.qty) for t in live) == [("Done", 4), ("Done", 6)]  # sum = received
	assert no_drift(site)


def test_the_pallet_sscc_is_accepted_as_the_item_scan(site):
	item = factories.make_item()
	name = new_putaway(site, receive(site, item, 5), sscc="012345678901234560")
	with pytest.raises(ScanMismatchError, match="Wrong pallet: scanned SSCC 012345678901234577"):
		put(name, 5, item="(00)012345678901234577")
	assert put(name, 5, item="(00)012345678901234560").status == "Done"


# ------------------------------------------------------------------------------ the destination


def test_an_override_needs_a_reason_and_is_recorded_keeping_the_suggestion(site):
	item = factories.make_item()
	name = new_putaway(site, receive(site, item, 5))
	before = ledgers(site)
	with pytest.raises(OverrideReasonMissingError, match="B-05 is not the suggested bin R-01"):
		put(name, 5, to="B-05")
	with pytest.raises(OverrideReasonMissingError):
		put(name, 5, to="B-05", reason="   ")
	assert ledgers(site) == before and task(name).status == "Open"

	out = put(name, 5, to="B-05", reason="R-01 physically full")

	assert out.override and out.destination_bin == site.bin("B-05") and out.suggested_bin == site.bin("R-01")
	done = task(name)
	assert (done.destination_bin, done.suggested_bin) == (site.bin("B-05"), site.bin("R-01"))
	assert done.override_reason == "R-01 physically full"
	assert balance(site.bin("B-05"), item).on_hand == 5 and balance(site.bin("R-01"), item).on_hand == 0


def test_a_partial_override_leaves_the_rest_going_to_the_suggested_bin(site):
	item = factories.make_item()
	name = new_putaway(site, receive(site, item, 8))
	out = put(name, 3, to="A-02", reason="top up the pick face")
	assert task(out.remaining_task).destination_bin == site.bin("R-01")
	assert task(name).destination_bin == site.bin("A-02")


def test_a_destination_over_capacity_counts_what_other_open_tasks_bring(site):
	item, other = factories.make_item(), factories.make_item()
	frappe.db.set_value("Storage Bin", site.bin("B-05"), "max_qty", 10)
	put_stock(site, other, "B-05", 2)
	pr = receive(site, item, 12)
	coming = new_putaway(site, pr, to="B-05", qty=5)  # another pallet suggested for B-05
	name = new_putaway(site, pr, to="R-01", qty=7)
	before = ledgers(site)

	with pytest.raises(BinCapacityError, match="holds at most 10 units; it has 7 and the put of 4"):
		put(name, 4, to="B-05", reason="closer")
	assert ledgers(site) == before and task(name).status == "Open"

	assert put(name, 3, to="B-05", reason="closer").remaining_qty == 4  # 2 + 5 coming + 3 = 10
	assert put(coming, 5, to="B-05").status == "Done"  # its room was kept


def test_the_suggested_bin_is_checked_again_when_it_is_blocked(site):
	item = factories.make_item()
	name = new_putaway(site, receive(site, item, 5))
	frappe.db.set_value("Storage Bin", site.bin("R-01"), "status", "Blocked")
	before = ledgers(site)
	with pytest.raises(BinNotUsableError, match="'R-01' is blocked"):
		put(name, 5, to="R-01")
	with pytest.raises(BinNotUsableError):
		put(name, 5, to="R-01", reason="anyway")
	assert ledgers(site) == before
	assert put(name, 5, to="A-02", reason="R-01 blocked").destination_bin == site.bin("A-02")


def test_mix_policy_of_the_destination_is_respected(site):
	item, other = factories.make_item(), factories.make_item()
	frappe.db.set_value("Storage Bin", site.bin("A-02"), "mix_policy", "Single Item")
	put_stock(site, other, "A-02", 1)
	name = new_putaway(site, receive(site, item, 5))
	before = ledgers(site)
	with pytest.raises(BinMixPolicyError, match=f"takes a single item and holds {other}"):
		put(name, 5, to="A-02", reason="nearer")
	assert ledgers(site) == before


def test_unknown_destination_another_warehouse_the_source_or_unlocated_are_refused(site):
	item = factories.make_item()
	name = new_putaway(site, receive(site, item, 5))
	elsewhere = outbound_floor("R-01")
	before = ledgers(site)
	with pytest.raises(ScanMismatchError, match="Destination Z-99-99: no Storage Bin"):
		put(name, 5, to="Z-99-99", reason="x")
	with pytest.raises(ScanMismatchError, match="check character"):
		put(name, 5, to="A-01-02-4Y", reason="x")
	with pytest.raises(ScanMismatchError, match=f"of {elsewhere.warehouse}; task {name} puts away in"):
		put(name, 5, to=elsewhere.bin("R-01"), reason="x")
	with pytest.raises(WMSValidationError, match="the bin task .* takes the stock from"):
		put(name, 5, to="DOCK", reason="x")
	with pytest.raises(WMSValidationError, match="unlocated bin"):
		put(name, 5, to="UNLOCATED", reason="x")
	assert ledgers(site) == before


# ------------------------------------------------------------------------------ wrong scans, qty, twice


def test_wrong_source_item_batch_and_quantities_are_refused_and_change_nothing(site):
	gtin = factories.unique_gtin13()
	item = factories.make_item(barcode=gtin, barcode_type="EAN", has_batch_no=1)
	other = factories.make_item()
	batch = factories.make_batch(item, batch_id=factories.unique("B"))
	name = new_putaway(site, receive(site, item, 6, batch_no=batch))
	before = ledgers(site)
	cases = [
		(
			{"source": "A-01"},
			ScanMismatchError,
			f"scanned A-01, but task {name} takes the stock from bin DOCK",
		),
		({"item": other}, ScanMismatchError, f"Wrong item: scanned {other}"),
		({"item": f"(01)0{gtin}(10)OTHER1"}, ScanMismatchError, "Wrong batch: scanned batch OTHER1"),
		({"qty": 7}, WMSValidationError, f"has 6 x {item} left to put away; 7 is more"),
		({"qty": 0}, WMSValidationError, "qty must be a number above 0"),
		({"qty": -1}, WMSValidationError, "qty must be a number above 0"),
		({"qty": "lots"}, WMSValidationError, "qty must be a number above 0"),
	]
	for change, exc, message in cases:
		qty = change.pop("qty", 6)
		with pytest.raises(exc, match=message):
			put(name, qty, **change)
	with pytest.raises(ScanMismatchError, match="takes the stock from bin DOCK"):  # the first wrong scan
		put(name, 9, source="A-01", item=other, to="Z-99-99")
	assert ledgers(site) == before and task(name).status == "Open"
	assert put(name, 6, item=f"(01)0{gtin}(10){batch}(17)301231").status == "Done"
	assert balance(site.bin("R-01"), item, batch).on_hand == 6


def test_confirming_twice_names_the_task_and_its_status(site):
	item = factories.make_item()
	name = new_putaway(site, receive(site, item, 2))
	put(name, 2)
	before = ledgers(site)
	with pytest.raises(TaskNotAvailableError, match=f"Warehouse Task {name} is Done; there is nothing left"):
		put(name, 2)
	assert ledgers(site) == before


def test_a_pick_task_and_someone_elses_putaway_are_refused(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 3)
	so = factories.make_sales_order(items=so_lines(site, (item, 1)))
	(pick,) = tasks_of(so.name, task_type="Pick")
	with pytest.raises(TaskNotAvailableError, match="is a Pick task, not a putaway"):
		put(pick.name, 1)
	with pytest.raises(frappe.DoesNotExistError, match="Warehouse Task NO-SUCH-TASK does not exist"):
		put("NO-SUCH-TASK", 1, item=item)
	other = make_operator("other")
	name = new_putaway(site, receive(site, item, 2), assigned_to=other)
	with acting_as(make_operator("me")):
		with pytest.raises(TaskAssignedToOtherError, match=f"assigned to {other}"):
			put(name, 2)
	with acting_as(other):
		assert put(name, 2).status == "Done"
	assert task(name).confirmed_by == other


# ------------------------------------------------------------------------------ staged picks go back


def test_a_staged_picks_putaway_back_is_confirmed_through_the_same_door(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 4)))
	(pick,) = tasks_of(so.name, task_type="Pick")
	confirm_pick(ConfirmPick(task=pick.name, bin_scan="A-01", item_scan=item, qty=4))
	so.reload()
	so.cancel()
	(back,) = tasks_of(so.name, task_type="Putaway")
	assert (back.source_bin, back.suggested_bin, back.destination_bin) == (site.staging,) + (
		site.bin("A-01"),
	) * 2

	out = put(back.name, 3, source="STAGE", to="A-01")

	assert (out.status, out.remaining_qty, out.override) == ("Done", 1, False)
	assert balance(site.staging, item).on_hand == 1 and balance(site.bin("A-01"), item).on_hand == 4
	assert put(out.remaining_task, 1, source="STAGE", to="A-01").status == "Done"
	assert balance(site.staging, item).on_hand == 0 and no_drift(site)


# ------------------------------------------------------------------------------ the operator's list


def test_the_operator_lists_open_putaways_own_first_then_by_priority_and_age(site):
	item = factories.make_item()
	pr = receive(site, item, 10)
	me, other = make_operator("me"), make_operator("other")
	queued_old = new_putaway(site, pr, qty=1, sscc="012345678901234560")
	queued_urgent = new_putaway(site, pr, to="A-02", qty=1, priority=2)
	mine = new_putaway(site, pr, to="B-05", qty=1, assigned_to=me)
	theirs = new_putaway(site, pr, qty=1, assigned_to=other)
	done = new_putaway(site, pr, qty=1)
	put(done, 1)

	rows = [r for r in task_lists.my_tasks(user=me, task_type="Putaway") if r["reference_name"] == pr.name]

	assert [r["name"] for r in rows] == [mine, queued_urgent, queued_old]  # not theirs, not done
	assert theirs not in {r["name"] for r in rows}
	old = rows[-1]
	assert (old["source_bin_code"], old["destination_bin_code"], old["suggested_bin_code"]) == (
		"DOCK",
		"R-01",
		"R-01",
	)
	assert old["suggested_bin_barcode"] == frappe.db.get_value("Storage Bin", site.bin("R-01"), "barcode")
	assert (old["sscc"], old["putaway_rule"], old["qty"]) == ("012345678901234560", "Consolidate", 1)
	assert "Putaway" not in {r["task_type"] for r in task_lists.my_tasks(user=me)}  # the pick screen's list


# ------------------------------------------------------------------------------ ask before confirming


def test_check_destination_tells_suggested_override_or_why_not(site):
	item, other = factories.make_item(), factories.make_item()
	frappe.db.set_value("Storage Bin", site.bin("A-02"), "max_qty", 3)
	frappe.db.set_value("Storage Bin", site.bin("A-01"), "status", "Blocked")
	put_stock(site, other, "B-05", 1)
	frappe.db.set_value("Storage Bin", site.bin("B-05"), "mix_policy", "Single Item")
	name = new_putaway(site, receive(site, item, 5))
	before = ledgers(site)

	def ask(scan):
		return frappe._dict(check_destination(task=name, destination_scan=scan))

	ok = ask("R-01")
	assert (ok.is_suggested, ok.acceptable, ok.needs_reason, ok.reason) == (True, True, False, None)
	assert (ok.suggested_bin_code, ok.destination_bin_code, ok.qty) == ("R-01", "R-01", 5)
	full, blocked, mixed = ask("A-02"), ask("A-01"), ask("B-05")
	assert (full.is_suggested, full.needs_reason, full.acceptable) == (False, True, False)
	assert "holds at most 3 units" in full.reason
	assert not blocked.acceptable and "blocked" in blocked.reason
	assert not mixed.acceptable and "single item" in mixed.reason
	r01_barcode = frappe.db.get_value("Storage Bin", site.bin("R-01"), "barcode")
	assert ask(r01_barcode).is_suggested
	unknown = ask("NOPE")
	assert unknown.destination_bin is None and not unknown.acceptable and "NOPE" in unknown.reason
	assert ledgers(site) == before


# ------------------------------------------------------------------------------ Purchase Receipt cancelled


def test_a_receipt_cancelled_half_put_away_is_reversed_from_where_its_putaway_put_it(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 7)  # older stock of the item, elsewhere: the cancel leaves it
	other_pr = receive(site, item, 5)  # another receipt's pallet on the dock: the cancel leaves it
	pr = receive(site, item, 10)
	first = new_putaway(site, pr, to="R-01", qty=6)
	second = new_putaway(site, pr, to="B-05", qty=4)
	theirs = new_putaway(site, other_pr, to="A-02")
	split = put(first, 2, to="R-01").remaining_task  # 2 put away, 4 left on a new task
	put(second, 4, to="A-02", reason="B-05 full")  # an override
	assert balance(site.receiving, item).on_hand == 9  # 4 of this receipt, 5 of the other

	pr.reload()
	pr.cancel()

	statuses = {t.name: t.status for t in receipt_tasks(pr.name)}
	assert statuses == {first: "Done", second: "Done", split: "Cancelled"}
	assert f"{pr.name} was cancelled" in task(split).exception_reason
	assert balance(site.bin("R-01"), item).on_hand == 0  # taken from where its putaway put it
	assert balance(site.bin("A-02"), item).on_hand == 0
	assert balance(site.receiving, item).on_hand == 5  # the other receipt's pallet is still there
	assert balance(site.bin("A-01"), item).on_hand == 7
	assert no_drift(site)
	assert put(theirs, 5, to="A-02").status == "Done"  # the other receipt's putaway still works
	with pytest.raises(TaskNotAvailableError, match=f"{split} is Cancelled"):
		put(split, 4)


def test_a_batch_receipt_cancelled_half_put_away_leaves_no_batch_anywhere(site):
	item = factories.make_item(has_batch_no=1)
	batch = factories.make_batch(item, batch_id=factories.unique("B"))
	pr = receive(site, item, 6, batch_no=batch)
	name = new_putaway(site, pr)
	assert task(name).batch_no == batch
	rest = put(name, 4, to="R-01").remaining_task
	pr.reload()
	pr.cancel()
	assert task(rest).status == "Cancelled"
	assert (
		balance(site.bin("R-01"), item, batch).on_hand == 0
		and balance(site.receiving, item, batch).on_hand == 0
	)
	assert no_drift(site)


def test_a_receipt_cancelled_before_any_putaway_cancels_its_tasks(site):
	item = factories.make_item()
	pr = receive(site, item, 3)
	name = new_putaway(site, pr)
	pr.reload()
	pr.cancel()
	assert task(name).status == "Cancelled"
	assert balance(site.receiving, item).on_hand == 0 and no_drift(site)


def test_a_receipt_whose_put_away_stock_moved_on_is_taken_from_where_it_is_now(site):
	item = factories.make_item()
	pr = receive(site, item, 4)
	put(new_putaway(site, pr), 4, to="R-01")
	from wms_module.services import moves

	moves.move_stock(
		moves.MoveStock(item_code=item, qty=3, from_bin=site.bin("R-01"), to_bin=site.bin("A-01"))
	)
	pr.reload()
	pr.cancel()
	assert balance(site.bin("R-01"), item).on_hand + balance(site.bin("A-01"), item).on_hand == 0
	assert no_drift(site)


# ------------------------------------------------------------------------------ invariant


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
	parts=st.lists(
		st.tuples(st.integers(min_value=1, max_value=5), st.sampled_from(["R-01", "A-02", "B-05"])),
		min_size=1,
		max_size=5,
	),
	cancel=st.booleans(),
)
def test_putaway_in_parts_conserves_stock_and_task_quantities(site, parts, cancel):
	"""However a receipt is put away (in parts, to any bins), its tasks' quantities add up to what
	was received, the dock holds exactly what is not put away, and bins = ERPNext; after a cancel
	nothing of it is left anywhere."""
	item = factories.make_item()
	received = sum(q for q, _ in parts) + 1
	pr = receive(site, item, received)
	task_name = new_putaway(site, pr)
	moved = 0
	for qty, to in parts:
		out = put(task_name, qty, to=to, reason=None if to == "R-01" else "operator's choice")
		moved += qty
		task_name = out.remaining_task
	assert task_name is not None  # one unit is always left
	live = [t for t in receipt_tasks(pr.name) if t.status != "Cancelled"]
	assert sum(t.qty for t in live) == received
	assert sum(t.qty for t in live if t.status == "Done") == moved
	assert balance(site.receiving, item).on_hand == received - moved
	assert no_drift(site)
	if cancel:
		pr.reload()
		pr.cancel()
		assert sum(balance(site.bin(c), item).on_hand for c in ("R-01", "A-02", "B-05")) == 0
		assert balance(site.receiving, item).on_hand == 0
		assert {t.status for t in receipt_tasks(pr.name)} <= {"Done", "Cancelled"}
		assert no_drift(site)


# ------------------------------------------------------------------------------ query budget


@pytest.mark.parametrize("n_open", [1, 40])
def test_one_confirmation_costs_a_constant_number_of_queries(query_counter, n_open):
	site = outbound_floor("A-01", "R-01")
	for k in range(n_open):  # more bins, more open tasks, more stock in the destination
		make_bin(site, f"X-{k:02d}", "RES", aisle=2, bay=k % 10)
	items = [factories.make_item() for _ in range(3)]
	pr = factories.make_purchase_receipt(
		items=[{"item_code": i, "qty": 10 * n_open, "warehouse": site.warehouse} for i in items]
	)
	for k in range(n_open):
		new_putaway(site, pr, to="R-01", qty=1, row=1)
		new_putaway(site, pr, to=f"X-{k:02d}", qty=1, row=2)
	warm = new_putaway(site, pr, to="R-01", qty=2)
	put(warm, 1, to="R-01")  # warm caches first, as a running site has them
	name = new_putaway(site, pr, to="R-01", qty=2)
	with query_counter() as q:
		put(name, 1, item=items[0], to="A-01", reason="closer")  # an override and a split: the most work
	print(f"confirm one putaway with {n_open} open tasks: {q.count} queries")
	# the task (read, locked), its bins, the destination (read, locked), its contents, what comes
	# to it, the items' units; the ledger (balances, rows, 2 balance writes); the rest's INSERT, the
	# task's UPDATE; the labour log's settings, context and INSERT
	assert q.count <= 17, q.queries


def test_no_putaway_query_reads_a_whole_app_table(site):
	"""As tests/app/test_hot_query_indexes.py for the floor's other paths: the putaway list, asking
	about a destination, confirming (an override and a split), and the receipt's cancel."""
	from tests.app.test_hot_query_indexes import (
		APP_TABLES,
		SMALL_TABLES,
		QueryRecorder,
		full_scans,
		index_columns,
	)

	assert ("destination_bin", "status") in index_columns("Warehouse Task")
	item = factories.make_item(barcode=factories.unique_gtin13())
	pr = receive(site, item, 6)
	name = new_putaway(site, pr)
	operator = make_operator("hot-putaway")
	with QueryRecorder() as recorder:
		task_lists.my_tasks(user=operator, task_type="Putaway")
		check_destination(task=name, destination_scan="A-02")
		put(name, 2, to="A-02", reason="closer")
		pr.reload()
		pr.cancel()
	scanned = [
		(table, " ".join(query.split())[:200])
		for _path, query, values in recorder.sent
		if query.lstrip().lower().startswith(("select", "update", "delete"))
		for table in full_scans(query, values)
		if table in APP_TABLES and table not in SMALL_TABLES
	]
	assert not scanned


# ------------------------------------------------------------------------------ two operators at once


def setup_race(tasks: tuple[tuple[float, str], ...], stock: float, capacity: float = 0):
	"""A committed floor: ``stock`` received on the dock, one Putaway task per (qty, bin)."""
	from tests.app.outbound_fixtures import outbound_defaults, outbound_floor

	outbound_defaults()
	site = outbound_floor("B-05", "R-01")
	if capacity:
		frappe.db.set_value("Storage Bin", site.bin("B-05"), "max_qty", capacity)
	item = factories.make_item()
	pr = receive(site, item, stock)
	names = [new_putaway(site, pr, to=to, qty=qty) for qty, to in tasks]
	return {
		"tasks": names,
		"item": item,
		"warehouse": site.warehouse,
		"bins": site.bins,
		"dock": site.receiving,
	}


def state_of(data):
	def read():
		stock = frappe.get_all(
			"Bin Stock",
			filters={"warehouse": data["warehouse"], "item_code": data["item"]},
			fields=["storage_bin", "on_hand_qty"],
		)
		return (
			{r.storage_bin: r.on_hand_qty for r in stock},
			frappe.get_all(
				"Warehouse Task", filters={"name": ["in", data["tasks"]]}, pluck="status", order_by="name"
			),
			reconciliation.find_drift(data["warehouse"]),
		)

	return read


@pytest.mark.parametrize(
	"case",
	[
		# the same task twice: the second waits for the task row, then finds it Done
		{"tasks": ((5, "R-01"),), "stock": 5, "both": (0, 0), "refused": "is Done"},
		# two tasks of the same units (the dock holds 5): the second waits for the dock's row
		{"tasks": ((5, "R-01"), (5, "B-05")), "stock": 5, "both": (0, 1), "refused": "holds 0 of"},
		# two overrides into one bin with room for one: the second waits for the bin, then sees it full
		{
			"tasks": ((4, "R-01"), (4, "R-01")),
			"stock": 8,
			"both": (0, 1),
			"to": "B-05",
			"refused": "at most 5",
		},
	],
	ids=["same task", "same units", "same room"],
)
def test_two_operators_at_once_one_wins_the_other_is_refused_and_nothing_is_lost(committed_site, case):
	from tests.app.outbound_fixtures import race
	from tests.harness import run_in_site

	data = run_in_site(committed_site, setup_race, case["tasks"], case["stock"], capacity=5)
	override = case.get("to")

	def attempt(index):
		qty, suggested = case["tasks"][index]
		to = override or suggested
		return put(
			data["tasks"][index], qty, item=data["item"], to=to, reason="closer" if override else None
		).status

	outcomes = race(committed_site, attempt, *case["both"])
	assert outcomes["second_waited"], "the second confirmation did not wait for the first's locks"
	assert outcomes["first"] == "Done"
	assert isinstance(outcomes["second"], frappe.ValidationError), outcomes["second"]
	assert case["refused"] in str(outcomes["second"])
	stock, statuses, drift = run_in_site(committed_site, state_of(data), commit=False)
	moved, suggested = case["tasks"][0]
	assert (
		stock[data["dock"]] == case["stock"] - moved and stock[data["bins"][override or suggested]] == moved
	)
	assert statuses.count("Done") == 1 and drift == []
