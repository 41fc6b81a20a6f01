import frappe

no_cache = 1


def get_context(context):
	context.greeting = f"Hello, {frappe.form_dict.get('name') or 'stranger'}"
	context.items = ["A-01", "A-02"]
