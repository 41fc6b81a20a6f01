"""Idempotency keys: a handheld that lost an answer sends the request again and nothing happens twice.

The first request with a key runs and stores its answer; a replay (same key, user, arguments)
answers that answer with ``replayed`` true; the key with other arguments or from another user is
refused (409); a refused request keeps no key. Concurrent replays: one applies, the other waits
for it and answers its answer. Over HTTP the replay's body is the first body plus the flag.
"""

from __future__ import annotations

import json
import uuid

import frappe
import pytest

from tests import factories
from tests.app.outbound_fixtures import (
	balance,
	outbound_defaults,
	outbound_floor,
	put_stock,
	set_settings,
	so_lines,
	tasks_of,
)
from tests.app.test_count_tasks import acting_as, count_ledger_rows, denial
from tests.app.test_my_tasks import make_operator
from wms_module.api import bins as bins_api
from wms_module.api import counts as counts_api
from wms_module.api import picking as picking_api
from wms_module.exceptions import IdempotencyKeyConflictError, ScanMismatchError, WMSValidationError
from wms_module.services import idempotency

LOG = "WMS Request Log"


@pytest.fixture
def site():
	outbound_defaults(count_variance_tolerance_qty=0, count_variance_tolerance_percent=0)
	return outbound_floor("A-01", "B-05")


def pick_task(site, *, stock=5, ordered=3):
	item = factories.make_item()
	put_stock(site, item, "A-01", stock)
	so = factories.make_sales_order(items=so_lines(site, (item, ordered)))
	(t,) = tasks_of(so.name, task_type="Pick")
	return t.name, item


def picked(task) -> float:
	return frappe.db.get_value("Warehouse Task", task, "picked_qty")


def moves_of(task) -> list[float]:
	return sorted(frappe.get_all("Bin Ledger Entry", filters={"warehouse_task": task}, pluck="qty"))


def as_sent(answer: dict) -> dict:
	"""The answer as a client reads it (JSON), without the replayed flag."""
	return {k: v for k, v in json.loads(frappe.as_json(answer)).items() if k != "replayed"}


def new_key() -> str:
	return str(uuid.uuid4())


def test_a_replayed_confirmation_answers_the_first_answer_and_picks_once(site):
	task, item = pick_task(site)
	key = new_key()
	first = picking_api.confirm(task=task, bin_scan="A-01", item_scan=item, qty=1, idempotency_key=key)
	assert first["replayed"] is False and first["picked_qty"] == 1
	again = picking_api.confirm(task=task, bin_scan="A-01", item_scan=item, qty=1.0, idempotency_key=key)
	assert again["replayed"] is True
	assert as_sent(again) == as_sent(first)
	assert picked(task) == 1 and moves_of(task) == [-1, 1]  # a partial pick: a second one would land
	assert balance(site.staging, item).on_hand == 1
	log = frappe.get_doc(LOG, key)
	assert (log.user, log.endpoint) == ("Administrator", "wms_module.api.picking.confirm")
	assert json.loads(log.response) == as_sent(first)

	# a new request is a new key: it picks again
	third = picking_api.confirm(task=task, bin_scan="A-01", item_scan=item, qty=1, idempotency_key=new_key())
	assert third["replayed"] is False and picked(task) == 2


def test_without_a_key_nothing_is_logged_and_the_answer_has_no_flag(site):
	task, item = pick_task(site)
	logs = frappe.db.count(LOG)
	answer = picking_api.confirm(task=task, bin_scan="A-01", item_scan=item, qty=1)
	assert "replayed" not in answer
	assert frappe.db.count(LOG) == logs


def test_the_key_with_other_arguments_is_refused_and_nothing_changes(site):
	task, item = pick_task(site)
	key = new_key()
	picking_api.confirm(task=task, bin_scan="A-01", item_scan=item, qty=1, idempotency_key=key)
	with pytest.raises(IdempotencyKeyConflictError) as e:
		picking_api.confirm(task=task, bin_scan="A-01", item_scan=item, qty=2, idempotency_key=key)
	assert isinstance(e.value, frappe.DuplicateEntryError) and e.value.http_status_code == 409
	assert key in str(e.value) and "other arguments" in str(e.value)
	assert picked(task) == 1 and moves_of(task) == [-1, 1]
	with pytest.raises(IdempotencyKeyConflictError, match="another user or endpoint"):
		counts_api.submit(task=task, bin_scan="A-01", item_scan=item, counted_qty=1, idempotency_key=key)


def test_another_user_with_the_key_is_refused(site):
	task, item = pick_task(site)
	key = new_key()
	first = picking_api.confirm(task=task, bin_scan="A-01", item_scan=item, qty=1, idempotency_key=key)
	with acting_as(make_operator("otto")), pytest.raises(IdempotencyKeyConflictError) as e:
		picking_api.confirm(task=task, bin_scan="A-01", item_scan=item, qty=1, idempotency_key=key)
	assert key in str(e.value) and "Administrator" not in str(e.value)  # the other user is not named
	assert picked(task) == 1
	assert json.loads(frappe.db.get_value(LOG, key, "response")) == as_sent(first)


def test_a_refused_confirmation_keeps_no_key_and_can_be_retried(site):
	task, item = pick_task(site)
	key = new_key()
	with pytest.raises(ScanMismatchError, match="B-05"):
		picking_api.confirm(task=task, bin_scan="B-05", item_scan=item, qty=1, idempotency_key=key)
	assert not frappe.db.exists(LOG, key)
	assert picked(task) == 0
	retry = picking_api.confirm(task=task, bin_scan="A-01", item_scan=item, qty=1, idempotency_key=key)
	assert retry["replayed"] is False and retry["picked_qty"] == 1
	assert frappe.db.exists(LOG, key)


@pytest.mark.parametrize("key", ["short", "x" * 141, "has space-0123", "-leading-dash"])
def test_a_malformed_key_is_refused_naming_it(site, key):
	task, item = pick_task(site)
	with pytest.raises(WMSValidationError, match="idempotency_key must be 8 to 140"):
		picking_api.confirm(task=task, bin_scan="A-01", item_scan=item, qty=1, idempotency_key=key)
	assert picked(task) == 0


def test_same_arguments_hash_alike_whatever_the_client_sent():
	h = idempotency.args_hash
	assert h({"qty": 1, "tote": None}) == h({"tote": "", "qty": 1.0})
	assert h({"qty": 1}) != h({"qty": 2}) and h({"short": True}) != h({"short": False})
	assert h({"qty": 0}) != h({"qty": None})  # a counted zero is not a missing count


def test_a_replayed_count_counts_once(site):
	set_settings(count_variance_tolerance_qty=1)  # counted 3 of books 4: posts at once
	operator = make_operator("cora")
	item = factories.make_item()
	count = denial(site, item, "A-01", stock=6, ordered=4, found=2)  # books 4
	key = new_key()
	with acting_as(operator):
		first = counts_api.submit(
			task=count, bin_scan="A-01", item_scan=item, counted_qty=3, idempotency_key=key
		)
		rows = count_ledger_rows(count)
		again = counts_api.submit(
			task=count, bin_scan="A-01", item_scan=item, counted_qty=3, idempotency_key=key
		)
		with pytest.raises(IdempotencyKeyConflictError):
			counts_api.submit(task=count, bin_scan="A-01", item_scan=item, counted_qty=4, idempotency_key=key)
	assert (first["status"], first["replayed"], again["replayed"]) == ("Done", False, True)
	assert as_sent(again) == as_sent(first)
	assert len(rows) == 2 and count_ledger_rows(count) == rows
	assert balance(site.bin("A-01"), item).on_hand == 3


def test_a_replayed_move_moves_once(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	key = new_key()
	# bin codes repeat between warehouses (a real site has many with an A-01): the warehouse says which
	where = {"from_bin": "A-01", "to_bin": "B-05", "warehouse": site.warehouse}
	first = bins_api.move(item_code=item, qty=2, **where, idempotency_key=key)
	again = bins_api.move(item_code=item, qty=2, **where, idempotency_key=key)
	assert (first["moved"], first["replayed"], again["replayed"]) == (2, False, True)
	assert balance(site.bin("A-01"), item).on_hand == 3 and balance(site.bin("B-05"), item).on_hand == 2
	refused = new_key()
	with pytest.raises(frappe.ValidationError, match="qty must be greater than 0"):
		bins_api.move(item_code=item, qty=0, **where, idempotency_key=refused)
	assert not frappe.db.exists(LOG, refused)


def test_a_key_costs_the_confirmation_two_queries_and_a_replay_three(site, query_counter):
	(warm, item_w), (plain, item_a), (keyed, item_b) = pick_task(site), pick_task(site), pick_task(site)
	picking_api.confirm(task=warm, bin_scan="A-01", item_scan=item_w, qty=1)  # per-request caches
	with query_counter() as without:
		picking_api.confirm(task=plain, bin_scan="A-01", item_scan=item_a, qty=1)
	key = new_key()
	with query_counter() as with_key:
		picking_api.confirm(task=keyed, bin_scan="A-01", item_scan=item_b, qty=1, idempotency_key=key)
	with query_counter() as replay:
		picking_api.confirm(task=keyed, bin_scan="A-01", item_scan=item_b, qty=1, idempotency_key=key)
	print(f"confirm: {without.count} queries, with a key {with_key.count}, a replay {replay.count}")
	assert with_key.count - without.count <= 2, with_key.queries  # the key's INSERT, the answer's UPDATE
	assert replay.count <= 3, replay.queries  # the INSERT refused as a duplicate, the stored answer


def test_the_daily_job_forgets_old_keys_only(site):
	task, item = pick_task(site)
	old, recent = new_key(), new_key()
	picking_api.confirm(task=task, bin_scan="A-01", item_scan=item, qty=1, idempotency_key=old)
	picking_api.confirm(task=task, bin_scan="A-01", item_scan=item, qty=1, idempotency_key=recent)
	long_ago = frappe.utils.add_days(frappe.utils.now_datetime(), -(idempotency.KEEP_DAYS + 1))
	frappe.db.set_value(LOG, old, "creation", long_ago, update_modified=False)
	idempotency.delete_old_request_logs()
	assert not frappe.db.exists(LOG, old) and frappe.db.exists(LOG, recent)


# ------------------------------------------------------------------ two connections, HTTP


def setup_partial_pick():
	from tests import factories
	from tests.app.outbound_fixtures import outbound_defaults, outbound_floor, put_stock, so_lines, tasks_of

	outbound_defaults()
	site = outbound_floor("A-01")
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 3)))
	(task,) = tasks_of(so.name)
	return {"task": task.name, "item": item}


def state_of(task):
	def read():
		import frappe

		return {
			"picked": frappe.db.get_value("Warehouse Task", task, "picked_qty"),
			"moves": sorted(
				frappe.get_all("Bin Ledger Entry", filters={"warehouse_task": task}, pluck="qty")
			),
		}

	return read


def test_two_replays_at_once_apply_once_and_answer_alike(committed_site):
	from tests.app.outbound_fixtures import race
	from tests.harness import run_in_site

	data = run_in_site(committed_site, setup_partial_pick)
	key = new_key()

	def confirm(_label):
		from wms_module.api import picking as picking_api

		return picking_api.confirm(
			task=data["task"], bin_scan="A-01", item_scan=data["item"], qty=1, idempotency_key=key
		)

	outcomes = race(committed_site, confirm, "first", "second")
	assert outcomes["second_waited"], "the replay did not wait for the first request's key"
	first, second = outcomes["first"], outcomes["second"]
	assert isinstance(first, dict) and isinstance(second, dict), outcomes
	assert (first["replayed"], second["replayed"]) == (False, True)
	assert as_sent(second) == as_sent(first)
	assert run_in_site(committed_site, state_of(data["task"]), commit=False) == {
		"picked": 1,
		"moves": [-1, 1],
	}


def test_over_http_a_replay_is_200_with_the_same_body_and_a_conflict_409(committed_site):
	import requests

	from tests.harness import run_in_site, serve

	data = run_in_site(committed_site, setup_partial_pick)
	key = new_key()
	form = {
		"task": data["task"],
		"bin_scan": "A-01",
		"item_scan": data["item"],
		"qty": "1",
		"idempotency_key": key,
	}
	with serve(committed_site) as server:
		s = requests.Session()
		assert s.post(
			f"{server.url}/api/method/login", json={"usr": "Administrator", "pwd": "admin"}, timeout=30
		).ok
		url = f"{server.url}/api/method/wms_module.api.picking.confirm"
		first = s.post(url, data=form, timeout=30)
		again = s.post(url, data=form, timeout=30)
		other = s.post(url, data={**form, "qty": "2"}, timeout=30)
		refused_key = new_key()
		refused = s.post(url, data={**form, "bin_scan": "Z-99", "idempotency_key": refused_key}, timeout=30)
	assert (first.status_code, again.status_code) == (200, 200), (first.text, again.text)
	body, replayed = first.json()["message"], again.json()["message"]
	assert (body["replayed"], replayed["replayed"]) == (False, True)
	assert {**replayed, "replayed": False} == body
	assert other.status_code == 409 and other.json()["exc_type"] == "IdempotencyKeyConflictError", other.text
	assert key in other.text
	assert refused.status_code == 417, refused.text
	state = run_in_site(committed_site, state_of(data["task"]), commit=False)
	assert state == {"picked": 1, "moves": [-1, 1]}
	keys = run_in_site(
		committed_site,
		lambda: frappe.get_all(LOG, filters={"name": ["in", [key, refused_key]]}, pluck="name"),
		commit=False,
	)
	assert keys == [key]  # the refused request (wrong bin) left no key


def test_the_openapi_description_offers_the_key_and_names_the_conflict():
	from wms_module.api import openapi

	document = openapi.app_document()
	for path in ("picking.confirm", "counts.submit", "bins.move"):
		op = document["paths"][f"/api/method/wms_module.api.{path}"]["post"]
		body = op["requestBody"]["content"]["application/json"]["schema"]
		assert "idempotency_key" in body["properties"] and "idempotency_key" not in body["required"]
		assert "409" in op["responses"] and "idempotency_key" in op["description"]
	conflict = document["components"]["responses"]["Conflict"]["description"]
	assert "idempotency key" in conflict and "IdempotencyKeyConflictError" in conflict
