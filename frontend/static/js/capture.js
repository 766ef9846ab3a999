// Proof capture: photograph or pick pages, make them small in the browser (compress.js), keep them in
// IndexedDB with the draft and upload them from an outbox - with progress, retries with backoff and an
// idempotency key per page, so a page is stored once however often it is sent. A page shows as uploaded
// only after the server confirmed it. Without this file the widget's plain upload button works.
// A widget of a draft uploads to the draft's slot; another holder (a document request of a case) names
// its slot's URL in `data-upload-url`, which each page keeps, so the outbox can send it from any page.
// A form with `data-proof-wait` is held back while its widgets still have pages to upload.

const RETRY_MAX_MS = 60_000;
let modules = null;
let retryDelay = 2_000;
let retryTimer = null;
let running = false;
let again = false; // pages were added while the outbox was sending: it looks once more before it stops
const previews = new Map();

async function load() {
  if (modules) return modules;
  const source = document.getElementById("portal-modules");
  if (!source) return null;
  const urls = JSON.parse(source.dataset.json);
  const [store, compress] = await Promise.all([import(urls.store), import(urls.compress)]);
  modules = { store, compress };
  return modules;
}

function csrfToken() {
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("portal_csrf="));
  return cookie ? decodeURIComponent(cookie.slice("portal_csrf=".length)) : "";
}

function newId() {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

function draftOf(widget) {
  const match = /\/antraege\/[a-z0-9_]+\/([0-9a-f-]{36})(?:\/|$)/.exec(location.pathname);
  return match ? match[1] : widget.dataset.draft;
}

// Status changes of pages are announced to screen readers (the list itself is not a live region).
function announce(widget, text) {
  const live = widget?.querySelector("[data-proof-live]");
  if (live) live.textContent = text;
}

function problem(widget, text) {
  const box = widget.querySelector("[data-proof-problem]");
  box.textContent = text || "";
  box.hidden = !text;
}

function kb(bytes) {
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

// --- showing the pages ---------------------------------------------------------------------------------
const STATE_TEXT = {
  pending: "Wartet auf Verbindung",
  uploading: "Wird hochgeladen",
  uploaded: "Hochgeladen",
  rejected: "Abgelehnt",
};

function localItem(widget, page, number) {
  const li = document.createElement("li");
  li.className = "proof__page";
  li.dataset.localPage = page.id;
  const img = document.createElement("img");
  img.className = "proof__thumb";
  img.width = 96;
  img.height = 128;
  img.alt = `Seite ${number}`;
  if (page.mime.startsWith("image/") && !["image/heic", "image/heif"].includes(page.mime)) {
    if (!previews.has(page.id)) previews.set(page.id, URL.createObjectURL(page.blob));
    img.src = previews.get(page.id);
  } else {
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 128"><rect width="96" height="128" fill="#f3f2f1"/><text x="48" y="70" font-size="20" text-anchor="middle" fill="#505a5f">PDF</text></svg>',
    );
  }
  const meta = document.createElement("div");
  meta.className = "proof__meta";
  const name = document.createElement("p");
  name.className = "proof__name";
  name.textContent = `Seite ${number} (${kb(page.blob.size)})`;
  const state = document.createElement("p");
  state.className = "proof__state";
  const tag = document.createElement("strong");
  tag.className = `tag ${page.status === "uploaded" ? "tag--green" : page.status === "rejected" ? "tag--red" : "tag--yellow"}`;
  tag.textContent = STATE_TEXT[page.status] || page.status;
  state.append(tag);
  if (page.status === "uploading") {
    const progress = document.createElement("progress");
    progress.max = 100;
    progress.value = page.progress || 0;
    progress.setAttribute("aria-label", `Fortschritt Seite ${number}`);
    state.append(" ", progress);
  }
  if (page.message) {
    const why = document.createElement("span");
    why.className = "proof__why";
    why.textContent = ` ${page.message}`;
    state.append(why);
  }
  const actions = document.createElement("div");
  actions.className = "button-group proof__actions";
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "button button--warning button--small";
  remove.dataset.removeLocal = page.id;
  remove.append("Entfernen ");
  const hidden = document.createElement("span");
  hidden.className = "visually-hidden";
  hidden.textContent = `(Seite ${number})`;
  remove.append(hidden);
  if (page.status !== "uploading") actions.append(remove);
  meta.append(name, state, actions);
  li.append(img, meta);
  return li;
}

async function render(widget) {
  const { store } = modules;
  const list = widget.querySelector("[data-proof-pages]");
  const serverIds = new Set([...list.querySelectorAll("[data-server-page]")].map((li) => li.dataset.serverPage));
  const local = (await store.pagesOf(draftOf(widget), widget.dataset.proof)).sort((a, b) => a.createdAt - b.createdAt);
  for (const li of list.querySelectorAll("[data-local-page]")) li.remove();
  let number = serverIds.size;
  for (const page of local) {
    if (page.status === "uploaded" && page.serverId && serverIds.has(String(page.serverId))) {
      URL.revokeObjectURL(previews.get(page.id) || "");
      previews.delete(page.id);
      await store.deletePage(page.id); // the server's copy is on the page now
      continue;
    }
    number += 1;
    list.append(localItem(widget, page, number));
  }
  widget.querySelector("[data-proof-empty]").hidden = list.children.length > 0;
}

// --- taking pages ----------------------------------------------------------------------------------------
async function take(widget, files) {
  const { store, compress } = modules;
  const max = Number(widget.dataset.maxPages || 0);
  problem(widget, "");
  for (const file of files) {
    const count = widget.querySelectorAll("[data-proof-pages] > li").length;
    if (max && count >= max) {
      problem(widget, `Sie können höchstens ${max} Seiten hinzufügen.`);
      break;
    }
    let blob = file;
    let mime = file.type || "application/octet-stream";
    if (file.type !== "application/pdf") {
      const small = await compress.compressImage(file);
      if (small) {
        blob = small.blob;
        mime = "image/jpeg";
      }
      // Otherwise (e.g. HEIC, which most browsers cannot decode) the server converts the original.
    }
    const page = {
      id: newId(), // also the idempotency key of the upload
      draft: draftOf(widget),
      slot: widget.dataset.proof,
      tenant: widget.dataset.tenant,
      url: widget.dataset.uploadUrl || "",
      blob,
      mime,
      name: file.name || "foto.jpg",
      status: "pending",
      attempts: 0,
      createdAt: Date.now(),
    };
    try {
      await store.putPage(page);
    } catch (error) {
      problem(
        widget,
        store.isQuotaError(error)
          ? "Der Speicher Ihres Geräts ist voll. Bitte geben Sie Speicher frei (zum Beispiel alte Fotos) und versuchen Sie es noch einmal."
          : "Die Seite konnte auf diesem Gerät nicht gespeichert werden. Bitte versuchen Sie es noch einmal.",
      );
      break;
    }
    await render(widget);
  }
  upload();
}

// --- the outbox ------------------------------------------------------------------------------------------
function slotUrl(page) {
  return page.url || `/${page.tenant}/entwuerfe/${page.draft}/nachweise/${page.slot}`;
}

function send(page, onProgress) {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open("POST", slotUrl(page));
    request.setRequestHeader("Idempotency-Key", page.id);
    request.setRequestHeader("x-csrftoken", csrfToken());
    request.setRequestHeader("Accept", "application/json");
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(Math.round((100 * event.loaded) / event.total));
    request.onload = () => {
      let body = {};
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = {};
      }
      resolve({ status: request.status, body });
    };
    request.onerror = () => resolve({ status: 0, body: {} });
    request.ontimeout = () => resolve({ status: 0, body: {} });
    request.timeout = 120_000;
    const form = new FormData();
    form.append("datei", page.blob, page.mime === "image/jpeg" ? "seite.jpg" : page.name);
    request.send(form);
  });
}

async function deleteOnServer(page) {
  try {
    const response = await fetch(
      `${slotUrl(page)}/${page.serverId}/loeschen`,
      { method: "POST", headers: { "x-csrftoken": csrfToken(), Accept: "application/json" } },
    );
    return response.ok || response.status === 404; // 404: it is gone already
  } catch {
    return false;
  }
}

function scheduleRetry() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(upload, retryDelay);
  retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
}

function widgetFor(page) {
  return [...document.querySelectorAll("[data-proof]")].find(
    (w) => w.dataset.proof === page.slot && draftOf(w) === page.draft,
  );
}

async function upload() {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    if (!(await load())) return;
    do {
      again = false;
      if (!(await sendPending())) break; // stopped on a failure; a retry is scheduled
    } while (again);
  } finally {
    running = false;
  }
}

// One pass over the outbox, oldest page first. Each page is read afresh before it is sent: one removed
// meanwhile stays removed. Returns false when it stopped because sending failed (retried later).
async function sendPending() {
  const { store } = modules;
  const tried = new Set();
  for (;;) {
    const waiting = (await store.allPages()).filter(
      (p) => (p.status === "pending" || p.status === "uploading") && !tried.has(p.id),
    );
    if (!waiting.length) return true;
    const page = waiting.reduce((oldest, p) => (p.createdAt < oldest.createdAt ? p : oldest));
    tried.add(page.id);
    page.status = "uploading";
    page.progress = 0;
    await store.putPage(page);
    const widget = widgetFor(page);
    if (widget) await render(widget);
    const bar = () => widget?.querySelector(`[data-local-page="${page.id}"] progress`);
    const { status, body } = await send(page, (percent) => {
      if (bar()) bar().value = percent;
    });
    if (status === 200 || status === 201) {
      page.status = "uploaded";
      page.serverId = body.id;
      page.message = "";
      retryDelay = 2_000;
      announce(widget, `Seite hochgeladen (${page.name}).`);
    } else if (status === 0 || status >= 500 || status === 401 || (status === 404 && !page.url) || status === 429) {
      // Offline, the server busy, logged out, or the draft not yet on the server: try again later. (A
      // request's slot that answers 404 is closed and will not come back: the page is refused.)
      page.status = "pending";
      page.attempts += 1;
      await store.putPage(page);
      if (widget) await render(widget);
      scheduleRetry();
      return false;
    } else {
      page.status = "rejected";
      page.message = body.message || "Die Datei wurde nicht angenommen.";
      announce(widget, `Seite abgelehnt: ${page.message}`);
    }
    await store.putPage(page);
    if (widget) await render(widget);
  }
}

// --- wiring ---------------------------------------------------------------------------------------------
function wire(widget) {
  if (widget.dataset.wired) return;
  widget.dataset.wired = "1";
  const plainUpload = widget.querySelector("[data-no-js-upload]");
  if (plainUpload) plainUpload.hidden = true;
  for (const input of widget.querySelectorAll("[data-proof-input]")) {
    input.removeAttribute("name"); // the step's own form must not carry the files
    input.addEventListener("change", async () => {
      const files = [...input.files];
      input.value = "";
      if (files.length) await take(widget, files);
    });
  }
  widget.addEventListener("click", async (event) => {
    const target = event.target.closest("[data-remove-local]");
    if (!target) return;
    event.preventDefault();
    const id = target.dataset.removeLocal;
    const page = await modules.store.getPage(id);
    // A page the server already has is deleted there first; otherwise it would come back with the step.
    if (page?.status === "uploaded" && page.serverId && !(await deleteOnServer(page))) {
      problem(widget, "Die Seite konnte nicht gelöscht werden. Bitte versuchen Sie es noch einmal, wenn Sie wieder mit dem Internet verbunden sind.");
      return;
    }
    problem(widget, "");
    URL.revokeObjectURL(previews.get(id) || "");
    previews.delete(id);
    await modules.store.deletePage(id);
    await render(widget);
    widget.querySelector("h2").focus();
  });
  render(widget);
}

// A form that sends what was uploaded (e.g. "Unterlagen absenden") waits for its widgets' outbox; once
// it goes, the device's copies of the pages are deleted (the server has them).
async function localPages(form) {
  const { store } = modules;
  const found = [];
  for (const widget of form.querySelectorAll("[data-proof]")) {
    found.push(...(await store.pagesOf(draftOf(widget), widget.dataset.proof)));
  }
  return found;
}

async function unsent(form) {
  return (await localPages(form)).some((p) => p.status === "pending" || p.status === "uploading");
}

function holdBack(form) {
  if (form.dataset.waitWired) return;
  form.dataset.waitWired = "1";
  form.addEventListener("submit", async (event) => {
    const button = event.submitter;
    if (button && button.hasAttribute("formaction")) return; // a page action of a widget
    if (form.dataset.checked === "1") {
      delete form.dataset.checked;
      return;
    }
    event.preventDefault();
    const note = form.querySelector("[data-proof-wait-message]");
    if (await unsent(form)) {
      if (note) {
        note.hidden = false;
        note.focus();
      }
      upload();
      return;
    }
    if (note) note.hidden = true;
    for (const page of await localPages(form)) await modules.store.deletePage(page.id);
    form.dataset.checked = "1";
    form.requestSubmit(button || undefined);
  });
}

async function init() {
  const widgets = document.querySelectorAll("[data-proof]");
  if (!(await load().catch(() => null))) return;
  for (const widget of widgets) wire(widget);
  for (const form of document.querySelectorAll("form[data-proof-wait]")) holdBack(form);
  upload();
}

window.addEventListener("online", () => {
  retryDelay = 2_000;
  upload();
});
document.addEventListener("htmx:afterSettle", (event) => {
  if (event.detail.boosted) init();
});
init();
