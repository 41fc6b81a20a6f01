"""Property: whatever sequence of receipts, issues, transfers and cancellations runs,
the stand-in's Bin.actual_qty equals the sum of live Stock Ledger Entries, stock never
goes below zero, and a refused voucher changes nothing."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories as f
from tests.benchless import erpnext_fixtures
from tests.benchless.erpnext_fixtures import bin_qty

erp_site_info = erpnext_fixtures.erp_site_info  # pytest fixtures
erp = erpnext_fixtures.erp

op = st.one_of(
	st.tuples(st.just("receive"), st.integers(0, 1), st.integers(1, 9)),
	st.tuples(st.just("issue"), st.integers(0, 1), st.integers(1, 9)),
	st.tuples(st.just("transfer"), st.integers(0, 1), st.integers(1, 9)),
	st.tuples(st.just("cancel"), st.integers(0, 50), st.just(0)),
)


def _live_sum(frappe, item, wh):
	rows = frappe.get_all(
		"Stock Ledger Entry",
		filters={"item_code": item, "warehouse": wh, "is_cancelled": 0},
		fields=["actual_qty"],
	)
	return sum(r.actual_qty for r in rows)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op, min_size=1, max_size=8))
def test_bin_equals_ledger_and_never_negative(erp, ops):
	frappe = erp
	from erpnext.stock.stock_ledger import NegativeStockError

	whs = [f.make_warehouse("Inv A"), f.make_warehouse("Inv B")]
	item = f.make_item()
	model = [0, 0]
	submitted = []  # (doc, effect on model)
	for kind, w, qty in ops:
		before = list(model)
		# A refused posting raises after the voucher's own row was written (Frappe cancels by
		# db_update first, then on_cancel posts the ledger); a request rolls that back, so
		# each step here rolls back to a savepoint on refusal, as a request would.
		frappe.db.savepoint("ledger_step")
		try:
			if kind == "receive":
				doc = f.make_stock_entry("Material Receipt", item, qty, to_warehouse=whs[w])
				effect = {w: qty}
			elif kind == "issue":
				doc = f.make_stock_entry("Material Issue", item, qty, from_warehouse=whs[w])
				effect = {w: -qty}
			elif kind == "transfer":
				doc = f.make_stock_entry(
					"Material Transfer", item, qty, from_warehouse=whs[w], to_warehouse=whs[1 - w]
				)
				effect = {w: -qty, 1 - w: qty}
			else:
				if not submitted:
					continue
				doc, effect = submitted.pop(w % len(submitted))
				doc.reload()
				try:
					doc.cancel()
				except NegativeStockError:
					submitted.append((doc, effect))
					raise
				effect = {k: -v for k, v in effect.items()}
				doc = None
			for k, v in effect.items():
				model[k] += v
			if doc is not None:
				submitted.append((doc, effect))
		except NegativeStockError:
			frappe.db.rollback(save_point="ledger_step")
			assert model == before
		for k, wh in enumerate(whs):
			assert bin_qty(frappe, item, wh) == model[k] == _live_sum(frappe, item, wh)
			assert model[k] >= 0
