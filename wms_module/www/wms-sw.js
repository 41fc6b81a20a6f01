/* wms-sw.js: the handheld's service worker, so that /wms opens without a connection.
 *
 * Served from the site's root (www/wms-sw.js, route /wms-sw.js) because a worker controls only
 * pages under its own folder: one under /assets/ could never answer for /wms. Frappe renders a
 * www .js file as a Jinja template (website_script.js works the same way), so this file holds no
 * Jinja syntax.
 *
 * What it keeps: the /wms page (it carries the signed-in user and their CSRF token, so it is
 * cached only as a signed-in user got it, never a login page or a redirect) and the page's CSS and
 * JS. Network first, always: online, the operator gets the fresh page and the cache is refreshed;
 * offline, the last copy. The API is never cached: the page keeps its own last task list and
 * queues confirmations itself (wms_mobile.js). Logging out deletes the cache.
 */
"use strict";

const CACHE = "wms-handheld-v5"; // v2: the inbound screens (wms_inbound.js); v3: QC (wms_qc.js); v4: one scan queue (wmsMobile.serialRunner); v5: one make / write (wmsMobile)
const PAGE = "/wms";
const ASSETS = [
	"/assets/wms_module/css/wms_mobile.css",
	"/assets/wms_module/js/wms_mobile.js",
	"/assets/wms_module/js/wms_inbound.js",
	"/assets/wms_module/js/wms_qc.js",
];

function cacheable(response) {
	// a redirect to /login (session ended) or an error page must never stand in for the app
	return response && response.ok && !response.redirected && response.type === "basic";
}

async function store(request, response) {
	if (!cacheable(response)) return;
	const cache = await caches.open(CACHE);
	await cache.put(request, response.clone());
}

async function precache() {
	const cache = await caches.open(CACHE);
	await Promise.all(
		[PAGE, ...ASSETS].map(async (url) => {
			try {
				const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
				if (cacheable(response)) await cache.put(url, response);
			} catch (e) {
				/* offline while installing: the next online visit fills the cache */
			}
		})
	);
}

self.addEventListener("install", (event) => {
	event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((names) => Promise.all(names.filter((n) => n.startsWith("wms-handheld-") && n !== CACHE).map((n) => caches.delete(n))))
			.then(() => self.clients.claim())
	);
});

async function networkFirst(request, key) {
	try {
		const response = await fetch(request);
		await store(key, response);
		return response;
	} catch (e) {
		const cached = await caches.match(key, { ignoreSearch: true });
		if (cached) return cached;
		throw e;
	}
}

self.addEventListener("fetch", (event) => {
	const request = event.request;
	if (request.method !== "GET") return;
	const url = new URL(request.url);
	if (url.origin !== self.location.origin) return;
	if (url.pathname === PAGE && request.mode === "navigate") {
		event.respondWith(networkFirst(request, PAGE));
	} else if (ASSETS.includes(url.pathname)) {
		event.respondWith(networkFirst(request, url.pathname));
	}
});
