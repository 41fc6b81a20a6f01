"""The demo: a fresh benchless site with seed data, served on 127.0.0.1:8000.

	./run.sh demo [--port 8000] [--host 127.0.0.1] [--keep]

Builds ``sites/demo/`` anew (``--keep`` reuses the site from the last run), runs
``wms_module.demo.seed.seed()`` in it, prints the logins, and serves it until Ctrl+C.
"""

from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def main(argv: list[str] | None = None) -> None:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--host", default="127.0.0.1")
	parser.add_argument("--port", type=int, default=8000)
	parser.add_argument("--sites", default=os.path.join(REPO, "sites"), help="folder that holds the demo site")
	parser.add_argument("--keep", action="store_true", help="reuse the site of the last run instead of rebuilding it")
	args = parser.parse_args(argv)

	import benchless

	benchless.activate()
	import frappe

	from benchless.serve import serve
	from benchless.site import create_site, site_context

	site_path = os.path.join(args.sites, "demo")
	if args.keep and os.path.exists(os.path.join(site_path, "site.sqlite3")):
		info = frappe._dict(site="demo", sites_path=os.path.abspath(args.sites), site_path=site_path)
		summary = None
	else:
		print(f"benchless demo: building a fresh site in {site_path} ...", flush=True)
		info = create_site(site_path)
		from wms_module.demo.seed import seed

		with site_context(info):
			summary = seed()
			frappe.db.commit()

	print_welcome(summary, args.host, args.port)
	start_worker(info.site)
	serve(info.sites_path, info.site, host=args.host, port=args.port)


def start_worker(site: str, every: float = 1.0) -> None:
	"""A background worker for the demo, as `bench start` runs one (Delivery Notes of fully picked
	orders are background jobs): the stand-in's queue worked every ``every`` seconds."""
	import threading
	import time

	from frappe.utils.background_jobs import run_queued_jobs

	def work() -> None:
		while True:
			run_queued_jobs(site=site)
			time.sleep(every)

	threading.Thread(target=work, name="benchless-demo-worker", daemon=True).start()


def print_welcome(summary: dict | None, host: str, port: int) -> None:
	url = f"http://{host}:{port}"
	lines = ["", "wms_module demo (benchless stand-in for Frappe/ERPNext: development only)"]
	if summary:
		op = summary["operator"]
		lines += [
			f"  company      {summary['company']}",
			f"  warehouse    {summary['warehouse']}",
			f"  items        {len(summary['items'])}",
		]
		for key, label in (("storage_bins", "storage bins"), ("sales_orders", "sales orders"), ("wave", "pick wave")):
			if summary.get(key):
				value = summary[key]
				lines.append(f"  {label:<12} {len(value) if isinstance(value, list | tuple) else value}")
		lines += [
			f"  operator     {op['user']} / {op['password']}   (role {op['role']})",
			"  admin        Administrator / admin",
		]
	lines += [
		"",
		f"  curl -s {url}/api/method/wms_module.api.session.info                 # guest: 403",
		f"  curl -s -c jar -X POST {url}/api/method/login -d usr=<operator> -d pwd=<password>",
		f"  curl -s -b jar {url}/api/method/wms_module.api.session.info          # 200: version and roles",
		"",
	]
	print("\n".join(lines), flush=True)


if __name__ == "__main__":
	sys.exit(main())
