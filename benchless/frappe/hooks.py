app_name = "frappe"
app_title = "Frappe Framework (benchless)"
app_publisher = "benchless"
app_description = "Stand-in for the Frappe Framework"
app_license = "MIT"

# Real frappe/hooks.py always defines these two as dicts (Event, ToDo, User, Note, Contact,
# ...), so on every site frappe.get_hooks("has_permission") is a dict and
# permissions.has_controller_permissions can call .get on it. The stand-in models none of
# those doctype rules, but keeps the shape: empty dicts, merged with the apps' entries.
permission_query_conditions = {
	"Notification Log": "frappe.desk.doctype.notification_log.notification_log.get_permission_query_conditions",
}
has_permission = {}
