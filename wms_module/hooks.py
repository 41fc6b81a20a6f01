app_name = "wms_module"
app_title = "WMS Module"
app_publisher = "wms_module developers"
app_description = "Warehouse execution for ERPNext: storage bins, directed putaway, pick tasks, waves, routes"
app_email = "wms@example.com"
app_license = "mit"
required_apps = ["erpnext"]

# Installation ------------------------------------------------------------

fixtures = [{"dt": "Role", "filters": [["name", "in", ["WMS Manager", "WMS Supervisor", "WMS Operator"]]]}]
