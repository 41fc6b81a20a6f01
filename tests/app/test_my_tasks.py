"""The operator's pick list: only released work, their own tours first, in route order."""

from __future__ import annotations

import re

import frappe
import pytest

from tests import factories
from tests.app.outbound_fixtures import (
	make_bin,
	make_outbound_site,
	new_wave,
	put_stock,
	set_settings,
	so_lines,
)
from wms_module.services import picking, task_lists, waves


def here(rows: list[dict], site) -> list[dict]:
	"""The rows of ``site``'s warehouse (the list also offers queued work of other warehouses)."""
	return [r for r in rows if r["warehouse"] == site.warehouse]


@pytest.fixture
def floor():
	set_settings(
		pick_task_creation="On Sales Order Submit",
		totes_per_cart=1,
		picker_capacity_items=100,
		batching_method="savings",
		routing_method="best",
	)
	site = make_outbound_site(n_aisles=4, bays=10)
	for code, aisle, bay in (("A-02", 0, 2), ("B-07", 1, 7), ("C-04", 2, 4)):
		make_bin(site, code, "PICK", aisle=aisle, bay=bay)
	items = [factories.make_item() for _ in range(3)]
	for item, code in zip(items, ("A-02", "B-07", "C-04"), strict=True):
		put_stock(site, item, code, 20)
	return site, items, make_operator("pia")


def make_operator(name):
	return (
		frappe.get_doc(
			{
				"doctype": "User",
				"email": f"{name}.{frappe.generate_hash(length=6)}@example.com",
				"first_name": name.title(),
				"user_type": "System User",
				"roles": [{"role": "WMS Operator"}],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def test_only_released_work_is_offered_own_tours_first(floor):
	site, items, operator = floor
	orders = [
		factories.make_sales_order(items=so_lines(site, (items[0], 1), (items[2], 1))).name,
		factories.make_sales_order(items=so_lines(site, (items[1], 2))).name,
		factories.make_sales_order(items=so_lines(site, (items[2], 3))).name,  # never waved
	]
	# submitted orders have tasks, but no wave yet: nothing to pick (here: a real site may hold other
	# warehouses' queued work, which every operator is offered)
	assert here(task_lists.my_tasks(user=operator), site) == []

	wave = waves.plan_wave(wave_name=new_wave(site, orders[:2], mode="Cluster").name)
	assert here(task_lists.my_tasks(user=operator), site) == []  # planned, not released

	# one tote per cart: two tours; hand one to the operator, leave the other queued
	assert len(wave.tours) == 2
	wave = waves.release_wave(wave_name=wave.name)
	frappe.db.set_value("Warehouse Task", {"pick_wave": wave.name, "tour": 2}, "assigned_to", operator)

	tasks = here(task_lists.my_tasks(user=operator), site)
	assert {t["reference_name"] for t in tasks} == set(orders[:2])
	owners = [t["assigned_to"] for t in tasks]
	n_mine = owners.count(operator)
	assert n_mine and owners == [operator] * n_mine + [None] * (len(tasks) - n_mine)  # own tour first
	assert {t["tour"] for t in tasks[:n_mine]} == {2}
	assert [t["sequence"] for t in tasks[:n_mine]] == sorted(t["sequence"] for t in tasks[:n_mine])
	# another operator sees only the queued tour, not the one assigned to someone else
	other = make_operator("otto")
	assert {t["tour"] for t in here(task_lists.my_tasks(user=other), site)} == {1}
	assert task_lists.my_tasks(user=operator, wave="WAVE-NOPE") == []


def test_a_wave_is_released_only_to_enabled_users_who_hold_wms_operator(floor):
	"""Tours go to people who can pick them: Guest, a disabled user, a user without WMS Operator and
	a name that is no user are refused by name, and the wave stays Planned."""
	site, items, operator = floor
	so = factories.make_sales_order(items=so_lines(site, (items[0], 1))).name
	wave = waves.plan_wave(wave_name=new_wave(site, [so], mode="Cluster").name)
	disabled = make_operator("dora")
	frappe.db.set_value("User", disabled, "enabled", 0)
	clerk = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"clerk.{frappe.generate_hash(length=6)}@example.com",
			"first_name": "Clerk",
		}
	).insert(ignore_permissions=True)
	for user, why in (
		("Guest", "is not an enabled user"),
		(disabled, "is not an enabled user"),
		(clerk.name, "does not have the WMS Operator role"),
		("nobody@nowhere.example", "is not a user"),
	):
		with pytest.raises(frappe.ValidationError, match=f"Operator {re.escape(user)} {why}"):
			waves.release_wave(wave_name=wave.name, operators=[operator, user])
		assert frappe.db.get_value("Pick Wave", wave.name, "status") == "Planned"
	assert waves.release_wave(wave_name=wave.name, operators=[operator]).status == "Released"


def test_an_operator_confirms_only_picks_released_to_the_floor(floor):
	"""A pick that is in no my_tasks list (its order on no wave, or its wave only planned) cannot be
	confirmed by an operator: nothing moves; once its wave is released it can. A supervisor may
	finish any open pick. (Issue 10, finding 4.)"""
	from wms_module.exceptions import TaskNotAvailableError
	from wms_module.services.bin_denial import bin_code_of
	from wms_module.services.picking import ConfirmPick, confirm_pick

	site, items, operator = floor
	so = factories.make_sales_order(items=so_lines(site, (items[0], 1))).name
	(task,) = frappe.get_all("Warehouse Task", filters={"reference_name": so}, fields=["name", "source_bin"])
	scans = ConfirmPick(task=task.name, bin_scan=bin_code_of(task.source_bin), item_scan=items[0], qty=1)

	def as_operator():
		frappe.set_user(operator)
		try:
			return confirm_pick(scans)
		finally:
			frappe.set_user("Administrator")

	with pytest.raises(TaskNotAvailableError, match="on no wave"):
		as_operator()
	wave = waves.plan_wave(wave_name=new_wave(site, [so], mode="Cluster").name)
	with pytest.raises(TaskNotAvailableError, match=re.escape(f"Pick Wave {wave.name} is Planned")):
		as_operator()
	assert frappe.db.get_value("Warehouse Task", task.name, "picked_qty") == 0

	waves.release_wave(wave_name=wave.name)
	scans = ConfirmPick(
		**{**scans.__dict__, "tote": frappe.db.get_value("Warehouse Task", task.name, "tote")}
	)
	assert as_operator().status == "Done"

	other = factories.make_sales_order(items=so_lines(site, (items[1], 1))).name
	(unwaved,) = frappe.get_all(
		"Warehouse Task", filters={"reference_name": other}, fields=["name", "source_bin"]
	)
	supervisor = make_operator("sue")
	frappe.get_doc("User", supervisor).add_roles("WMS Supervisor")
	frappe.set_user(supervisor)
	try:
		done = confirm_pick(
			ConfirmPick(
				task=unwaved.name, bin_scan=bin_code_of(unwaved.source_bin), item_scan=items[1], qty=1
			)
		)
	finally:
		frappe.set_user("Administrator")
	assert done.status == "Done"


def test_the_list_comes_in_pages_with_a_cursor_never_cut_silently(floor):
	"""A full page may have more: the last row's cursor asks for the next one; the pages put
	together are the whole list in the same order, each task once."""
	site, items, operator = floor
	orders = [
		factories.make_sales_order(items=so_lines(site, (items[0], 1), (items[1], 1))).name for _ in range(3)
	]
	wave = waves.release_wave(
		wave_name=waves.plan_wave(wave_name=new_wave(site, orders).name).name, operators=[operator]
	)
	whole = task_lists.my_tasks(user=operator, wave=wave.name)
	assert len(whole) == 6

	pages, after = [], None
	while True:
		page = task_lists.my_tasks(user=operator, wave=wave.name, limit=4, after=after)
		pages.append([t["name"] for t in page])
		if len(page) < 4:
			break
		after = page[-1]["cursor"]
	assert [len(p) for p in pages] == [4, 2]
	assert [name for p in pages for name in p] == [t["name"] for t in whole]

	for limit in (0, 501, "x", 2.5):
		with pytest.raises(
			frappe.ValidationError, match=f"limit must be a whole number from 1 to 500, got {limit!r}"
		):
			task_lists.my_tasks(user=operator, limit=limit)
	with pytest.raises(frappe.ValidationError, match="after must be the cursor of a row of my_tasks"):
		task_lists.my_tasks(user=operator, after="not-a-cursor")
