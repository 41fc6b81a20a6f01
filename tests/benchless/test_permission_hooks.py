"""A document permission check on a site where no app adds a ``has_permission`` hook.

Real frappe/hooks.py always defines ``has_permission`` (and ``permission_query_conditions``)
as dicts (Event, ToDo, User, ...), so ``frappe.get_hooks("has_permission")`` is a dict on
every real site and ``permissions.has_controller_permissions`` can call ``.get`` on it. The
stand-in must behave the same with only frappe installed.
"""

import pytest

pytestmark = pytest.mark.benchless_only


@pytest.fixture(scope="module")
def frappe_only_site(tmp_path_factory):
	from benchless.site import create_site

	return create_site(tmp_path_factory.mktemp("frappe_only") / "frappe_only_site", apps=("frappe",))


@pytest.fixture()
def fo(frappe_only_site):
	from benchless.site import site_context

	with site_context(frappe_only_site):
		import frappe

		frappe.flags.in_test = True
		try:
			yield frappe
		finally:
			frappe.set_user("Administrator")
			frappe.db.rollback()


def _user(frappe, email, roles):
	return frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": email.split("@")[0],
			"roles": [{"role": r} for r in roles],
		}
	).insert(ignore_permissions=True)


def test_permission_hooks_are_dicts_even_when_no_app_adds_one(fo):
	"""frappe/hooks.py: dicts, with frappe's own entries only (Notification Log lists a user's own)."""
	assert fo.get_installed_apps() == ["frappe"]
	assert fo.get_hooks("has_permission") == {}
	assert set(fo.get_hooks("permission_query_conditions")) == {"Notification Log"}


def test_document_permission_check_without_hooks_follows_the_roles(fo):
	manager = _user(fo, "sm@example.com", ["System Manager"])
	nobody = _user(fo, "nobody@example.com", [])
	other = _user(fo, "other@example.com", [])

	fo.set_user(manager.name)
	assert fo.has_permission("User", "read", doc=other)
	assert fo.has_permission("User", "write", doc=other.name)
	fo.set_user(nobody.name)
	assert not fo.has_permission("User", "write", doc=other)
	with pytest.raises(fo.PermissionError):
		fo.get_doc("User", other.name).check_permission("write")


def test_user_permissions_are_read_as_v15_answers_them(fo):
	"""frappe.permissions.get_user_permissions: {allow: [{doc, applicable_for, is_default,
	hide_descendants}]} from the User Permission table; {} for Administrator."""
	user = _user(fo, "up@example.com", []).name
	fo.get_doc({"doctype": "User Permission", "user": user, "allow": "Role", "for_value": "Guest"}).insert(
		ignore_permissions=True
	)
	perms = fo.permissions.get_user_permissions(user)
	assert list(perms) == ["Role"]
	(p,) = perms["Role"]
	assert (p.doc, p.applicable_for, p.is_default, p.hide_descendants) == ("Guest", None, 0, 0)
	assert fo.permissions.get_user_permissions("Administrator") == {}
