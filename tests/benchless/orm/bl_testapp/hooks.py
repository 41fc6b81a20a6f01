app_name = "bl_testapp"
app_title = "benchless test app"

doc_events = {
	"*": {"on_update": "bl_testapp.events.star_on_update"},
	("BL Task", "BL Customer"): {"validate": "bl_testapp.events.tuple_validate"},
	"BL Task": {
		"on_submit": ["bl_testapp.events.task_on_submit", "bl_testapp.events.task_on_submit_again"],
		"before_insert": "bl_testapp.events.task_before_insert",
	},
}

permission_query_conditions = {"BL Task": "bl_testapp.perm.task_query_conditions"}
has_permission = {"BL Task": "bl_testapp.perm.task_has_permission"}

after_install = "bl_testapp.install.after_install"
