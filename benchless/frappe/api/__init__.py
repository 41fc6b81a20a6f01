"""benchless stand-in for frappe/api/__init__.py (v15).

``handle(request)`` matches the path against a werkzeug ``Map`` with the v1 rules mounted
at ``/api`` and ``/api/v1`` (``strict_slashes=False``). No match -> DoesNotExistError (404,
"for backward compatibility": real Frappe wraps werkzeug's NotFound). An HTTP method no
rule takes (PATCH /api/resource/X/y) also ends as NotFound from this Map (the
``strict_slashes=False`` rules), hence 404 DoesNotExistError, as in real Frappe.

The endpoint's return value goes to ``frappe.response["data"]`` unless it is None or a
Response; the JSON is built by ``frappe.utils.response.build_response("json")``.
v2 routes (``/api/v2/...``) are not provided by the stand-in.
"""

from enum import Enum

from werkzeug.exceptions import NotFound
from werkzeug.routing import Map, Submount
from werkzeug.wrappers import Request, Response

import frappe
from frappe.utils.response import build_response


class ApiVersion(str, Enum):
	V1 = "v1"
	V2 = "v2"


def handle(request: Request) -> Response:
	try:
		endpoint, arguments = API_URL_MAP.bind_to_environ(request.environ).match()
	except NotFound:
		raise frappe.DoesNotExistError from None

	data = endpoint(**arguments)
	if isinstance(data, Response):
		return data
	if data is not None:
		frappe.response["data"] = data
	return build_response("json")


from frappe.api.v1 import url_rules as v1_rules  # noqa: E402

API_URL_MAP = Map(
	[
		Submount("/api", v1_rules),
		Submount(f"/api/{ApiVersion.V1.value}", v1_rules),
	],
	strict_slashes=False,
	merge_slashes=False,
)


def get_api_version() -> ApiVersion | None:
	request = getattr(frappe.local, "request", None)
	if not request:
		return None
	if request.path.startswith(f"/api/{ApiVersion.V2.value}"):
		return ApiVersion.V2
	return ApiVersion.V1
