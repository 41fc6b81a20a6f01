import frappe
from frappe.model.document import Document


class HTTPTestNote(Document):
	def validate(self):
		if self.qty is not None and self.qty < 0:
			frappe.throw(f"Qty must not be negative, got {self.qty}")

	@frappe.whitelist()
	def close(self, reason=None):
		self.status = "Closed"
		self.save()
		return {"closed": self.name, "reason": reason}

	def not_exposed(self):
		return "secret"
