"""What tests need beyond one rolled-back connection, the same in both modes.

- ``run_in_site(info, fn)`` / ``site_context(info)``: run code on another connection to a site,
  with real commits. They use only ``frappe.init`` / ``frappe.connect`` / ``frappe.destroy``, so
  they work against the stand-in and a real bench alike (they live in ``benchless.site`` because
  the demo uses them too).
- ``committed_site``: where those commits go. Benchless: a fresh SQLite site per test. Site mode:
  the real test site itself, as Frappe's own test suites commit into it; tests keep their data
  apart with unique names (``tests.factories.unique``), never by expecting an empty site.
- ``serve(info)``: the site over HTTP on 127.0.0.1. Benchless: the stand-in's threaded server
  for that site. Site mode: the real site under gunicorn (``tests/site_wsgi.py``: Frappe's
  WSGI application with its static files, as ``bench serve`` gives it), started once per test
  session in its own processes, so requests run Frappe's real request cycle, each worker with its
  own database connection.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

from benchless.site import run_in_site, site_context  # noqa: F401  (re-exported, mode-neutral)

SITE_MODE = bool(os.environ.get("WMS_TEST_SITE"))
ROOT = pathlib.Path(__file__).resolve().parents[1]
GUNICORN_WORKERS = 4


@dataclass(frozen=True)
class ServedSite:
	"""A site answering on ``url`` (no trailing slash)."""

	url: str


def real_site_info():
	"""The real test site as ``committed_site`` gives it: ``site`` and ``sites_path``."""
	import frappe

	return frappe._dict(
		site=os.environ["WMS_TEST_SITE"], sites_path=os.path.abspath(os.environ.get("WMS_SITES_PATH", "."))
	)


@contextlib.contextmanager
def serve(info) -> Iterator[ServedSite]:
	"""Serve the site ``info`` (from ``committed_site``) on 127.0.0.1 for the ``with`` block."""
	if SITE_MODE:
		yield _real_site_server(info)
		return
	from benchless.serve import run_in_thread

	with run_in_thread(info.sites_path, info.site) as server:
		yield ServedSite(url=server.url)


def run_background_jobs(info, queue: str = "short") -> None:
	"""Run the site's queued background jobs to the end, as ``bench worker --burst --queue short``
	does: on a real site the bench's own worker command over Redis, on the stand-in its queue."""
	if not SITE_MODE:
		from frappe.utils.background_jobs import run_queued_jobs

		run_queued_jobs(queue=queue, site=info.site)
		return
	subprocess.run(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "worker", "--queue", queue, "--burst"],
		cwd=info.sites_path,
		check=True,
		timeout=600,
		capture_output=True,
	)


_SERVER: dict = {}


def _real_site_server(info) -> ServedSite:
	"""The session's gunicorn for the real site, started on first use (stopped by stop_servers)."""
	if "served" in _SERVER and _SERVER["process"].poll() is None:
		return _SERVER["served"]
	port = _free_port()
	log = open(pathlib.Path(info.sites_path).parent / "logs" / "wms-test-gunicorn.log", "ab")
	process = subprocess.Popen(
		[
			sys.executable,
			"-m",
			"gunicorn",
			"--bind",
			f"127.0.0.1:{port}",
			"--workers",
			str(GUNICORN_WORKERS),
			"--timeout",
			"120",
			"--pythonpath",
			str(ROOT / "tests"),
			"site_wsgi:application",
		],
		cwd=info.sites_path,
		env={**os.environ, "WMS_TEST_SITE": info.site, "SITES_PATH": info.sites_path},
		stdout=log,
		stderr=subprocess.STDOUT,
	)
	url = f"http://127.0.0.1:{port}"
	_wait_until_answering(url, process)
	_SERVER.update(process=process, served=ServedSite(url=url), log=log)
	return _SERVER["served"]


def stop_servers() -> None:
	process = _SERVER.pop("process", None)
	if process is not None and process.poll() is None:
		process.terminate()
		try:
			process.wait(20)
		except subprocess.TimeoutExpired:
			process.kill()
	log = _SERVER.pop("log", None)
	if log:
		log.close()
	_SERVER.clear()


def _free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def _wait_until_answering(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
	import requests

	deadline = time.monotonic() + timeout
	while time.monotonic() < deadline:
		if process.poll() is not None:
			raise RuntimeError(
				f"gunicorn for the test site exited with {process.returncode} (see logs/wms-test-gunicorn.log)"
			)
		try:
			if requests.get(f"{url}/api/method/ping", timeout=5).status_code == 200:
				return
		except requests.ConnectionError:
			pass
		time.sleep(0.3)
	raise RuntimeError(f"the test site did not answer on {url} within {timeout}s")
