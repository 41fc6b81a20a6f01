# benchless stand-in for erpnext/hooks.py (only the keys the stand-in uses)
app_name = "erpnext"
app_title = "ERPNext"
app_publisher = "Frappe Technologies Pvt. Ltd."
app_description = "benchless stand-in for ERPNext v15 (stock, selling, buying subset)"
app_email = "info@erpnext.com"
app_license = "GNU General Public License (v3)"
required_apps = []

# Real ERPNext creates these records in the setup wizard (install_fixtures); a benchless
# site has no wizard, so after_install makes the few the stand-in needs.
after_install = "erpnext.setup.install.after_install"
