"""The Purchase Receipt's Putaway button and progress over HTTP, as the desk calls them
(public/js/purchase_receipt.js): POST create_putaway, GET progress; a WMS Operator may read the
progress but not make tasks; a user without a WMS or stock role gets 403."""

from __future__ import annotations

import pytest

from tests.app.http_fixtures import login_session, make_users, serve_seeded

PASSWORD = "putaway-pass-123"
CLERK = "putaway-clerk@wms.example"  # ERPNext Stock User: receives goods, presses the button
OPERATOR = "putaway-operator@wms.example"
NOBODY = "putaway-nobody@wms.example"
API = "/api/method/wms_module.api.putaway_planning"


def _seed():
	import frappe

	from tests.app.outbound_fixtures import set_settings
	from tests.app.storage_setup import laid_out_warehouse
	from tests.factories import make_item, make_purchase_receipt

	make_users(((CLERK, ["Stock User"]), (OPERATOR, ["WMS Operator"]), (NOBODY, [])), PASSWORD, "Putaway")
	set_settings(putaway_task_creation="On Demand")
	site = laid_out_warehouse(aisles=("A", "A"), bays=3, levels=1)
	item = make_item()
	pr = make_purchase_receipt(items=[{"item_code": item, "qty": 7, "warehouse": site.warehouse}])
	return frappe._dict(site, item=item, purchase_receipt=pr.name)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
	yield from serve_seeded(tmp_path_factory, "putaway_site", _seed)


def test_the_putaway_button_makes_the_tasks_once_and_the_progress_follows(seeded):
	server, data = seeded
	clerk = login_session(server, CLERK, PASSWORD)
	progress = clerk.get(f"{server.url}{API}.progress", params={"purchase_receipt": data.purchase_receipt})
	assert progress.status_code == 200, progress.text
	assert (progress.json()["message"]["received"], progress.json()["message"]["open"]) == (7, 0)
	made = clerk.post(f"{server.url}{API}.create_putaway", json={"purchase_receipt": data.purchase_receipt})
	assert made.status_code == 200, made.text
	assert len(made.json()["message"]["tasks"]) == 1 and made.json()["message"]["no_space"] == []
	again = clerk.post(f"{server.url}{API}.create_putaway", json={"purchase_receipt": data.purchase_receipt})
	assert again.json()["message"]["tasks"] == []
	progress = clerk.get(f"{server.url}{API}.progress", params={"purchase_receipt": data.purchase_receipt})
	message = progress.json()["message"]
	assert (message["received"], message["put_away"], message["open"], message["percent"]) == (7, 0, 7, 0.0)


def test_an_operator_reads_the_progress_but_makes_no_tasks_and_others_get_403(seeded):
	server, data = seeded
	operator = login_session(server, OPERATOR, PASSWORD)
	args = {"purchase_receipt": data.purchase_receipt}
	assert operator.get(f"{server.url}{API}.progress", params=args).status_code == 200
	refused = operator.post(f"{server.url}{API}.create_putaway", json=args)
	assert refused.status_code == 403 and refused.json()["exc_type"] == "PermissionError"
	nobody = login_session(server, NOBODY, PASSWORD)
	assert nobody.get(f"{server.url}{API}.progress", params=args).status_code == 403


def test_a_draft_or_unknown_receipt_is_a_clear_error(seeded):
	server, _data = seeded
	clerk = login_session(server, CLERK, PASSWORD)
	r = clerk.post(f"{server.url}{API}.create_putaway", json={"purchase_receipt": "MAT-PRE-NOPE"})
	assert r.status_code == 404 and r.json()["exc_type"] == "DoesNotExistError"
