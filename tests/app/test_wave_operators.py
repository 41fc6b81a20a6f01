"""Who a wave can be released to, as the Release Wave dialog offers it (issue 10: supervisors act in
the desk): ``api.waves.operators`` lists the enabled users holding WMS Operator, and the release
refuses exactly the others (one definition: ``services.waves.wave_operators``)."""

from __future__ import annotations

import frappe
import pytest

from tests import factories
from tests.app.outbound_fixtures import (
	WAVE_DEFAULTS,
	new_wave,
	outbound_defaults,
	outbound_floor,
	put_stock,
	so_lines,
)
from wms_module.api import waves as waves_api
from wms_module.services import waves


def make_user(tag: str, *roles: str, enabled: int = 1) -> str:
	"""A System User named after ``tag`` (a unique token, so a search finds only this test's users)."""
	return (
		frappe.get_doc(
			{
				"doctype": "User",
				"email": f"{tag.lower()}@crew.example",
				"first_name": f"Crew {tag}",
				"enabled": enabled,
				"user_type": "System User",
				"roles": [{"role": role} for role in roles],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


@pytest.fixture
def crew():
	token = factories.unique("crew").replace("-", "")
	users = {
		"operator": make_user(f"{token}opa", "WMS Operator"),
		"second": make_user(f"{token}opb", "WMS Operator", "Stock User"),
		"disabled": make_user(f"{token}off", "WMS Operator", enabled=0),
		"clerk": make_user(f"{token}clerk", "Stock User"),
		"supervisor": make_user(f"{token}sup", "WMS Supervisor"),
		"manager": make_user(f"{token}mgr", "WMS Manager"),
	}
	return token, users


def offered(user: str, txt: str | None = None) -> list[dict]:
	frappe.set_user(user)
	try:
		return waves_api.operators(txt=txt)
	finally:
		frappe.set_user("Administrator")


def test_only_enabled_users_holding_wms_operator_are_offered(crew):
	token, users = crew
	answer = offered(users["supervisor"], txt=token)
	assert answer == [  # by user name
		{"value": users["operator"], "description": f"Crew {token}opa"},
		{"value": users["second"], "description": f"Crew {token}opb"},
	]
	# the search reads the user name and the full name; the manager may ask too
	assert [o["value"] for o in offered(users["manager"], txt=f"{token}opb")] == [users["second"]]
	assert [o["value"] for o in offered(users["manager"], txt=f"crew {token}OPB")] == [users["second"]]
	assert offered(users["manager"], txt=f"{token}clerk") == []
	# without a search: never Guest, a disabled user or one without the role
	everyone = [o["value"] for o in offered(users["supervisor"])]
	assert len(everyone) <= waves.OPERATORS_OFFERED
	assert not {"Guest", users["disabled"], users["clerk"], users["supervisor"]} & set(everyone)


def test_an_operator_may_not_ask_who_a_wave_can_go_to(crew):
	"""Only who may release a wave (WMS Manager, WMS Supervisor) reads the list of operators."""
	_, users = crew
	for user in (users["operator"], users["clerk"]):
		with pytest.raises(frappe.PermissionError):
			offered(user)


def test_the_offer_is_one_query_however_many_operators(crew, query_counter):
	token, users = crew
	for i in range(5):
		make_user(f"{token}extra{i}", "WMS Operator")
	frappe.set_user(users["supervisor"])
	try:
		frappe.get_roles()  # the caller's roles, read once per session (the role check), then cached
		with query_counter() as q:
			answer = waves_api.operators(txt=token)
	finally:
		frappe.set_user("Administrator")
	assert len(answer) == 7
	assert q.count == 1, q.queries


def test_the_release_takes_exactly_whom_the_dialog_offers(crew):
	"""Whoever the list offers can be handed tours; the others the list leaves out are refused."""
	token, users = crew
	outbound_defaults(**WAVE_DEFAULTS)
	site = outbound_floor("A-01")
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 1))).name
	wave = waves.plan_wave(wave_name=new_wave(site, [so]).name)
	listed = {u.name for u in waves.wave_operators(users=list(users.values()))}
	assert listed == {users["operator"], users["second"]}
	for user in set(users.values()) - listed:
		with pytest.raises(
			frappe.ValidationError, match="not an enabled user|does not have the WMS Operator role"
		):
			waves.release_wave(wave_name=wave.name, operators=[user])
	frappe.set_user(users["supervisor"])
	try:
		released = waves_api.release(
			wave=wave.name, operators=[o["value"] for o in waves_api.operators(txt=token)]
		)
	finally:
		frappe.set_user("Administrator")
	assert released["status"] == "Released"
	assert {t["operator"] for t in released["tours"]} <= listed
