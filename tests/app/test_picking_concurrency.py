"""Two operators confirm the last unit at the same time: exactly one succeeds.

Two threads, each with its own ``frappe.connect()`` on a committed site. The
first confirms and holds its transaction open; the second starts confirming the
same task while the first has not committed. The second must wait on the task
row lock, then see the task Done and be refused; the bin ledger shows one move.
"""

from __future__ import annotations

import threading
import time

import pytest

pytestmark = pytest.mark.benchless_only


def setup_last_unit():
	import frappe

	from tests import factories
	from tests.app.outbound_fixtures import (
		make_bin,
		make_outbound_site,
		put_stock,
		set_settings,
		so_lines,
		tasks_of,
	)

	set_settings(pick_task_creation="On Sales Order Submit", delivery_note_action="Do Nothing")
	site = make_outbound_site()
	make_bin(site, "A-01", "PICK", aisle=0, bay=1)
	item = factories.make_item()
	put_stock(site, item, "A-01", 1)
	so = factories.make_sales_order(items=so_lines(site, (item, 1)))
	(task,) = tasks_of(so.name)
	return {"task": task.name, "item": item, "bin": site.bins["A-01"], "staging": site.staging}


def test_two_confirmations_of_the_last_unit_cannot_both_succeed(committed_site):
	import frappe

	from benchless.site import run_in_site

	data = run_in_site(committed_site, setup_last_unit)
	first_confirmed = threading.Event()
	release_first = threading.Event()
	outcomes: dict[str, object] = {}

	def operator(label, hold_open):
		import frappe

		from wms_module.services.picking import confirm_pick

		frappe.init(committed_site.site, sites_path=committed_site.sites_path, force=True)
		frappe.connect(set_admin_as_user=False)
		frappe.set_user("Administrator")
		try:
			out = confirm_pick(task=data["task"], bin_scan="A-01", item_scan=data["item"], qty=1)
			if hold_open:
				first_confirmed.set()
				release_first.wait(10)
			frappe.db.commit()
			outcomes[label] = out.status
		except Exception as e:
			frappe.db.rollback()
			outcomes[label] = e
			first_confirmed.set()
		finally:
			frappe.destroy()

	a = threading.Thread(target=operator, args=("first", True))
	b = threading.Thread(target=operator, args=("second", False))
	a.start()
	assert first_confirmed.wait(10)
	b.start()
	time.sleep(0.5)  # the second is now waiting for the first's lock
	assert b.is_alive(), "the second confirmation did not wait for the first's row lock"
	release_first.set()
	a.join(15)
	b.join(15)

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
