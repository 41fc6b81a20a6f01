"""Two operators confirm the last unit at the same time: exactly one succeeds.

Two threads, each with its own ``frappe.connect()`` on a committed site. The
first confirms and holds its transaction open; the second starts confirming the
same task while the first has not committed. The second must wait on the task
row lock, then see the task Done and be refused; the bin ledger shows one move.
"""

from __future__ import annotations

import pytest


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

	from tests.app.outbound_fixtures import race
	from tests.harness import run_in_site

	data = run_in_site(committed_site, setup_last_unit)

	def confirm(task):
		from wms_module.services.picking import ConfirmPick, confirm_pick

		return confirm_pick(ConfirmPick(task=task, bin_scan="A-01", item_scan=data["item"], qty=1)).status

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


RACERS = 16


def test_sixteen_handhelds_racing_for_the_last_unit_over_http_one_wins_none_gets_a_500(committed_site):
	"""Sixteen confirmations of the same last unit at once, each its own HTTP request (site mode:
	gunicorn workers, each with its own MariaDB connection): exactly one is accepted, every other
	one is refused with a clear answer (417 "is Done" or 409), never a 500, and the ledger shows
	one move of one unit."""
	import threading

	import requests

	from tests.harness import run_in_site, serve

	data = run_in_site(committed_site, setup_last_unit)
	form = {"task": data["task"], "bin_scan": "A-01", "item_scan": data["item"], "qty": "1"}
	with serve(committed_site) as server:
		login = requests.post(
			f"{server.url}/api/method/login", json={"usr": "Administrator", "pwd": "admin"}, timeout=30
		)
		assert login.ok, login.text
		cookies = login.cookies.get_dict()
		start = threading.Barrier(RACERS)
		answers: list[requests.Response] = []

		def race():
			start.wait(30)
			answers.append(
				requests.post(
					f"{server.url}/api/method/wms_module.api.picking.confirm",
					data=form,
					cookies=cookies,
					timeout=120,
				)
			)

		threads = [threading.Thread(target=race) for _ in range(RACERS)]
		for t in threads:
			t.start()
		for t in threads:
			t.join(150)
	codes = sorted(a.status_code for a in answers)
	assert len(answers) == RACERS and 500 not in codes, [(a.status_code, a.text[:200]) for a in answers]
	assert codes.count(200) == 1, codes
	refused = [a for a in answers if a.status_code != 200]
	assert all(a.status_code in (409, 417) for a in refused), [(a.status_code, a.text[:200]) for a in refused]

	def ledger():
		import frappe

		return sorted(
			frappe.get_all("Bin Ledger Entry", filters={"warehouse_task": data["task"]}, pluck="qty")
		)

	assert run_in_site(committed_site, ledger, commit=False) == [-1, 1]
