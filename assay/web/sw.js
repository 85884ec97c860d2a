// The service worker (served at /sw.js by assay.web.views.service_worker). It only reads: the standard's pages and
// static files come from the network when it answers, else from a copy saved by assay/web/static/assay/offline.js,
// else (for a page of a saved version) that version's "not saved" page. It never stores anything itself.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => e.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (e) => {
  const r = e.request, path = new URL(r.url).pathname;
  if (r.method !== "GET" || !/^\/(static|\w+\/standards)\//.test(path)) return;
  const net = fetch(r);
  e.respondWith((async () => {
    const o = {ignoreVary: true}, v = path.match(/^\/\w+\/standards\/[^/]+\/[^/]+\//);
    const copy = (await caches.match(r, o)) || (await caches.match(r, {...o, ignoreSearch: true}));
    // A weak signal can leave a request hanging for minutes: a saved page is shown if the network is silent 4 s.
    if (copy) return Promise.race([net.catch(() => copy), new Promise((ok) => setTimeout(() => ok(copy), 4000))]);
    return net.catch(async () =>
      (r.mode === "navigate" && v && (await caches.match(v[0] + "offline/", o))) || Response.error());
  })());
});
