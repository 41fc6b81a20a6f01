"""Two operators confirm the last unit at the same time: exactly one succeeds.

Two threads, each with its own ``frappe.connect()`` on a committed site. The
first confirms and holds its transaction open; the second starts confirming the
same task while the first has not committed. The second must wait on the task
row lock, then see the task Done and be refused; the bin ledger shows one move.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.benchless_only


def setup_last_unit():
	from tests import factories
	from tests.app.outbound_fixtures import outbound_defaults, outbound_floor, put_stock, so_lines, tasks_of

	outbound_defaults()
	site = outbound_floor("A-01")
	item = factories.make_item()
	put_stock(site, item, "A-01", 1)
	so = factories.make_sales_order(items=so_lines(site, (item, 1)))
	(task,) = tasks_of(so.name)
	return {"task": task.name, "item": item, "bin": site.bins["A-01"], "staging": site.staging}


def test_two_confirmations_of_the_last_unit_cannot_both_succeed(committed_site):
	import frappe

	from benchless.site import run_in_site
	from tests.app.outbound_fixtures import race

	data = run_in_site(committed_site, setup_last_unit)

	def confirm(task):
		from wms_module.services.picking import confirm_pick

		return confirm_pick(task=task, bin_scan="A-01", item_scan=data["item"], qty=1).status

	outcomes = race(committed_site, confirm, data["task"], data["task"])
	assert outcomes["second_waited"], "the second confirmation did not wait for the first's row lock"

	assert outcomes["first"] == "Done"
	assert isinstance(outcomes["second"], frappe.ValidationError)
	assert "is Done" in str(outcomes["second"])

	def ledger():
		import frappe

		return {
			"moves": frappe.get_all(
				"Bin Ledger Entry", filters={"warehouse_task": data["task"]}, pluck="qty"
			),
			"source": frappe.db.get_value(
				"Bin Stock",
				{"storage_bin": data["bin"], "item_code": data["item"]},
				["on_hand_qty", "allocated_qty"],
			),
			"staged": frappe.db.get_value(
				"Bin Stock", {"storage_bin": data["staging"], "item_code": data["item"]}, "on_hand_qty"
			),
		}

	state = run_in_site(committed_site, ledger, commit=False)
	assert sorted(state["moves"]) == [-1, 1]
	assert tuple(state["source"]) == (0, 0)
	assert state["staged"] == 1
