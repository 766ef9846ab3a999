// Service worker of the family portal. The server fills in __VERSION__ (a hash over all assets) and
// __SHELL__ (the app shell URLs), so every release gets fresh caches and stale ones are deleted.
const VERSION = "__VERSION__";
const SHELL_CACHE = `shell-${VERSION}`;
const PAGES_CACHE = `pages-${VERSION}`;
const SHELL = __SHELL__;
const OFFLINE_URL = "/offline";

self.addEventListener("install", (event) => {
  // Fail the install loudly if the shell cannot be cached: a half-installed worker would break offline use.
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([SHELL_CACHE, PAGES_CACHE]);
      for (const name of await caches.keys()) {
        if (!keep.has(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "SKIP_WAITING") self.skipWaiting();
  if (event.data?.type === "FORGET_PAGES") event.waitUntil(caches.delete(PAGES_CACHE));
});

function isCacheablePage(request, response) {
  return (
    response.ok &&
    response.type === "basic" &&
    !response.redirected &&
    (response.headers.get("content-type") || "").startsWith("text/html")
  );
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (isCacheablePage(request, response)) {
      const cache = await caches.open(PAGES_CACHE);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    // Boosted and plain navigations get the same full page, so the Vary: HX-Request header is ignored.
    const cached = await caches.match(request, { cacheName: PAGES_CACHE, ignoreVary: true });
    if (cached) return cached;
    const offline = await caches.match(OFFLINE_URL, { cacheName: SHELL_CACHE });
    // A copy without a URL: htmx would otherwise put "/offline" into the address bar instead of the page
    // asked for, and reloading there once back online would show the offline page again.
    return offline ? new Response(offline.body, offline) : Response.error();
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && new URL(request.url).searchParams.has("v")) {
    const cache = await caches.open(SHELL_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  // Targeted htmx requests fetch fragments of a page: never cache those under the page's URL.
  if (request.headers.get("hx-request") === "true" && request.headers.get("hx-boosted") !== "true") return;
  // htmx sends no "Accept: text/html" with boosted requests, so those are recognised by their header.
  const isPage =
    request.mode === "navigate" ||
    request.headers.get("hx-boosted") === "true" ||
    (request.headers.get("accept") || "").includes("text/html");
  if (isPage) {
    event.respondWith(networkFirst(request));
  } else if (url.searchParams.has("v")) {
    // Versioned URLs (static assets, tenant theme and logo) never change: cache-first.
    event.respondWith(cacheFirst(request));
  }
});
