"""doc_events handlers that record their calls (``CALLS``) for the lifecycle tests."""

CALLS = []


def _rec(doc, method, who):
	CALLS.append((f"{who}:{method}", doc.doctype, doc.name))


def star_on_update(doc, method):
	_rec(doc, method, "hook*")


def tuple_validate(doc, method):
	_rec(doc, method, "hook-tuple")


def task_on_submit(doc, method):
	_rec(doc, method, "hook1")


def task_on_submit_again(doc, method):
	_rec(doc, method, "hook2")


def task_before_insert(doc, method):
	_rec(doc, method, "hook")
