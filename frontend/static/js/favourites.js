// The Merkliste on this device (localStorage, per tenant): works logged out and offline. Logged in, the
// account keeps it too: after login the device's list is merged into the account (POST …/merkliste/abgleich)
// and the device then holds the account's list. Every facility put on the list has its page cached by the
// service worker, so the Merkliste and those pages open without a network.

const listKey = (tenant) => `merkliste:${tenant}`;
const syncKey = (tenant) => `merkliste:${tenant}:abgeglichen`;

export function load(tenant) {
  try {
    const items = JSON.parse(localStorage.getItem(listKey(tenant)) || "[]");
    return Array.isArray(items) ? items.filter((i) => i && Number.isInteger(i.id)) : [];
  } catch {
    return [];
  }
}

function save(tenant, items) {
  localStorage.setItem(listKey(tenant), JSON.stringify(items));
}

export function has(tenant, id) {
  return load(tenant).some((i) => i.id === id);
}

function put(tenant, item) {
  const items = load(tenant).filter((i) => i.id !== item.id);
  items.push({ ...item, added: item.added || new Date().toISOString() });
  save(tenant, items);
}

function drop(tenant, id) {
  save(
    tenant,
    load(tenant).filter((i) => i.id !== id),
  );
}

function itemFrom(element) {
  const d = element.dataset;
  return { id: Number(d.id), name: d.name, kind: d.kind || "", address: d.address || "", district: d.district || "", url: d.url };
}

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["x-csrftoken"] || "";
  } catch {
    return "";
  }
}

// Ask the service worker to fetch and keep these pages (and the assets this page uses) for offline use.
export async function cacheForOffline(urls) {
  if (!("serviceWorker" in navigator)) return;
  const registration = await navigator.serviceWorker.ready;
  const assets = [...document.querySelectorAll("link[rel=stylesheet][href], script[src]")]
    .map((e) => e.getAttribute("href") || e.getAttribute("src"))
    .filter((u) => u.startsWith("/") && u.includes("?v="));
  registration.active?.postMessage({ type: "CACHE_PAGES", urls, assets });
}

// --- after login: the device's list into the account ----------------------------------------------------
export function syncMarker(tenant, account, ids) {
  return `${account}:${[...ids].sort((a, b) => a - b).join(",")}`;
}

export async function sync(element) {
  const { tenant, account } = element.dataset;
  if (!tenant || !account) return false;
  const local = load(tenant);
  if (localStorage.getItem(syncKey(tenant)) === syncMarker(tenant, account, local.map((i) => i.id))) return "current";
  const response = await fetch(`/${tenant}/merkliste/abgleich`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrftoken": csrfToken() },
    body: JSON.stringify({ ids: local.map((i) => i.id) }),
    credentials: "same-origin",
  });
  if (!response.ok) return false;
  const data = await response.json();
  const added = new Map(local.map((i) => [i.id, i.added]));
  save(
    tenant,
    data.items.map((i) => ({ ...i, added: added.get(i.id) || new Date().toISOString() })),
  );
  localStorage.setItem(syncKey(tenant), syncMarker(tenant, account, data.ids));
  await cacheForOffline([...data.items.map((i) => i.url), `/${tenant}/merkliste`]);
  document.documentElement.dataset.favouritesSynced = "true";
  document.dispatchEvent(new CustomEvent("favourites:synced", { detail: data }));
  return "merged";
}

// --- the button on a facility's page --------------------------------------------------------------------
function tenantOf() {
  return document.querySelector("[data-favourites-sync]")?.dataset.tenant || location.pathname.split("/")[1];
}

function initButton(widget) {
  if (widget.dataset.favouriteReady) return;
  widget.dataset.favouriteReady = "true";
  const tenant = tenantOf();
  const item = itemFrom(widget);
  const serverState = widget.dataset.serverState; // "on" | "off" when logged in, else undefined
  const addForm = widget.querySelector("[data-favourite-add]");
  const removeForm = widget.querySelector("[data-favourite-remove]");
  const status = widget.querySelector("[data-favourite-status]");
  const show = (onList) => {
    addForm.hidden = onList;
    removeForm.hidden = !onList;
  };
  if (serverState === undefined) {
    show(has(tenant, item.id));
  } else if (serverState === "on" && !has(tenant, item.id)) {
    put(tenant, item); // on the account's list: keep it on the device too
  }

  const toServer = async (form) => {
    if (serverState === undefined) return true;
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "x-csrftoken": csrfToken() },
      credentials: "same-origin",
      redirect: "manual",
    });
    return response.ok || response.type === "opaqueredirect";
  };

  addForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    put(tenant, item);
    show(true);
    let stored = true;
    try {
      stored = await toServer(addForm);
    } catch {
      stored = false; // offline: the device keeps it; the next page online merges it into the account
    }
    status.textContent = stored
      ? "Zur Merkliste hinzugefügt. Sie können diese Seite jetzt auch ohne Netz öffnen."
      : "Auf diesem Gerät gemerkt. Ins Konto übernehmen wir es, sobald Sie wieder online sind.";
    removeForm.querySelector("button")?.focus();
    await cacheForOffline([item.url, `/${tenant}/merkliste`]).catch(() => {});
  });

  removeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    let stored = true;
    try {
      stored = await toServer(removeForm);
    } catch {
      stored = false;
    }
    if (!stored) {
      status.textContent = "Ohne Netz können wir die Einrichtung nicht aus Ihrem Konto entfernen. Bitte versuchen Sie es später noch einmal.";
      return;
    }
    drop(tenant, item.id);
    show(false);
    status.textContent = "Von der Merkliste entfernt.";
    addForm.querySelector("button")?.focus();
    await cacheForOffline([`/${tenant}/merkliste`]).catch(() => {});
  });
}

// --- the Merkliste page -----------------------------------------------------------------------------------
function renderDeviceList(form) {
  const tenant = tenantOf();
  const items = load(tenant);
  const list = form.querySelector("[data-favourite-items]");
  const template = document.querySelector("[data-favourite-template]");
  const empty = document.querySelector("[data-favourites-empty]");
  list.replaceChildren();
  for (const item of items) {
    const node = template.content.firstElementChild.cloneNode(true);
    const slot = (name) => node.querySelector(`[data-slot="${name}"]`);
    node.dataset.id = String(item.id);
    slot("link").href = item.url;
    slot("link").textContent = item.name;
    slot("facts").textContent = [item.kind, item.address].filter(Boolean).join(" · ");
    const id = `vergleich-${item.id}`;
    slot("checkbox").id = id;
    slot("checkbox").value = String(item.id);
    slot("label").htmlFor = id;
    slot("label").textContent = `${item.name} vergleichen`;
    slot("remove").setAttribute("aria-label", `Entfernen: ${item.name}`);
    slot("remove").addEventListener("click", () => {
      drop(tenant, item.id);
      renderDeviceList(form);
      document.querySelector("h1")?.focus?.();
    });
    list.append(node);
  }
  form.hidden = items.length === 0;
  if (empty) empty.hidden = items.length !== 0;
  document.querySelector("[data-no-script-notice]")?.setAttribute("hidden", "");
}

async function initList(form) {
  if (form.dataset.favouriteReady) return;
  form.dataset.favouriteReady = "true";
  const tenant = tenantOf();
  if (form.dataset.favouriteList === "device") {
    renderDeviceList(form);
    return;
  }
  for (const remove of document.querySelectorAll("[data-favourite-remove-item]")) {
    remove.addEventListener("submit", () => drop(tenant, Number(remove.dataset.favouriteRemoveItem)));
  }
  // Logged in, the account's list counts; the device keeps the same for offline use. Items the device
  // gathered since the last merge go into the account first (sync answers the account's whole list).
  const account = document.querySelector("[data-favourites-sync][data-account]");
  if (!account || (await sync(account).catch(() => false)) !== "current") return;
  const items = [...form.querySelectorAll("[data-id]")].map(itemFrom);
  const added = new Map(load(tenant).map((i) => [i.id, i.added]));
  save(
    tenant,
    items.map((i) => ({ ...i, added: added.get(i.id) || new Date().toISOString() })),
  );
  localStorage.setItem(syncKey(tenant), syncMarker(tenant, account.dataset.account, items.map((i) => i.id)));
  cacheForOffline([...items.map((i) => i.url), `/${tenant}/merkliste`]).catch(() => {});
}

function init() {
  document.querySelectorAll("[data-favourite]").forEach(initButton);
  document.querySelectorAll("[data-favourite-list]").forEach(initList);
}

document.addEventListener("htmx:afterSettle", init);
document.addEventListener("favourites:synced", () => {
  document.querySelectorAll("[data-favourite-list=device]").forEach(renderDeviceList);
});
init();
