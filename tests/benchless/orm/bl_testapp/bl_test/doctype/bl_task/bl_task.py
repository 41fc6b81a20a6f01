from frappe.model.document import Document

from bl_testapp.events import CALLS


def _rec(doc, name):
	CALLS.append((f"controller:{name}", doc.doctype, doc.name))


class BLTask(Document):
	def before_insert(self):
		_rec(self, "before_insert")

	def before_naming(self):
		_rec(self, "before_naming")

	def before_validate(self):
		_rec(self, "before_validate")

	def validate(self):
		_rec(self, "validate")

	def before_save(self):
		_rec(self, "before_save")

	def before_submit(self):
		_rec(self, "before_submit")

	def before_cancel(self):
		_rec(self, "before_cancel")

	def before_update_after_submit(self):
		_rec(self, "before_update_after_submit")

	def after_insert(self):
		_rec(self, "after_insert")

	def on_update(self):
		_rec(self, "on_update")

	def on_submit(self):
		_rec(self, "on_submit")

	def on_cancel(self):
		_rec(self, "on_cancel")

	def on_update_after_submit(self):
		_rec(self, "on_update_after_submit")

	def on_change(self):
		_rec(self, "on_change")

	def on_trash(self):
		_rec(self, "on_trash")

	def after_delete(self):
		_rec(self, "after_delete")
