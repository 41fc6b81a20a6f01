"""User: benchless core doctype (subset of frappe/core/doctype/user/user.py, v15).

Kept: name = lower-cased email (Administrator/Guest keep their names), ``full_name``,
``user_type`` from the roles' desk access,
``new_password`` -> ``__Auth`` (then cleared), roles cache cleared on change,
``add_roles``/``remove_roles``, ``generate_keys`` (api_key + api_secret), and the creation
throttle: a user beyond ``throttle_user_limit`` (site config, default 60) made in the last hour is
refused "Throttled" (``throttle_user_creation``).
"""

import frappe
from frappe.model.document import Document
from frappe.utils.password import update_password


class User(Document):
	def before_insert(self):
		throttle_user_creation()

	def autoname(self):
		"""set name as Email Address"""
		if self.get("is_admin") or self.get("is_guest") or self.name in frappe.STANDARD_USERS:
			self.name = self.first_name
		else:
			self.email = self.email.strip().lower()
			self.name = self.email

	def validate(self):
		# clear new password (stored in __Auth in on_update), as real User.validate does
		self._new_password = self.new_password
		self.new_password = ""
		self.set_system_user()
		self.set_full_name()
		self.remove_duplicate_roles()

	def set_system_user(self):
		"""System User if any of the user's roles has desk access, else Website User (v15
		User.set_system_user for the standard user types): a Website User lands on /me after login
		and is refused what needs a System User."""
		if self.name in ("Administrator", "Guest"):
			self.user_type = "System User" if self.name == "Administrator" else "Website User"
			return
		roles = [d.role for d in self.get("roles")]
		desk = bool(roles) and frappe.db.count("Role", {"name": ["in", roles], "desk_access": 1})
		self.user_type = "System User" if desk else "Website User"

	def set_full_name(self):
		self.full_name = " ".join(filter(None, [self.first_name, self.last_name]))

	def remove_duplicate_roles(self):
		seen, rows = set(), []
		for d in self.get("roles"):
			if d.role not in seen:
				seen.add(d.role)
				rows.append(d)
		self.set("roles", rows)

	def on_update(self):
		if getattr(self, "_new_password", None):
			update_password(self.name, self._new_password)
			self._new_password = None
		frappe.clear_cache(user=self.name)

	def on_trash(self):
		if self.name in frappe.STANDARD_USERS:
			frappe.throw(frappe._("User {0} cannot be deleted").format(self.name))
		frappe.clear_cache(user=self.name)

	def add_roles(self, *roles):
		current = [d.role for d in self.get("roles")]
		for role in roles:
			if role not in current:
				self.append("roles", {"role": role})
		self.save()

	def remove_roles(self, *roles):
		self.set("roles", [d for d in self.get("roles") if d.role not in roles])
		self.save()

	def get_roles(self):
		return [d.role for d in self.get("roles")]


@frappe.whitelist(methods=["POST"])
def generate_keys(user: str):
	"""Generate API key and secret for ``user`` (System Manager or the user themself)."""
	if user != frappe.session.user:
		frappe.only_for("System Manager")
	user_details = frappe.get_doc("User", user)
	api_secret = frappe.generate_hash(length=15)
	if not user_details.api_key:
		user_details.api_key = frappe.generate_hash(length=15)
	user_details.api_secret = api_secret
	user_details.flags.ignore_permissions = True
	user_details.save()
	return {"api_key": user_details.api_key, "api_secret": api_secret}


def throttle_user_creation():
	if frappe.flags.in_import:
		return

	if frappe.db.get_creation_count("User", 60) > frappe.local.conf.get("throttle_user_limit", 60):
		frappe.throw(frappe._("Throttled"))
