"""www pages (get_context, login-required pages, redirects, index pages) and /assets."""

import requests

from tests.benchless.http_fixtures import OPERATOR, TEST_APP, http_site_fixture, operator_fixture  # noqa: F401 - fixtures


def test_page_with_get_context(http_site):
	r = requests.get(f"{http_site.url}/hello", params={"name": "Ann"})
	assert r.status_code == 200
	assert r.headers["Content-Type"].startswith("text/html")
	assert '<h1 id="greeting">Hello, Ann</h1>' in r.text
	assert r.text.count('class="item"') == 2
	assert '<p id="user">Guest</p>' in r.text
	assert "<!DOCTYPE html>" in r.text  # extends templates/web.html


def test_page_sees_the_logged_in_user(http_site, operator):
	r = operator.get(f"{http_site.url}/hello")
	assert f'<p id="user">{OPERATOR}</p>' in r.text


def test_login_required_page_is_403_for_guests_with_login_link(http_site):
	r = requests.get(f"{http_site.url}/private-area")
	assert r.status_code == 403
	assert "Not Permitted" in r.text
	assert "/login?redirect-to=%2Fprivate-area" in r.text
	assert "only for" not in r.text


def test_login_required_page_renders_for_users(http_site, operator):
	r = operator.get(f"{http_site.url}/private-area")
	assert r.status_code == 200
	assert f"only for {OPERATOR}" in r.text
	assert "<!DOCTYPE html>" in r.text  # a bare fragment is wrapped in the base template


def test_page_can_redirect_guests_to_login(http_site):
	r = requests.get(f"{http_site.url}/go-login", allow_redirects=False)
	assert r.status_code == 301
	assert r.headers["Location"].endswith("/login?redirect-to=/go-login")


def test_index_html_serves_the_folder_route(http_site):
	r = requests.get(f"{http_site.url}/docs")
	assert r.status_code == 200
	assert '<p id="route">docs</p>' in r.text


def test_missing_page_is_404_html(http_site):
	r = requests.get(f"{http_site.url}/no-such-page")
	assert r.status_code == 404
	assert r.headers["Content-Type"].startswith("text/html")


def test_login_page_for_guests_and_redirect_for_users(http_site, operator):
	r = requests.get(f"{http_site.url}/login")
	assert r.status_code == 200
	assert 'name="usr"' in r.text and 'name="pwd"' in r.text

	r = operator.get(f"{http_site.url}/login", params={"redirect-to": "/hello"}, allow_redirects=False)
	assert r.status_code == 301
	assert r.headers["Location"].endswith("/hello")


def test_static_file_in_www_keeps_its_type(http_site):
	r = requests.get(f"{http_site.url}/manifest.json")
	assert r.status_code == 200
	assert r.headers["Content-Type"].startswith("application/json")
	assert r.json() == {"name": "test"}


def test_a_script_in_www_is_a_template_sent_as_javascript(http_site, operator):
	"""Real Frappe never sends a www .js file as it is (StaticPage refuses js, css, json, txt...):
	TemplatePage renders it through Jinja, unwrapped, with the type its route names
	(website_script.js works this way). The handheld's service worker, /wms-sw.js, relies on both."""
	r = operator.get(f"{http_site.url}/worker.js")
	assert r.status_code == 200
	assert r.headers["Content-Type"].split(";")[0] in ("text/javascript", "application/javascript")
	assert f'const renderedFor = "{OPERATOR}";' in r.text
	assert "<!DOCTYPE html>" not in r.text


def test_assets_from_the_apps_public_folder(http_site):
	r = requests.get(f"{http_site.url}/assets/{TEST_APP}/js/app.js")
	assert r.status_code == 200
	assert r.headers["Content-Type"].startswith("text/javascript")
	assert 'console.log("benchless http testapp")' in r.text

	r = requests.get(f"{http_site.url}/assets/{TEST_APP}/css/app.css")
	assert r.headers["Content-Type"].startswith("text/css")

	etag = r.headers["ETag"]
	r = requests.get(f"{http_site.url}/assets/{TEST_APP}/css/app.css", headers={"If-None-Match": etag})
	assert r.status_code == 304


def test_assets_do_not_leak_files_outside_public(http_site):
	assert requests.get(f"{http_site.url}/assets/{TEST_APP}/js/missing.js").status_code == 404
	assert requests.get(f"{http_site.url}/assets/{TEST_APP}/../hooks.py").status_code == 404
	assert requests.get(f"{http_site.url}/assets/{TEST_APP}/%2e%2e/hooks.py").status_code == 404
	assert requests.get(f"{http_site.url}/assets/no_such_app/x.js").status_code == 404


def test_web_include_hooks_reach_the_page_and_bundles_resolve_to_served_files(http_site):
	html = requests.get(f"{http_site.url}/hello").text
	assert f'href="/assets/{TEST_APP}/css/app.css"' in html
	src = f"/assets/{TEST_APP}/js/testapp.bundle.js"
	assert f'src="{src}"' in html
	r = requests.get(http_site.url + src)
	assert r.status_code == 200 and "testappBundle" in r.text


def test_page_hands_its_csrf_token_to_scripts_and_posts_need_it(http_site):
	import re

	s = http_site.login()
	html = s.get(f"{http_site.url}/scan").text
	(token,) = set(re.findall(r'frappe\.csrf_token = "([0-9a-f]+)";', html))
	assert s.post(http_site.method("post_only"), data={"value": 1}).status_code == 400
	r = s.post(http_site.method("post_only"), data={"value": 1}, headers={"X-Frappe-CSRF-Token": token})
	assert r.status_code == 200


def test_frappe_redirect_from_get_context(http_site):
	r = requests.get(f"{http_site.url}/scan", allow_redirects=False)
	assert r.status_code == 301
	assert r.headers["Location"] == "/login?redirect-to=/scan"


def test_app_route_sends_guests_to_login_and_lists_pages_for_users(http_site, operator):
	r = requests.get(f"{http_site.url}/app", allow_redirects=False)
	assert r.status_code == 301
	assert r.headers["Location"] == "/login?redirect-to=/app"
	r = operator.get(f"{http_site.url}/app")
	assert r.status_code == 200
	assert 'href="/hello"' in r.text and 'href="/docs"' in r.text


def test_website_route_rules_map_a_route_onto_a_page_with_its_arguments(http_site):
	"""hooks' website_route_rules (werkzeug rules, as frappe/website/router.evaluate_dynamic_routes):
	/greet/again renders www/hello; /greet/<name> also hands ``name`` to the page's form_dict."""
	r = requests.get(f"{http_site.url}/greet/again")
	assert r.status_code == 200 and "Hello, stranger" in r.text
	r = requests.get(f"{http_site.url}/greet/Bo")
	assert r.status_code == 200 and "Hello, Bo" in r.text
	assert requests.get(f"{http_site.url}/greet").status_code == 404
