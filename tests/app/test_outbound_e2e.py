"""Outbound end to end, over HTTP against a committed site.

Stock received into bins -> three Sales Orders submitted -> one wave released as two
cluster tours to two operators -> every pick confirmed by its operator over HTTP
(one short, with no stock elsewhere) -> Delivery Notes created and submitted -> the
bin ledger and ERPNext's stock agree, and the short line is visible on its order.
"""

from __future__ import annotations

import pytest
import requests

OPERATORS = {"pia.picker@example.com": "Pick-Secret-1", "otto.picker@example.com": "Pick-Secret-2"}
API = "/api/method/wms_module.api"


def setup_floor():
	import frappe

	from tests import factories
	from tests.app.http_fixtures import make_users
	from tests.app.outbound_fixtures import (
		make_bin,
		make_outbound_site,
		new_wave,
		put_stock,
		set_settings,
		so_lines,
		tasks_of,
	)
	from wms_module.services import waves

	for email, pwd in OPERATORS.items():
		make_users(((email, ["WMS Operator"]),), pwd, email.split(".")[0].title())
	set_settings(
		pick_task_creation="On Sales Order Submit",
		delivery_note_action="Create and Submit",
		totes_per_cart=2,
		picker_capacity_items=100,
		batching_method="savings",
		routing_method="best",
	)
	site = make_outbound_site(n_aisles=4, bays=10)
	for code, aisle, bay in (("A-02", 0, 2), ("B-07", 1, 7), ("C-04", 2, 4), ("D-09", 3, 9)):
		make_bin(site, code, "PICK", aisle=aisle, bay=bay)
	items = {k: factories.make_item() for k in ("bolt", "nut", "gear")}
	put_stock(site, items["bolt"], "A-02", 10)
	put_stock(site, items["nut"], "B-07", 6)
	put_stock(site, items["nut"], "D-09", 4)
	put_stock(site, items["gear"], "C-04", 3)
	orders = [
		factories.make_sales_order(items=so_lines(site, (items["bolt"], 2), (items["nut"], 3))).name,
		factories.make_sales_order(items=so_lines(site, (items["nut"], 5), (items["gear"], 2))).name,
		factories.make_sales_order(items=so_lines(site, (items["bolt"], 4), (items["gear"], 1))).name,
	]
	wave = new_wave(site, orders, mode="Cluster")
	wave = waves.release_wave(wave_name=waves.plan_wave(wave_name=wave.name).name, operators=list(OPERATORS))
	return {
		"warehouse": site.warehouse,
		"staging": site.staging,
		"items": items,
		"orders": orders,
		"wave": wave.name,
		"tours": [(t.tour, t.operator, t.orders) for t in wave.tours],
		"bin_codes": {b: frappe.db.get_value("Storage Bin", b, "bin_code") for b in site.bins.values()},
		"task_count": sum(len(tasks_of(so)) for so in orders),
	}


def check_books(data):
	import frappe

	items = list(data["items"].values())
	erp = {
		i: frappe.db.get_value("Bin", {"item_code": i, "warehouse": data["warehouse"]}, "actual_qty") or 0
		for i in items
	}
	bins = {
		i: sum(
			frappe.get_all(
				"Bin Stock", filters={"warehouse": data["warehouse"], "item_code": i}, pluck="on_hand_qty"
			)
		)
		for i in items
	}
	return {
		"erp": erp,
		"bins": bins,
		"staged": sum(
			frappe.get_all("Bin Stock", filters={"storage_bin": data["staging"]}, pluck="on_hand_qty")
		),
		"allocated": sum(
			frappe.get_all("Bin Stock", filters={"warehouse": data["warehouse"]}, pluck="allocated_qty")
		),
		"dns": frappe.get_all(
			"Delivery Note Item",
			filters={"against_sales_order": ["in", data["orders"]]},
			fields=["parent", "against_sales_order", "item_code", "qty"],
		),
		"dn_status": sorted(
			set(frappe.get_all("Delivery Note", filters={"docstatus": ["<", 2]}, pluck="docstatus"))
		),
		"wave": frappe.db.get_value(
			"Pick Wave", data["wave"], ["status", "percent_lines", "percent_units"], as_dict=True
		),
	}


def delivery_notes_of(orders) -> list[str]:
	import frappe

	return frappe.get_all(
		"Delivery Note Item", filters={"against_sales_order": ["in", orders]}, pluck="parent", distinct=True
	)


def login(url, user, pwd):
	s = requests.Session()
	r = s.post(f"{url}/api/method/login", data={"usr": user, "pwd": pwd}, timeout=30)
	assert r.status_code == 200, r.text
	return s


def test_outbound_end_to_end_over_http(committed_site):
	import frappe

	from tests.harness import run_background_jobs, run_in_site, serve

	data = run_in_site(committed_site, setup_floor)
	assert len(data["tours"]) == 2  # 3 orders on carts of 2 totes
	assert {op for _, op, _ in data["tours"]} == set(OPERATORS)
	gear = data["items"]["gear"]

	with serve(committed_site) as server:
		sessions = {user: login(server.url, user, pwd) for user, pwd in OPERATORS.items()}
		confirmed = 0
		refused_other = False
		short_done = False
		for user, s in sessions.items():
			r = s.get(f"{server.url}{API}.picking.my_tasks", params={"wave": data["wave"]}, timeout=30)
			assert r.status_code == 200, r.text
			tasks = r.json()["message"]
			assert tasks and all(t["assigned_to"] == user for t in tasks)
			assert len({t["tour"] for t in tasks}) == 1  # one tour each, walked in route order
			assert [t["sequence"] for t in tasks] == list(range(1, len(tasks) + 1))
			other = next(u for u in sessions if u != user)
			for t in tasks:
				body = {
					"task": t["name"],
					"bin_scan": data["bin_codes"][t["source_bin"]],
					"item_scan": t["item_code"],
					"qty": t["qty"],
					"tote": t["tote"],
				}
				if not refused_other:
					r = sessions[other].post(f"{server.url}{API}.picking.confirm", json=body, timeout=30)
					assert r.status_code == 403, r.text
					assert "assigned to" in r.text
					refused_other = True
				if t["item_code"] == gear and not short_done:
					body.update(qty=t["qty"] - 1, short=True)  # the bin holds one less than expected
					short_done = (t["reference_name"], t["qty"] - 1)
				r = s.post(f"{server.url}{API}.picking.confirm", json=body, timeout=30)
				assert r.status_code == 200, r.text
				confirmed += 1
		assert confirmed == data["task_count"]
		assert short_done and refused_other

		shortages = {}
		for so in data["orders"]:
			r = sessions[next(iter(sessions))].get(
				f"{server.url}{API}.picking.shortages", params={"sales_order": so}, timeout=30
			)
			assert r.status_code == 200, r.text
			shortages[so] = r.json()["message"]

	short_orders = {so: rows for so, rows in shortages.items() if rows}
	assert list(short_orders) == [short_done[0]]
	((short_so, rows),) = short_orders.items()
	assert any(r["item_code"] == gear and "Short pick" in (r["reason"] or "") for r in rows)

	# the confirmations queued each order's Delivery Note; none is made inside a scan request
	assert run_in_site(committed_site, delivery_notes_of, data["orders"], commit=False) == []
	run_background_jobs(committed_site)  # `bench worker --burst --queue short`
	books = run_in_site(committed_site, check_books, data, commit=False)
	assert books["erp"] == books["bins"]  # bin ledger and ERPNext agree per item
	assert books["staged"] == 0 and books["allocated"] == 0
	assert books["dn_status"] == [1]
	delivered = {}
	for row in books["dns"]:
		delivered[(row.against_sales_order, row.item_code)] = (
			delivered.get((row.against_sales_order, row.item_code), 0) + row.qty
		)
	assert len({row.parent for row in books["dns"]}) == 3  # one Delivery Note per order
	assert sum(delivered.values()) == 2 + 3 + 5 + 2 + 4 + 1 - 1
	assert delivered.get((short_so, gear), 0) == short_done[1]  # what was picked of the short line, no more
	assert books["wave"].status == "Completed" and books["wave"].percent_lines == 100
	assert books["erp"][data["items"]["bolt"]] == 10 - 6
	assert books["erp"][data["items"]["nut"]] == 10 - 8
	assert books["erp"][gear] == 3 - 2
