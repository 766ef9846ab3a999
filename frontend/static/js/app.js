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

// After a boosted navigation htmx swaps the body: move focus like a page load would.
document.addEventListener("htmx:afterSettle", (event) => {
  if (event.detail.boosted) {
    const summary = document.querySelector("[data-autofocus]");
    (summary || document.getElementById("inhalt"))?.focus();
  }
  forgetPagesAfterLogout();
});

focusErrorSummary();
forgetPagesAfterLogout();
registerServiceWorker().catch((error) => console.warn("Service worker not registered", error));
