"""benchless stand-in for erpnext/stock/stock_ledger.py (ERPNext v15).

make_sl_entries(sl_entries, allow_negative_stock=False, via_landed_cost_voucher=False)
keeps the real contract:
- on cancel (first entry has is_cancelled), the voucher's earlier entries are marked
  is_cancelled=1 (set_as_cancel) and each entry is posted again with actual_qty negated;
- one submitted Stock Ledger Entry per row with qty_after_transaction, then the Bin's
  actual_qty/projected_qty is updated (erpnext.stock.doctype.bin.bin.update_qty);
- stock going below zero raises NegativeStockError with the real message
  "{0} units of {1} needed in {2} to complete this transaction." unless negative stock is
  allowed (argument, or Stock Settings.allow_negative_stock);
- an outward entry that would leave less on hand than Bin.reserved_stock (open Stock
  Reservation Entries) raises "{0} units of {1} needed in {2} on {3} {4} to complete this
  transaction." (title "Reserved Stock"), as v15's validate_reserved_stock does after the
  negative-stock check; a Delivery Note first marks its own order's reservations
  delivered, so only other orders' reservations hold it back.

Differences, on purpose: there is no reposting of later entries (entries are valued and
checked in posting order, and a back-dated posting does not recompute later balances);
batches are recorded as v15 records them: each batch entry gets a submitted Serial and Batch Bundle
(one Serial and Batch Entry with the batch and the signed qty) named on the Stock Ledger Entry,
whose own batch_no stays empty (erpnext/stock/serial_batch_bundle.py); the bundle is cancelled with
its voucher. A batch going below zero in a warehouse is refused like warehouse stock. All checks run before anything is
written, so a refused posting leaves no Stock Ledger Entry and no Bin change behind.
"""

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, now, nowdate, nowtime

from erpnext.stock.doctype.bin.bin import update_qty as update_bin_qty
from erpnext.stock.utils import get_or_make_bin


class NegativeStockError(frappe.ValidationError):
	pass


class SerialNoExistsInFutureTransaction(frappe.ValidationError):
	pass


def make_sl_entries(sl_entries, allow_negative_stock=False, via_landed_cost_voucher=False):
	"""Create SL entries from SL entry dicts

	args:
	        - allow_negative_stock: disable negative stock valiations if true
	        - via_landed_cost_voucher: landed cost voucher cancels and reposts
	        entries of purchase document (negative stock is not validated then)
	"""
	if not sl_entries:
		return

	sl_entries = [frappe._dict(sle) for sle in sl_entries]
	cancel = sl_entries[0].get("is_cancelled")
	if cancel:
		for sle in sl_entries:
			sle["actual_qty"] = -flt(sle.get("actual_qty"))

	_validate_entries(sl_entries, allow_negative_stock or via_landed_cost_voucher)

	if cancel:
		set_as_cancel(sl_entries[0].get("voucher_type"), sl_entries[0].get("voucher_no"))
		cancel_bundles(sl_entries[0].get("voucher_type"), sl_entries[0].get("voucher_no"))

	for sle in sl_entries:
		if not cint(frappe.db.get_value("Item", sle.item_code, "is_stock_item")):
			frappe.msgprint(_("Item {0} ignored since it is not a stock item").format(sle.item_code))
			continue
		if not (sle.get("actual_qty") or sle.get("voucher_type") == "Stock Reconciliation"):
			continue
		bin_name = get_or_make_bin(sle.item_code, sle.warehouse)
		sle_doc = make_entry(sle, allow_negative_stock, via_landed_cost_voucher)
		posted = sle_doc.as_dict()
		if cancel:
			# v15 reposts after a cancel (repost_current_voucher): the Bin ends at what the live
			# ledger adds up to, which is not "minus the cancelled qty" when a Stock Reconciliation
			# set the balance after it
			posted.update(
				voucher_type="Stock Reconciliation",
				actual_qty=0,
				qty_after_transaction=ledger_qty(sle.item_code, sle.warehouse),
			)
		update_bin_qty(bin_name, posted)
		if sle.get("batch_no"):
			_update_batch_qty(sle.batch_no)


def sets_balance(sle) -> bool:
	"""A Stock Reconciliation entry of a non-batch item: it sets the balance to its
	qty_after_transaction (its actual_qty is 0), as v15's stock_ledger.process_sle reads it."""
	return (
		sle.voucher_type == "Stock Reconciliation"
		and not sle.get("batch_no")
		and not cint(sle.get("has_batch_no"))
		and not flt(sle.actual_qty)
	)


def cancel_bundles(voucher_type, voucher_no):
	"""The voucher's Serial and Batch Bundles are cancelled with it (v15: the bundle's docstatus
	follows its voucher's, and is_cancelled is set), before Frappe checks the voucher's back links."""
	for name in frappe.get_all(
		"Serial and Batch Bundle",
		filters={"voucher_type": voucher_type, "voucher_no": voucher_no, "docstatus": 1},
		pluck="name",
	):
		frappe.db.set_value(
			"Serial and Batch Bundle", name, {"docstatus": 2, "is_cancelled": 1}, update_modified=False
		)


def make_batch_bundle(args, actual_qty):
	"""A submitted Serial and Batch Bundle for one batch entry: its entry carries the signed qty."""
	bundle = frappe.get_doc(
		{
			"doctype": "Serial and Batch Bundle",
			"company": args.company,
			"warehouse": args.warehouse,
			"item_code": args.item_code,
			"has_batch_no": 1,
			"type_of_transaction": "Inward" if actual_qty > 0 else "Outward",
			"voucher_type": args.voucher_type,
			"voucher_no": args.voucher_no,
			"voucher_detail_no": args.get("voucher_detail_no"),
			"posting_date": args.posting_date,
			"total_qty": actual_qty,
			"entries": [
				{
					"batch_no": args.batch_no,
					"qty": actual_qty,
					"warehouse": args.warehouse,
					"is_outward": int(actual_qty < 0),
				}
			],
		}
	)
	# no ignore_permissions, as v15's SerialBatchCreation.make_serial_and_batch_bundle saves it: the
	# session user needs a role of the bundle's DocPerms (Stock User, Purchase User, Delivery User
	# ...) even when the voucher itself goes through with ignore_permissions
	bundle.flags.ignore_links = True  # the voucher is being submitted in this same transaction
	bundle.submit()
	return bundle.name


def batch_ledger(batch_no=None, warehouse=None, item_code=None):
	"""Live batch movements: (batch_no, warehouse, item_code, qty, posting_date, posting_time,
	voucher_no) per Serial and Batch Entry of a live entry's bundle, as v15's get_available_batches
	joins them."""
	conditions, values = ["sle.is_cancelled = 0"], {}
	for column, value in (
		("entry.batch_no", batch_no),
		("sle.warehouse", warehouse),
		("sle.item_code", item_code),
	):
		if value:
			key = column.split(".")[1]
			conditions.append(f"{column} = %({key})s")
			values[key] = value
	return frappe.db.sql(
		f"""select entry.batch_no, sle.warehouse, sle.item_code, entry.qty, sle.posting_date,
			sle.posting_time, sle.voucher_no
		from `tabStock Ledger Entry` sle
		inner join `tabSerial and Batch Entry` entry on entry.parent = sle.serial_and_batch_bundle
		where {" and ".join(conditions)}""",
		values,
		as_dict=True,
	)


def running_balances(entries):
	"""(entry, balance after it) for live ledger rows in posting order: each adds its actual_qty,
	a reconciliation sets the balance."""
	qty = 0.0
	for e in entries:
		qty = flt(e.qty_after_transaction) if sets_balance(e) else qty + flt(e.actual_qty)
		yield e, qty


def _lowest_without(item_code, warehouse, voucher_type, voucher_no) -> float:
	"""The lowest running balance of (item, warehouse) in posting order once a voucher's entries
	are gone (v15 reposts the later entries after a cancel and refuses one that leaves them short)."""
	others = [
		e
		for e in _live_entries(item_code, warehouse)
		if (e.voucher_type, e.voucher_no) != (voucher_type, voucher_no)
	]
	return min((qty for _e, qty in running_balances(others)), default=0.0)


def ledger_qty(item_code, warehouse) -> float:
	"""What the live ledger of (item, warehouse) adds up to: the Bin's actual_qty after a repost."""
	qty = 0.0
	for _e, qty in running_balances(_live_entries(item_code, warehouse)):
		pass
	return qty


def _live_entries(item_code, warehouse):
	return frappe.get_all(
		"Stock Ledger Entry",
		filters={"item_code": item_code, "warehouse": warehouse, "is_cancelled": 0},
		fields=[
			"name",
			"posting_date",
			"posting_time",
			"actual_qty",
			"qty_after_transaction",
			"voucher_type",
			"voucher_no",
			"batch_no",
			"valuation_rate",
			"creation",
		],
		order_by="creation asc",
	)


def _balances(item_code, warehouse, batch_no=None):
	if not batch_no:
		return ledger_qty(item_code, warehouse)
	return sum(flt(r.qty) for r in batch_ledger(batch_no, warehouse, item_code))


def _validate_entries(sl_entries, allow_negative_stock=False):
	"""Everything make_entry / the Stock Ledger Entry controller would refuse, checked up front."""
	from erpnext.stock.utils import (
		is_group_warehouse,
		validate_disabled_warehouse,
		validate_warehouse_company,
	)

	if not allow_negative_stock:
		allow_negative_stock = cint(frappe.db.get_single_value("Stock Settings", "allow_negative_stock"))

	running = {}  # (item, warehouse) -> qty ; (item, warehouse, batch) -> qty
	exceptions = {}
	reserved_short = {}  # (item, warehouse) -> (balance after, reserved stock)
	for sle in sl_entries:
		for key in ("warehouse", "posting_date", "voucher_type", "voucher_no", "company"):
			if not sle.get(key):
				frappe.throw(_("{0} is required").format(frappe.unscrub(key)))
		if not sle.get("item_code"):
			frappe.throw(_("{0} is required").format(_("Item Code")))
		if not cint(frappe.db.get_value("Item", sle.item_code, "is_stock_item")):
			continue
		validate_disabled_warehouse(sle.warehouse)
		validate_warehouse_company(sle.warehouse, sle.company)
		is_group_warehouse(sle.warehouse)
		if sle.get("batch_no") and not sle.get("is_cancelled"):
			validate_batch_expiry(sle)

		if allow_negative_stock:
			continue
		if sle.get("is_cancelled") and not sle.get("batch_no"):
			# a cancel is checked on the ledger as reposted without the voucher: its lowest point
			# (a later Stock Reconciliation keeps the balance it counted, so cancelling a receipt
			# before a count can be fine where "balance minus receipt" would go below zero)
			lowest = _lowest_without(sle.item_code, sle.warehouse, sle.voucher_type, sle.voucher_no)
			if lowest < 0 and abs(lowest) > 0.0001:
				exceptions.setdefault((sle.item_code, sle.warehouse), []).append(dict(sle, diff=lowest))
			continue
		if flt(sle.actual_qty) >= 0:
			continue
		keys = [(sle.item_code, sle.warehouse)]
		if sle.get("batch_no"):
			keys.append((sle.item_code, sle.warehouse, sle.batch_no))
		for key in keys:
			if key not in running:
				running[key] = _balances(*key)
		for key in keys:
			running[key] += flt(sle.actual_qty)
			if running[key] < 0 and abs(running[key]) > 0.0001:
				exceptions.setdefault(key, []).append(dict(sle, diff=running[key]))
		reserved_stock = flt(
			frappe.db.get_value(
				"Bin", {"item_code": sle.item_code, "warehouse": sle.warehouse}, "reserved_stock"
			)
		)
		if reserved_stock:
			reserved_short[keys[0]] = (running[keys[0]], reserved_stock)
	if exceptions:
		raise_negative_stock_error(exceptions)
	for (item_code, warehouse), (balance_qty, reserved_stock) in reserved_short.items():
		validate_reserved_stock(item_code, warehouse, balance_qty, reserved_stock)


def validate_reserved_stock(item_code, warehouse, balance_qty, reserved_stock):
	"""The qty part of v15's stock_ledger.validate_reserved_stock(kwargs): the balance after
	the posting may not fall below the reserved stock (serial / batch reservations are not
	modelled)."""
	precision = cint(frappe.db.get_default("float_precision")) or 2
	diff = flt(balance_qty - reserved_stock, precision)
	if diff < 0 and abs(diff) > 0.0001:
		msg = _("{0} units of {1} needed in {2} on {3} {4} to complete this transaction.").format(
			abs(diff),
			_desk_link("Item", item_code),
			_desk_link("Warehouse", warehouse),
			nowdate(),
			nowtime(),
		)
		frappe.throw(msg, title=_("Reserved Stock"))


def raise_negative_stock_error(exceptions):
	msg_list = []
	for key, rows in exceptions.items():
		deficiency = min(e["diff"] for e in rows)
		item_code, warehouse = key[0], key[1]
		msg = _("{0} units of {1} needed in {2} to complete this transaction.").format(
			frappe.bold(abs(deficiency)),
			_desk_link("Item", item_code),
			_desk_link("Warehouse", warehouse),
		)
		if len(key) == 3:
			msg = _("{0} units of {1} (Batch {2}) needed in {3} to complete this transaction.").format(
				frappe.bold(abs(deficiency)),
				_desk_link("Item", item_code),
				frappe.bold(key[2]),
				_desk_link("Warehouse", warehouse),
			)
		msg_list.append(msg)
	frappe.throw("\n\n".join(msg_list), NegativeStockError, title=_("Insufficient Stock"))


def validate_batch_expiry(sle):
	"""StockLedgerEntry.validate_batch: an expired batch cannot move (except returns)."""
	if sle.voucher_type == "Stock Entry":
		return
	if (sle.voucher_type in ["Purchase Receipt", "Purchase Invoice"] and flt(sle.actual_qty) < 0) or (
		sle.voucher_type in ["Delivery Note", "Sales Invoice"] and flt(sle.actual_qty) > 0
	):
		return
	expiry_date = frappe.db.get_value("Batch", sle.batch_no, "expiry_date")
	if expiry_date and getdate(sle.posting_date) > getdate(expiry_date):
		frappe.throw(_("Batch {0} of Item {1} has expired.").format(sle.batch_no, sle.item_code))


def set_as_cancel(voucher_type, voucher_no):
	for name in frappe.get_all(
		"Stock Ledger Entry",
		filters={"voucher_type": voucher_type, "voucher_no": voucher_no, "is_cancelled": 0},
		pluck="name",
	):
		frappe.db.set_value("Stock Ledger Entry", name, "is_cancelled", 1)


def make_entry(args, allow_negative_stock=False, via_landed_cost_voucher=False):
	args = frappe._dict(args)
	# running balance in posting order: the Bin (which still holds a cancelled voucher's
	# own quantities when its reversing entries are written)
	bin_values = frappe.db.get_value(
		"Bin",
		{"item_code": args.item_code, "warehouse": args.warehouse},
		["actual_qty", "valuation_rate"],
		as_dict=True,
	)
	prev_qty = flt(bin_values.actual_qty) if bin_values else 0.0
	prev_rate = flt(bin_values.valuation_rate) if bin_values else 0.0
	actual_qty = flt(args.actual_qty)
	qty_after = flt(args.qty_after_transaction) if sets_balance(args) else prev_qty + actual_qty
	incoming_rate = flt(args.get("incoming_rate"))
	if actual_qty > 0 and incoming_rate and qty_after > 0:
		valuation_rate = (max(prev_qty, 0) * prev_rate + actual_qty * incoming_rate) / (
			max(prev_qty, 0) + actual_qty
		)
	else:
		valuation_rate = prev_rate or incoming_rate
	stock_value = qty_after * valuation_rate
	values = {
		"doctype": "Stock Ledger Entry",
		"item_code": args.item_code,
		"warehouse": args.warehouse,
		"posting_date": args.posting_date,
		"posting_time": args.posting_time,
		"fiscal_year": args.get("fiscal_year"),
		"voucher_type": args.voucher_type,
		"voucher_no": args.voucher_no,
		"voucher_detail_no": args.get("voucher_detail_no"),
		"actual_qty": actual_qty,
		"qty_after_transaction": qty_after,
		"incoming_rate": incoming_rate if actual_qty > 0 else 0,
		"outgoing_rate": valuation_rate if actual_qty < 0 else 0,
		"valuation_rate": valuation_rate,
		"stock_value": stock_value,
		"stock_value_difference": stock_value - prev_qty * prev_rate,
		"stock_uom": args.get("stock_uom"),
		"company": args.company,
		"batch_no": None,
		"serial_and_batch_bundle": (
			make_batch_bundle(args, actual_qty)
			if args.get("batch_no") and not args.get("is_cancelled")
			else None
		),
		"serial_no": args.get("serial_no"),
		"has_batch_no": 1 if args.get("batch_no") else 0,
		"is_cancelled": 1 if args.get("is_cancelled") else 0,
	}
	sle = frappe.get_doc(values)
	sle.flags.ignore_permissions = 1
	sle.allow_negative_stock = allow_negative_stock
	sle.via_landed_cost_voucher = via_landed_cost_voucher
	sle.submit()
	return sle


def _update_batch_qty(batch_no):
	qty = sum(flt(r.qty) for r in batch_ledger(batch_no))
	if frappe.db.exists("Batch", batch_no):
		frappe.db.set_value("Batch", batch_no, "batch_qty", qty, update_modified=False)


def get_previous_sle(args, for_update=False, extra_cond=None):
	"""The last non-cancelled entry on or before the posting date/time of args, with its
	qty_after_transaction recomputed from the ledger (benchless does not repost)."""
	rows = _live_entries(args.get("item_code"), args.get("warehouse"))
	posting_date = getdate(args.get("posting_date")) if args.get("posting_date") else None
	posting_time = _time_key(args.get("posting_time")) if args.get("posting_time") else None
	if posting_date:
		cutoff = (posting_date, posting_time or "99:99:99.999999")
		rows = [r for r in rows if (getdate(r.posting_date), _time_key(r.posting_time)) <= cutoff]
	qty, last = 0.0, None
	for last, qty in running_balances(rows):
		pass
	if not last:
		return frappe._dict()
	return frappe._dict(last, qty_after_transaction=qty)


def _time_key(value):
	text = str(value or "00:00:00")
	parts = text.split(":")
	while len(parts) < 3:
		parts.append("00")
	hours, minutes, seconds = parts[0], parts[1], parts[2]
	if "." not in seconds:
		seconds += ".000000"
	whole, frac = seconds.split(".", 1)
	return f"{int(hours):02d}:{int(minutes):02d}:{int(whole):02d}.{frac.ljust(6, '0')[:6]}"


def _desk_link(doctype, name):
	"""frappe.get_desk_link (v15) when the frappe in use has it, else the same HTML."""
	if hasattr(frappe, "get_desk_link"):
		return frappe.get_desk_link(doctype, name)
	return f'<a href="/app/Form/{doctype}/{name}" style="font-weight: bold;">{frappe._(doctype)} {name}</a>'
