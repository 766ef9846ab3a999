// Progressive enhancement: service worker registration, "update available" and install prompts,
// focus on the error summary. Everything works without this file.

const updateBanner = () => document.getElementById("update-banner");
const installBanner = () => document.getElementById("install-banner");

function focusErrorSummary() {
  const summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();
}

async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  const offerUpdate = (worker) => {
    const banner = updateBanner();
    if (!banner || !navigator.serviceWorker.controller) return; // first install: nothing to update
    banner.hidden = false;
    banner.querySelector("[data-action=update]").onclick = () => worker.postMessage({ type: "SKIP_WAITING" });
  };
  if (registration.waiting) offerUpdate(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    worker?.addEventListener("statechange", () => {
      if (worker.state === "installed") offerUpdate(worker);
    });
  });
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading || !updateBanner() || updateBanner().hidden) return;
    reloading = true;
    window.location.reload();
  });
  if (navigator.storage?.persist) navigator.storage.persist().catch(() => {});
}

let deferredInstall = null;
window.addEventListener("beforeinstallprompt", (event) => {
  event.preventDefault();
  if (localStorage.getItem("install-dismissed")) return;
  deferredInstall = event;
  const banner = installBanner();
  if (banner) banner.hidden = false;
});

document.addEventListener("click", async (event) => {
  const action = event.target.closest("[data-action]")?.dataset.action;
  if (action === "install" && deferredInstall) {
    deferredInstall.prompt();
    await deferredInstall.userChoice;
    deferredInstall = null;
    installBanner().hidden = true;
  } else if (action === "dismiss-install") {
    localStorage.setItem("install-dismissed", "1");
    installBanner().hidden = true;
  }
});

// After logout the pages cached for offline use (they hold personal data) are deleted.
function forgetPagesAfterLogout() {
  if (document.querySelector("[data-forget-pages]")) {
    navigator.serviceWorker?.controller?.postMessage({ type: "FORGET_PAGES" });
  }
}

// A boosted navigation swaps only the body: load the stylesheets and scripts the new page's <head> names
// (e.g. the map on the Kita pages) that this document does not have yet, in their order.
document.addEventListener("htmx:beforeSwap", (event) => {
  const text = event.detail.serverResponse;
  if (!event.detail.boosted || typeof text !== "string" || !text.includes("<head")) return;
  const head = new DOMParser().parseFromString(text, "text/html").head;
  const present = new Set(
    [...document.querySelectorAll("link[rel=stylesheet][href], script[src]")].map(
      (e) => e.getAttribute("href") || e.getAttribute("src"),
    ),
  );
  for (const element of head.querySelectorAll("link[rel=stylesheet][href], script[src]")) {
    const url = element.getAttribute("href") || element.getAttribute("src");
    if (present.has(url)) continue;
    present.add(url);
    if (element.tagName === "LINK") {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = url;
      document.head.append(link);
    } else {
      const script = document.createElement("script");
      if (element.type) script.type = element.type;
      script.async = false; // classic scripts run in document order, like `defer`
      script.src = url;
      document.head.append(script);
    }
  }
});

// Logged in as a parent: merge the Merkliste kept on this device into the account (favourites.js), once
// per change of the device's list.
function syncFavourites() {
  const marker = document.querySelector("[data-favourites-sync][data-account]");
  if (!marker) return;
  const { tenant, account, module } = marker.dataset;
  let ids = [];
  try {
    ids = (JSON.parse(localStorage.getItem(`merkliste:${tenant}`) || "[]") || []).map((i) => i.id);
  } catch {
    ids = [];
  }
  const expected = `${account}:${ids.sort((a, b) => a - b).join(",")}`;
  if (localStorage.getItem(`merkliste:${tenant}:abgeglichen`) === expected) return;
  import(module)
    .then((favourites) => favourites.sync(marker))
    .catch((error) => console.warn("Merkliste not merged", error));
}

// After a boosted navigation htmx swaps the body: move focus like a page load would.
document.addEventListener("htmx:afterSettle", (event) => {
  if (event.detail.boosted) {
    const summary = document.querySelector("[data-autofocus]");
    (summary || document.getElementById("inhalt"))?.focus();
  }
  forgetPagesAfterLogout();
  syncFavourites();
});

focusErrorSummary();
forgetPagesAfterLogout();
syncFavourites();
registerServiceWorker().catch((error) => console.warn("Service worker not registered", error));
