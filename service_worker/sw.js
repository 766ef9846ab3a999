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
  if (event.data?.type === "CACHE_PAGES") {
    event.waitUntil(cachePages(event.data.urls, event.data.assets, event.data.maxAgeSeconds, event.data.tag));
  }
});

// A page asks to keep pages for offline use (the Merkliste and the facilities on it) together with the
// versioned assets it needs (the map scripts were perhaps loaded before this worker controlled the page).
function sameOrigin(url) {
  try {
    const parsed = new URL(url, self.location.origin);
    return parsed.origin === self.location.origin ? parsed : null;
  } catch {
    return null;
  }
}

// A page cached less than `maxAgeSeconds` ago is not fetched again (the dashboard asks on every visit).
async function freshEnough(cache, href, maxAgeSeconds) {
  if (!maxAgeSeconds) return false;
  const cached = await cache.match(href, { ignoreVary: true });
  const date = Date.parse(cached?.headers.get("date") || "");
  return Boolean(cached) && Date.now() - date < maxAgeSeconds * 1000;
}

// The offline template pages show the household and the Merkliste: when the page says their `tag` changed,
// they are fetched again however fresh they are.
const TAG_KEY = "/__offline-pages-tag";

async function cachePages(urls = [], assets = [], maxAgeSeconds = 0, tag = "") {
  const pages = await caches.open(PAGES_CACHE);
  const shell = await caches.open(SHELL_CACHE);
  if (tag) {
    const previous = await pages.match(TAG_KEY);
    if (!previous || (await previous.text()) !== tag) maxAgeSeconds = 0;
  }
  await Promise.all([
    ...urls.slice(0, 400).map(async (url) => {
      const target = sameOrigin(url);
      if (!target || (await freshEnough(pages, target.href, maxAgeSeconds))) return;
      try {
        const request = new Request(target.href, { credentials: "same-origin", headers: { accept: "text/html" } });
        const response = await fetch(request);
        if (isCacheablePage(request, response)) await pages.put(target.href, response);
      } catch {
        // Offline right now: the page stays as it was cached before (or not at all).
      }
    }),
    ...assets.slice(0, 40).map(async (url) => {
      const target = sameOrigin(url);
      if (!target || !target.searchParams.has("v") || (await shell.match(target.href))) return;
      try {
        const response = await fetch(target.href);
        if (response.ok) await shell.put(target.href, response);
      } catch {
        // As above.
      }
    }),
  ]);
  if (tag) await pages.put(TAG_KEY, new Response(tag));
}

// The directory's search pages (/<tenant>/kitas?…): only the last one is kept, as "the last search".
const SEARCH_PATH = /^\/[a-z][a-z0-9-]*\/kitas\/?$/;
// A draft's pages: offline, a draft the device has never opened online (e.g. started offline) is shown
// with its service's blank template page; drafts.js fills in what the device holds.
const DRAFT_PATH = /^(\/[a-z][a-z0-9-]*\/antraege\/[a-z0-9_]+\/)([0-9a-f-]{36})(\/[a-z0-9-]*)?$/;
const TEMPLATE_UUID = "00000000-0000-0000-0000-000000000000";

function templateFor(url) {
  const match = DRAFT_PATH.exec(url.pathname);
  if (!match || match[2] === TEMPLATE_UUID) return null;
  return `${match[1]}${TEMPLATE_UUID}${match[3] || ""}`;
}

// Pages that say no-store (the back office's, with families' data) are never kept on the device.
function isCacheablePage(request, response) {
  return (
    response.ok &&
    response.type === "basic" &&
    !response.redirected &&
    (response.headers.get("content-type") || "").startsWith("text/html") &&
    !(response.headers.get("cache-control") || "").includes("no-store")
  );
}

async function networkFirst(request) {
  const url = new URL(request.url);
  const isSearch = SEARCH_PATH.test(url.pathname);
  try {
    const response = await fetch(request);
    if (isCacheablePage(request, response)) {
      const cache = await caches.open(PAGES_CACHE);
      if (isSearch) {
        for (const old of await cache.keys()) {
          if (new URL(old.url).pathname === url.pathname && old.url !== request.url) await cache.delete(old);
        }
      }
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    // Boosted and plain navigations get the same full page, so the Vary: HX-Request header is ignored.
    const cached =
      (await caches.match(request, { cacheName: PAGES_CACHE, ignoreVary: true })) ||
      // Offline, the search page opens with the last search made online.
      (isSearch && (await caches.match(request, { cacheName: PAGES_CACHE, ignoreVary: true, ignoreSearch: true }))) ||
      (templateFor(url) &&
        (await caches.match(templateFor(url), { cacheName: PAGES_CACHE, ignoreVary: true, ignoreSearch: true })));
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
