"""Shared set-up for app tests that talk to the benchless server over HTTP: users with a
password, a seeded committed site served on a free port, and a logged-in requests session.

A module-scoped fixture is one line::

	@pytest.fixture(scope="module")
	def seeded(tmp_path_factory):
		yield from serve_seeded(tmp_path_factory, "my_site", _seed)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import requests


def make_users(users: Iterable[tuple[str, Iterable[str]]], password: str, first_name: str) -> None:
	"""A System User per (email, roles) with exactly those roles and ``password`` (inside a site).

	A user already there (site mode: the real site keeps the last run's) is brought to that state."""
	import frappe
	from frappe.utils.password import update_password

	for email, roles in users:
		if frappe.db.exists("User", email):
			user = frappe.get_doc("User", email)
			user.set("roles", [])
		else:
			user = frappe.get_doc(
				{"doctype": "User", "email": email, "first_name": first_name, "user_type": "System User"}
			)
		for role in roles:
			user.append("roles", {"role": role})
		user.save(ignore_permissions=True)
		update_password(email, password)


def serve_seeded(
	tmp_path_factory,
	site_name: str,
	seed: Callable[[], Any],
	cleanup: Callable[[Any], None] | None = None,
) -> Iterator[tuple[Any, Any]]:
	"""Run ``seed`` committed on a site and serve it; yield (server, what seed returned).

	Benchless: a fresh site ``site_name`` with the available apps. Site mode: the real test site
	(``seed`` must then make its own unique names, see tests/harness.py), shared with the rest of
	the suite: ``cleanup(data)`` runs committed on it afterwards, to put back a setting ``seed``
	changed."""
	from tests.conftest import SITE_MODE, available_apps
	from tests.harness import real_site_info, run_in_site, serve

	if SITE_MODE:
		info = real_site_info()
	else:
		from benchless.site import create_site

		info = create_site(tmp_path_factory.mktemp("sites") / site_name, apps=available_apps())
	data = run_in_site(info, seed)
	try:
		with serve(info) as server:
			yield server, data
	finally:
		if cleanup is not None:
			run_in_site(info, cleanup, data)


def login_session(server, usr: str, pwd: str) -> requests.Session:
	"""A requests session logged in as ``usr`` through /api/method/login (asserts it worked)."""
	s = requests.Session()
	r = s.post(f"{server.url}/api/method/login", json={"usr": usr, "pwd": pwd}, timeout=30)
	assert r.status_code == 200, r.text
	return s
