// Trowel's service worker: after the first visit, the served app starts and works offline.
//
// It precaches the app's own files under a cache named for this build (`cargo xtask dist`
// writes the build's hash over the marked line, so a rebuilt app installs a new cache and the
// old one is deleted) and answers requests for them from that cache. Nothing else is cached
// and nothing is sent anywhere: the app has no other requests to make. boot.js registers it
// only when the page is served over http(s); the single file needs no help to work offline.
const BUILD = "dev";
const CACHE = `trowel-${BUILD}`;
/** The app's files, relative to this script; `./` is the page itself. */
const FILES = ["./", "index.html", "style.css", "boot.js", "worker.js", "trowel.js", "trowel_bg.wasm", "manifest.webmanifest", "icon.svg"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("trowel-") && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE)
      .then((cache) => cache.match(request, { ignoreSearch: true }))
      .then((cached) => cached ?? fetch(request)),
  );
});
