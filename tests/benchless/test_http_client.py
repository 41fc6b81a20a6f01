"""benchless.serve.client: the WSGI app in-process (no socket), safe next to a connected site."""

from tests.benchless.http_fixtures import OPERATOR, OPERATOR_PWD, TEST_APP, http_site_fixture  # noqa: F401


def test_in_process_client_logs_in_and_keeps_the_cookie(http_site):
	from benchless.serve import client

	c = client(http_site.sites_path, http_site.site)
	assert c.get(f"/api/method/{TEST_APP}.api.whoami").status_code == 403
	r = c.post("/api/method/login", data={"usr": OPERATOR, "pwd": OPERATOR_PWD})
	assert r.status_code == 200 and r.json["full_name"] == "Olga Operator"
	r = c.get(f"/api/method/{TEST_APP}.api.whoami")
	assert r.json == {"message": OPERATOR}
	assert c.get(f"/assets/{TEST_APP}/js/app.js").status_code == 200


def test_requests_do_not_disturb_this_threads_frappe_local(http_site):
	import frappe

	from benchless.serve import client

	frappe.local.marker_for_test = "kept"
	try:
		client(http_site.sites_path, http_site.site).get("/api/method/ping")
		assert getattr(frappe.local, "marker_for_test", None) == "kept"
	finally:
		del frappe.local.marker_for_test
