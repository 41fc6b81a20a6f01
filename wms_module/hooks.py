app_name = "wms_module"
app_title = "WMS Module"
app_publisher = "wms_module developers"
app_description = "Warehouse execution for ERPNext: storage bins, directed putaway, pick tasks, waves, routes"
app_email = "wms@example.com"
app_license = "mit"
required_apps = ["frappe/erpnext"]

# Typing ------------------------------------------------------------------

# Saving a DocType in developer mode rewrites the typed field block of its controller.
export_python_type_annotations = True
# Every whitelisted function must annotate all its parameters. Frappe v15 does not read this hook
# (v16 does, in frappe/utils/typing_validations.py); in v15 the rule is held by a test,
# tests/app/test_frappe_conventions.py.
require_type_annotated_api_methods = True

# Installation ------------------------------------------------------------

fixtures = [{"dt": "Role", "filters": [["name", "in", ["WMS Manager", "WMS Supervisor", "WMS Operator"]]]}]

# Custom Fields on ERPNext doctypes (Item.wms_unit_volume), idempotent: see wms_module/install.py
after_install = "wms_module.install.after_install"
after_migrate = "wms_module.install.after_migrate"
before_uninstall = "wms_module.uninstall.before_uninstall"  # what remove_app leaves behind

# ERPNext documents the app follows --------------------------------------

# (underscored: Frappe reads every public name of hooks.py as a hook)
from wms_module.stock_vouchers import STOCK_VOUCHER_TYPES as _STOCK_VOUCHER_TYPES  # noqa: E402

doc_events = {
	# each (doctype, event) has one handler: the Delivery Note's own below also follows its stock
	tuple(t for t in _STOCK_VOUCHER_TYPES if t not in ("Delivery Note", "Purchase Receipt")): {
		"on_submit": "wms_module.events.stock.on_submit",
		"on_cancel": "wms_module.events.stock.on_cancel",
	},
	# its stock like any voucher's, then its Putaway tasks (events/purchase_receipt.py)
	"Purchase Receipt": {
		"before_submit": "wms_module.events.purchase_receipt.before_submit",
		"on_submit": "wms_module.events.purchase_receipt.on_submit",
		"before_cancel": "wms_module.events.purchase_receipt.before_cancel",
		"on_trash": "wms_module.events.purchase_receipt.on_trash",
		"on_cancel": "wms_module.events.purchase_receipt.on_cancel",
	},
	"Sales Order": {
		"on_submit": "wms_module.events.sales_order.on_submit",
		"on_update_after_submit": "wms_module.events.sales_order.on_update_after_submit",
		"on_cancel": "wms_module.events.sales_order.on_cancel",
		# Hold / Close / Resume / Re-open: update_status -> set_status -> db_set -> on_change
		"on_change": "wms_module.events.sales_order.on_change",
	},
	"Delivery Note": {
		"before_submit": "wms_module.events.delivery_note.before_submit",
		"on_submit": "wms_module.events.stock.on_submit",
		"on_cancel": "wms_module.events.delivery_note.on_cancel",
	},
}

# Permissions: counts stay blind for operators through REST and the desk; an operator reads only
# their own labour log (wms_module/permissions.py)

permission_query_conditions = {
	"Warehouse Task": "wms_module.permissions.warehouse_task_conditions",
	"Bin Stock": "wms_module.permissions.bin_stock_conditions",
	"WMS Labor Log": "wms_module.permissions.labor_log_conditions",
}

has_permission = {
	"Warehouse Task": "wms_module.permissions.warehouse_task_has_permission",
	"Bin Stock": "wms_module.permissions.bin_stock_has_permission",
	"WMS Labor Log": "wms_module.permissions.labor_log_has_permission",
}

# Website ------------------------------------------------------------------

# the supervisor's floor view next to the handheld's /wms (www/wms-supervisor.html; see its .py)
website_route_rules = [{"from_route": "/wms/supervisor", "to_route": "wms-supervisor"}]

# Desk ---------------------------------------------------------------------

doctype_js = {
	"Sales Order": "public/js/sales_order.js",
	"Purchase Receipt": "public/js/purchase_receipt.js",
}

# Print formats (label barcodes as inline SVG) ---------------------------

jinja = {
	"methods": [
		"wms_module.labels_jinja.code128_svg",
		"wms_module.labels_jinja.item_barcode_svg",
		"wms_module.labels_jinja.label_text",
	]
}

# Scheduled jobs -----------------------------------------------------------

scheduler_events = {
	"daily": [
		"wms_module.services.reconciliation.record_daily_drift",
		"wms_module.services.idempotency.delete_old_request_logs",
	],
}
