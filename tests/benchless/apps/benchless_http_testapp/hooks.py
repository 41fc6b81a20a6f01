app_name = "benchless_http_testapp"
app_title = "Benchless HTTP Test App"
app_publisher = "wms_module developers"
app_description = "Test fixtures for the benchless HTTP layer"
app_email = "wms@example.com"
app_license = "mit"

web_include_js = "testapp.bundle.js"
web_include_css = ["/assets/benchless_http_testapp/css/app.css"]

# a route mapped onto a www page (frappe/website/path_resolver.py resolve_from_map)
website_route_rules = [
	{"from_route": "/greet/again", "to_route": "hello"},
	{"from_route": "/greet/<name>", "to_route": "hello"},
]
