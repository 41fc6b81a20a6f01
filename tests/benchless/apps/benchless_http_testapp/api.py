"""Whitelisted methods the HTTP tests call as /api/method/benchless_http_testapp.api.<name>."""

import frappe


@frappe.whitelist(allow_guest=True)
def ping_guest():
	return "pong"


@frappe.whitelist()
def whoami():
	return frappe.session.user


@frappe.whitelist(methods=["POST"])
def post_only(value=None):
	return {"got": value}


@frappe.whitelist()
def typed(qty: int, label: str, ratio: float = 1.0, flag: bool = False, tags: list[str] | None = None):
	return {
		"qty": qty,
		"label": label,
		"ratio": ratio,
		"flag": flag,
		"tags": tags,
		"types": [type(qty).__name__, type(label).__name__, type(ratio).__name__],
	}


@frappe.whitelist()
def add_note(title: str, qty: int = 0):
	"""Inserts a note; committed only when the request method is unsafe (POST...)."""
	doc = frappe.get_doc({"doctype": "HTTP Test Note", "title": title, "qty": qty}).insert()
	return doc.name


@frappe.whitelist()
def count_notes(title: str):
	return frappe.db.count("HTTP Test Note", {"title": title})


@frappe.whitelist()
def add_note_and_fail(title: str):
	frappe.get_doc({"doctype": "HTTP Test Note", "title": title}).insert()
	frappe.throw(f"Refusing note {title!r} after inserting it", frappe.ValidationError)


@frappe.whitelist()
def add_note_with_commit_flag(title: str):
	frappe.get_doc({"doctype": "HTTP Test Note", "title": title}).insert()
	frappe.local.flags.commit = True
	return "ok"


@frappe.whitelist()
def warn_and_return():
	frappe.msgprint("Heads up: bin A-01 is nearly full")
	return 42


@frappe.whitelist()
def boom():
	raise RuntimeError("unexpected failure in boom")


def not_whitelisted():
	return "should never be reachable"


@frappe.whitelist()
def issue_csrf_token():
	"""What booting the desk does in real Frappe: give the session a CSRF token."""
	import frappe.sessions

	return frappe.sessions.get_csrf_token()


@frappe.whitelist()
def download_label(kind: str = "zpl"):
	"""How label endpoints answer with a file (frappe.response.type = "download")."""
	if kind == "zpl":
		frappe.local.response.filename = "bin A-01.zpl"
		frappe.local.response.filecontent = "^XA^FO50,50^BCN,100^FDA-01^FS^XZ"
		frappe.local.response.content_type = "application/zpl"
	else:
		frappe.local.response.filename = "bin.svg"
		frappe.local.response.filecontent = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
		frappe.local.response.display_content_as = "inline"
	frappe.local.response.type = "download"
