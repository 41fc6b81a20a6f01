"""Threaded HTTP server for the benchless stand-in (the equivalent of ``bench serve``).

	serve(sites_path, site, host="127.0.0.1", port=8000)   # blocks; Ctrl+C stops it
	with run_in_thread(sites_path, site) as server:         # tests: free port, background
		requests.get(server.url + "/api/method/ping")
	c = client(sites_path, site)                            # in-process werkzeug test Client
	c.get("/api/method/ping").json

Each request runs in its own thread (werkzeug's ThreadedWSGIServer) with its own
``frappe.local`` and, through ``frappe.connect()``, its own SQLite connection, so many
scanners can talk to one server at once. Shutdown stops accepting, lets the serving loop
finish and closes the socket.
"""

from __future__ import annotations

import logging
import threading

try:  # `python -m benchless.serve` / imported before activate()
	import benchless

	benchless.activate()
except Exception:  # pragma: no cover - activate() is H1's; tests call it first anyway
	pass

from werkzeug.serving import make_server




def _make_server(sites_path: str, site: str, host: str, port: int, quiet: bool):
	from frappe.app import make_application

	if quiet:
		logging.getLogger("werkzeug").setLevel(logging.ERROR)
	app = make_application(str(sites_path), site)
	return make_server(host, port, app, threaded=True)


def serve(sites_path: str, site: str, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False) -> None:
	"""Serve ``site`` from ``sites_path`` until interrupted."""
	server = _make_server(sites_path, site, host, port, quiet)
	print(f"benchless: serving site {site!r} on http://{server.host}:{server.port}/ (Ctrl+C to stop)", flush=True)
	try:
		server.serve_forever()
	except KeyboardInterrupt:
		pass
	finally:
		server.server_close()


class RunningServer:
	"""A server running in a daemon thread; use as a context manager or call shutdown()."""

	def __init__(self, sites_path: str, site: str, host: str = "127.0.0.1", port: int = 0, quiet: bool = True):
		self._server = _make_server(sites_path, site, host, port, quiet)
		self.host = host
		self.port = self._server.server_port
		self.url = f"http://{host}:{self.port}"
		self._thread = threading.Thread(
			target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, name=f"benchless-serve-{self.port}", daemon=True
		)
		self._thread.start()

	def shutdown(self, timeout: float = 10.0) -> None:
		if self._thread.is_alive():
			self._server.shutdown()
			self._thread.join(timeout)
		self._server.server_close()

	def __enter__(self) -> RunningServer:
		return self

	def __exit__(self, *exc) -> None:
		self.shutdown()


def run_in_thread(sites_path: str, site: str, host: str = "127.0.0.1", port: int = 0, quiet: bool = True) -> RunningServer:
	"""Start serving ``site`` on a free port (port=0) in a background thread."""
	return RunningServer(sites_path, site, host=host, port=port, quiet=quiet)


def _in_own_thread(app):
	"""Run each WSGI call in a fresh thread: the app's frappe.init()/destroy() then never
	touch the caller's frappe.local (e.g. a test's connected site)."""

	def wrapped(environ, start_response):
		out: dict = {}

		def target():
			try:
				captured = {}

				def capture(status, headers, exc_info=None):
					captured["status"], captured["headers"] = status, headers
					return lambda data: None

				body = app(environ, capture)
				try:
					out["body"] = b"".join(body)
				finally:
					close = getattr(body, "close", None)
					if close:
						close()
				out.update(captured)
			except BaseException as e:  # re-raised in the caller's thread
				out["error"] = e

		t = threading.Thread(target=target, name="benchless-client-request")
		t.start()
		t.join()
		if "error" in out:
			raise out["error"]
		start_response(out["status"], out["headers"])
		return [out["body"]]

	return wrapped


def client(sites_path: str, site: str):
	"""An in-process ``werkzeug.test.Client`` for ``site`` (keeps cookies), no socket:
	``c = client(info.sites_path, info.site); c.post("/api/method/login", data={...})``.
	Each request runs in its own thread, like the threaded server."""
	from werkzeug.test import Client

	from frappe.app import make_application

	return Client(_in_own_thread(make_application(str(sites_path), site)))


def main(argv: list[str] | None = None) -> None:
	import argparse

	parser = argparse.ArgumentParser(description="Serve a benchless site over HTTP (threaded).")
	parser.add_argument("sites_path")
	parser.add_argument("site")
	parser.add_argument("--host", default="127.0.0.1")
	parser.add_argument("--port", type=int, default=8000)
	args = parser.parse_args(argv)
	serve(args.sites_path, args.site, host=args.host, port=args.port)


if __name__ == "__main__":
	main()
