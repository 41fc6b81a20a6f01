"""Notification Log (frappe/desk/doctype/notification_log/notification_log.py, v15): the bell's
entries. Kept: ``after_insert`` publishes the realtime "notification" to the user after commit,
``enqueue_create_notification`` (a job, run at once in tests as real Frappe does with
``now=frappe.flags.in_test``), ``make_notification_logs`` (enabled users only; the sender gets
none unless it is an Alert or Energy Point), the permission query (a user lists only their own).
Not modelled: Notification Settings (every user has notifications on, as real Frappe assumes when
the user never saved them) and the notification email, which real Frappe never sends for an
Alert (``is_email_notifications_enabled_for_type``); other types are refused here so nothing
relies on an email the stand-in would not send.
"""

import frappe
from frappe.model.document import Document


class NotificationLog(Document):
	def after_insert(self):
		frappe.publish_realtime("notification", after_commit=True, user=self.for_user)
		if self.type not in ("Alert",):
			raise NotImplementedError(
				f"benchless: a {self.type or 'Default'} notification would send an email; only Alert is modelled"
			)


def get_permission_query_conditions(for_user):
	if not for_user:
		for_user = frappe.session.user
	if for_user == "Administrator":
		return
	return f"""(`tabNotification Log`.for_user = {frappe.db.escape(for_user)})"""


def enqueue_create_notification(users, doc: dict):
	if frappe.flags.in_install:
		return
	doc = frappe._dict(doc)
	if isinstance(users, str):
		users = [user.strip() for user in users.split(",") if user.strip()]
	users = list(set(users))
	frappe.enqueue(
		"frappe.desk.doctype.notification_log.notification_log.make_notification_logs",
		doc=doc,
		users=users,
		now=frappe.flags.in_test,
	)


def make_notification_logs(doc, users):
	for user in _get_user_ids(users):
		notification = frappe.new_doc("Notification Log")
		notification.update(doc)
		notification.for_user = user
		if notification.for_user != notification.from_user or doc.type in ("Energy Point", "Alert"):
			notification.insert(ignore_permissions=True)


def _get_user_ids(user_emails):
	return frappe.get_all("User", filters={"enabled": 1, "email": ["in", list(user_emails)]}, pluck="name")
