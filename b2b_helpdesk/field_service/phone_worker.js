/* Service worker of the engineer's phone pages (scope /field), served by field_service/phone_home.py.
   Pages and the field API's reads: network first, the last good copy when offline.
   Today's job pages and their manuals are fetched into the cache when the list page asks (precache).
   Actions are never cached or replayed here: the page queues them with keys (phone.js). */
const CACHE = "b2b-field-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function cacheable(request) {
	if (request.method !== "GET") return false;
	const url = new URL(request.url);
	if (url.origin !== self.location.origin) return false;
	if (url.pathname.startsWith("/api/")) return url.pathname.startsWith("/api/method/b2b_helpdesk.api.field.");
	return true;
}

self.addEventListener("fetch", (event) => {
	const request = event.request;
	if (!cacheable(request)) return;
	event.respondWith(
		fetch(request)
			.then((response) => {
				if (response.ok && !response.redirected) {
					const copy = response.clone();
					caches.open(CACHE).then((cache) => cache.put(request, copy));
				}
				return response;
			})
			.catch(() =>
				caches.match(request).then(
					(hit) =>
						hit ||
						new Response("<h1>Offline</h1><p><a href='/field'>/field</a></p>", {
							status: 503,
							headers: { "Content-Type": "text/html; charset=utf-8" },
						})
				)
			)
	);
});

self.addEventListener("message", (event) => {
	if (!event.data || event.data.type !== "precache") return;
	event.waitUntil(
		caches.open(CACHE).then((cache) =>
			Promise.all(
				(event.data.urls || []).map((url) =>
					fetch(url, { credentials: "same-origin" })
						.then((response) => (response.ok && !response.redirected ? cache.put(url, response) : null))
						.catch(() => null)
				)
			)
		)
	);
});
