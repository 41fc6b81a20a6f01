"""tests/live is not dead code: it runs, and passes, against the benchless server on a seeded site.

The demo seed (company, bins, stock, a wave released to the demo operator) is committed to a
fresh site, the operator gets an API key, the server runs in a thread, and ``pytest tests/live``
runs in a subprocess with WMS_LIVE_URL / _API_KEY / _API_SECRET pointing at it, as an external
system would be configured. Without those variables the same suite skips, naming them.
"""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.live import test_rest as live

ROOT = Path(__file__).resolve().parents[2]


def seed_with_api_key() -> dict:
	import frappe
	from frappe.core.doctype.user.user import generate_keys

	from wms_module.demo.seed import seed

	operator = seed()["operator"]["user"]
	secret = generate_keys(operator)["api_secret"]
	return {
		"user": operator,
		"api_key": frappe.db.get_value("User", operator, "api_key"),
		"api_secret": secret,
	}


def run_live_suite(tmp_path, env_update: dict) -> tuple[subprocess.CompletedProcess, dict]:
	report = tmp_path / "live.xml"
	env = {k: v for k, v in os.environ.items() if k not in live.SETTINGS} | env_update
	proc = subprocess.run(
		[
			sys.executable,
			"-m",
			"pytest",
			"tests/live",
			"-p",
			"no:cacheprovider",
			"-rs",
			f"--junitxml={report}",
		],
		cwd=ROOT,
		env=env,
		capture_output=True,
		text=True,
		timeout=600,
	)
	suite = ET.parse(report).getroot().find("testsuite")
	counts = {k: int(suite.get(k)) for k in ("tests", "failures", "errors", "skipped")}
	return proc, counts


def test_the_live_suite_passes_against_a_running_seeded_site(committed_site, tmp_path):
	from tests.harness import run_in_site, serve

	keys = run_in_site(committed_site, seed_with_api_key)
	with serve(committed_site) as server:
		proc, counts = run_live_suite(
			tmp_path,
			{
				"WMS_LIVE_URL": server.url,
				"WMS_LIVE_API_KEY": keys["api_key"],
				"WMS_LIVE_API_SECRET": keys["api_secret"],
			},
		)
		# what the suite looked at was there: the operator's released tasks and the seeded bins
		api = live.LiveApi(server.url, keys["api_key"], keys["api_secret"])
		tasks = api.message(f"{live.API}.picking.my_tasks")
		bins = api.get("/api/resource/Storage Bin", limit_page_length=5).json()["data"]
		# the probe is no rubber stamp: a method the site lacks, and an answer the document does not list
		document = api.message(f"{live.API}.openapi.document")
		info = document["paths"][f"{live.API}.session.info"]
		info["get"]["responses"].pop("200")
		document["paths"] = {f"{live.API}.bins.no_such_method": info, f"{live.API}.session.info": info}
		called, problems = live.probe_documented_gets(api, document)
	assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
	assert counts == {"tests": 6, "failures": 0, "errors": 0, "skipped": 0}, proc.stdout[-4000:]
	# the operator's picks are the released wave's, assigned to them (counts queued for anyone may
	# follow: short picks on the demo floor leave some on a real site that keeps its data)
	picks = [t for t in tasks if t["task_type"] == "Pick"]
	assert picks and all(t["assigned_to"] == keys["user"] for t in picks)
	assert len(bins) == 5
	assert called == 2
	assert len(problems) == 2
	assert "bins.no_such_method: the site has no such method (HTTP 417)" in problems[0]
	assert "session.info {}: HTTP 200 is not documented" in problems[1]


def test_without_the_settings_the_live_suite_skips_naming_them(tmp_path):
	proc, counts = run_live_suite(tmp_path, {"WMS_LIVE_URL": "http://127.0.0.1:9"})
	assert proc.returncode == 0, proc.stdout[-2000:]
	assert counts == {"tests": 6, "failures": 0, "errors": 0, "skipped": 6}
	assert "set WMS_LIVE_API_KEY, WMS_LIVE_API_SECRET (" in proc.stdout
	assert live.missing_settings({"WMS_LIVE_URL": "x", "WMS_LIVE_API_KEY": " "}) == [
		"WMS_LIVE_API_KEY",
		"WMS_LIVE_API_SECRET",
	]
