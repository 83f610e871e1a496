// SPDX-License-Identifier: MIT
// Offline-first service worker. The build (web-demo/build.mjs) fills in VERSION (a hash of every
// file it ships) and PRECACHE (all of them: the app shell, the package's modules and the .wasm),
// so after the first visit everything loads from the cache, and a new build replaces it whole.
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const CACHE = `nestegg-demo-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith('nestegg-demo-') && n !== CACHE).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

// Cache first: the files of one build never change. Anything else same-origin is fetched and
// kept, so it is there the next time the network is not.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(request, { ignoreSearch: request.mode === 'navigate' });
    if (hit) return hit;
    try {
      const response = await fetch(request);
      if (response.ok) cache.put(request, response.clone());
      return response;
    } catch (e) {
      if (request.mode === 'navigate') return (await cache.match('./')) ?? Response.error();
      throw e;
    }
  })());
});
