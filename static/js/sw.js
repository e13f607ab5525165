// ZOE NutriTech service worker, served from /sw.js (scope: the whole site). The server puts
// ZOE_VERSION (a checksum of the cached files), ZOE_PRECACHE (the app shell: /offline, the
// manifest and every asset at its content-hashed URL) and ZOE_STORE_URL above this text.
//
// Pages: network first; without a network the offline shell (/offline), which builds the
// pages from the offline data in IndexedDB. Page HTML is never cached (it holds the user's
// data and a CSRF token), and htmx requests (HX-Request) are left to the network, so a
// fragment can never be served in place of a page.
/* global ZoeStore */
importScripts(self.ZOE_STORE_URL);

var CACHE = "zoe-shell-" + self.ZOE_VERSION;

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) {
    return c.addAll(self.ZOE_PRECACHE.map(function (u) { return new Request(u, { cache: "reload" }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("zoe-") === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function shell() {
  return caches.open(CACHE).then(function (c) { return c.match("/offline"); });
}

self.addEventListener("fetch", function (e) {
  var req = e.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.headers.get("HX-Request")) return;
  if (url.pathname.indexOf("/static/") === 0) {
    // Content-hashed URLs never change: the cache first.
    e.respondWith(caches.match(req).then(function (hit) { return hit || fetch(req); }));
    return;
  }
  if (req.mode === "navigate") {
    e.respondWith(fetch(req).catch(function () {
      return shell().then(function (r) {
        return r || new Response("You are offline.", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
      });
    }));
    return;
  }
  if (url.pathname === "/offline" || url.pathname === "/manifest.webmanifest") {
    e.respondWith(fetch(req).catch(function () { return caches.match(url.pathname); }));
  }
});

// Background Sync (where the browser has it): send the queue when the connection returns,
// even if no page of the app is open.
self.addEventListener("sync", function (e) {
  if (e.tag === "zoe-sync") e.waitUntil(ZoeStore.sync());
});

self.addEventListener("message", function (e) {
  if (e.data === "sync") e.waitUntil(ZoeStore.sync().catch(function () { return null; }));
});
