// Drafts that never get lost: every change is written to IndexedDB at once and synced to the server with
// PUT /<tenant>/entwuerfe/<uuid> carrying the version it is based on. Offline, the parent keeps working
// (step pages come from the service worker), and the draft syncs by itself when the connection returns.
// A conflict between two devices is shown with both versions; the parent chooses. Submitting offline
// queues the submission; it is sent (idempotently, by the draft's UUID) when the connection is back.
// Every form also works without this file.

const TEMPLATE_UUID = "00000000-0000-0000-0000-000000000000";
const UUID_IN_PATH = /\/antraege\/[a-z0-9_]+\/([0-9a-f-]{36})(?:\/|$)/;
const SAVE_DELAY_MS = 300;
const RETRY_MAX_MS = 60_000;

let modules = null;
let retryDelay = 2_000;
let retryTimer = null;
const inFlight = new Map();

async function load() {
  if (modules) return modules;
  const source = document.getElementById("portal-modules");
  if (!source) return null;
  const urls = JSON.parse(source.dataset.json);
  const [store, conditions] = await Promise.all([import(urls.store), import(urls.conditions)]);
  modules = { store, conditions };
  return modules;
}

function identity() {
  const marker = document.querySelector("[data-favourites-sync][data-account]");
  return marker ? { tenant: marker.dataset.tenant, account: String(marker.dataset.account) } : null;
}

function csrfToken() {
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("portal_csrf="));
  if (cookie) return decodeURIComponent(cookie.slice("portal_csrf=".length));
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["x-csrftoken"] || "";
  } catch {
    return "";
  }
}

function newUuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// --- the status line and problems ------------------------------------------------------------------
const TEXT = {
  saved: "Gespeichert",
  syncing: "Wird gespeichert …",
  pending: "Auf diesem Gerät gespeichert – wird übertragen",
  offline: "Offline – auf diesem Gerät gespeichert. Wird übertragen, sobald Sie wieder online sind.",
  queued: "Offline – Ihr Antrag wird abgeschickt, sobald Sie wieder online sind.",
  conflict: "Auf einem anderen Gerät geändert – bitte wählen Sie eine Version",
  error: "Nicht übertragen – wir versuchen es weiter",
};

function setStatus(state) {
  for (const element of document.querySelectorAll("[data-draft-status]")) {
    element.hidden = false;
    element.dataset.state = state;
    element.textContent = TEXT[state] || state;
  }
}

function showProblem(title, build) {
  const box = document.querySelector("[data-draft-problem]");
  if (!box) return;
  box.querySelector("[data-draft-problem-title]").textContent = title;
  const body = box.querySelector("[data-draft-problem-body]");
  body.replaceChildren();
  build(body);
  box.hidden = false;
  box.focus();
}

function hideProblem() {
  const box = document.querySelector("[data-draft-problem]");
  if (box) box.hidden = true;
}

function paragraph(text) {
  const p = document.createElement("p");
  p.textContent = text;
  return p;
}

function button(text, secondary, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = secondary ? "button button--secondary" : "button";
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

function link(text, href) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

// --- values in the form ----------------------------------------------------------------------------
function stepFields(data, stepId) {
  const step = data.definition.steps.find((s) => s.id === stepId);
  return step ? step.fields : [];
}

function belongs(name, fields) {
  return fields.some((f) => name === f.id || name.startsWith(`${f.id}-`));
}

function listKeys(fields) {
  const keys = new Set();
  for (const f of fields) {
    if (f.type === "multichoice" || f.type === "facility_ranking") {
      keys.add(f.id);
      keys.add(`${f.id}-sibling`);
    }
  }
  return keys;
}

function collect(form, fields) {
  const values = {};
  const many = listKeys(fields);
  for (const key of many) if ([...form.elements].some((e) => e.name === key)) values[key] = [];
  for (const element of form.elements) {
    const name = element.name;
    if (!name || name.startsWith("_") || !belongs(name, fields) || element.disabled) continue;
    if ((element.type === "checkbox" || element.type === "radio") && !element.checked) continue;
    if (element.type === "submit" || element.type === "button") continue;
    const value = element.value.trim();
    if (many.has(name)) values[name].push(value);
    else values[name] = value;
  }
  return values;
}

function merge(current, fields, posted, stepId) {
  const merged = { ...current };
  for (const key of Object.keys(merged)) if (belongs(key, fields)) delete merged[key];
  Object.assign(merged, posted);
  const seen = Array.isArray(merged._steps) ? merged._steps : [];
  if (stepId && !seen.includes(stepId)) merged._steps = [...seen, stepId];
  return merged;
}

function overlay(form, values, fields, data) {
  for (const element of form.elements) {
    const name = element.name;
    if (!name || name.startsWith("_") || !belongs(name, fields)) continue;
    const value = values[name];
    if (element.type === "checkbox" || element.type === "radio") {
      element.checked = Array.isArray(value) ? value.includes(element.value) : value === element.value;
    } else if (element.type !== "hidden") {
      element.value = Array.isArray(value) ? value[0] || "" : value || "";
    }
  }
  for (const widget of form.querySelectorAll("[data-ranking]")) rebuildRanking(widget, values, data);
}

// --- the ranking widget ----------------------------------------------------------------------------
function rankingItem(widget, id, info) {
  const template = widget.querySelector("template[data-ranking-template]");
  const item = template.content.firstElementChild.cloneNode(true);
  const field = widget.dataset.ranking;
  item.dataset.facility = id;
  item.querySelector(`input[type=hidden]`).value = id;
  const box = item.querySelector("input[type=checkbox]");
  box.value = id;
  box.id = `${field}-sibling-${id}`;
  item.querySelector("label").htmlFor = box.id;
  for (const name of item.querySelectorAll("[data-name]")) name.textContent = info.name;
  const district = item.querySelector("[data-district]");
  if (district) district.textContent = info.district ? `(${info.district})` : "";
  for (const b of item.querySelectorAll("button[data-rank-action]")) b.value = `${b.dataset.rankAction}:${id}`;
  return item;
}

function rebuildRanking(widget, values, data) {
  const field = widget.dataset.ranking;
  const ids = Array.isArray(values[field]) ? values[field] : values[field] ? [values[field]] : [];
  const siblings = values[`${field}-sibling`] || [];
  const list = widget.querySelector("[data-ranking-list]");
  const existing = new Map([...list.children].map((li) => [li.dataset.facility, li]));
  const known = { ...(data.facilities || {}) };
  for (const b of widget.querySelectorAll("button[data-rank-action=add]")) {
    known[b.dataset.facility] = { name: b.dataset.name, district: b.dataset.district };
  }
  list.replaceChildren(
    ...ids
      .filter((id) => existing.has(id) || known[id])
      .map((id) => existing.get(id) || rankingItem(widget, id, known[id])),
  );
  for (const box of list.querySelectorAll("input[type=checkbox]")) box.checked = siblings.includes(box.value);
  refreshRanking(widget);
}

function refreshRanking(widget) {
  const list = widget.querySelector("[data-ranking-list]");
  const chosen = new Set([...list.children].map((li) => li.dataset.facility));
  widget.querySelector("[data-ranking-empty]").hidden = chosen.size > 0;
  for (const li of widget.querySelectorAll(".ranking__choices li[data-facility]")) li.hidden = chosen.has(li.dataset.facility);
  const max = Number(widget.dataset.max || 0);
  for (const b of widget.querySelectorAll("button[data-rank-action=add]")) b.disabled = max > 0 && chosen.size >= max;
}

function rankingAction(widget, buttonElement) {
  const list = widget.querySelector("[data-ranking-list]");
  const action = buttonElement.dataset.rankAction;
  const item = buttonElement.closest("li");
  if (action === "add") {
    const id = buttonElement.dataset.facility;
    if (![...list.children].some((li) => li.dataset.facility === id)) {
      list.append(rankingItem(widget, id, { name: buttonElement.dataset.name, district: buttonElement.dataset.district }));
    }
    refreshRanking(widget);
    list.lastElementChild?.querySelector("button[data-rank-action=up]")?.focus();
    return;
  }
  if (action === "up" && item.previousElementSibling) item.previousElementSibling.before(item);
  if (action === "down" && item.nextElementSibling) item.nextElementSibling.after(item);
  if (action === "remove") {
    const next = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    refreshRanking(widget);
    (next?.querySelector("button[data-rank-action=remove]") || widget.querySelector("h2"))?.focus();
    return;
  }
  buttonElement.focus();
}

// --- showing what applies ------------------------------------------------------------------------
function updateVisibility(page, values) {
  const { conditions } = modules;
  const { data } = page;
  const facts = data.facts;
  if (page.form) {
    const visible = conditions.visibleFields(data.definition, values, facts, data.step);
    for (const element of page.form.querySelectorAll("[data-field]")) {
      if (element.dataset.field in visible) element.hidden = !visible[element.dataset.field];
    }
  }
  const steps = new Set(conditions.visibleSteps(data.definition, values, facts));
  for (const item of document.querySelectorAll("[data-step-item]")) item.hidden = !steps.has(item.dataset.stepItem);
}

// --- syncing -------------------------------------------------------------------------------------
function freshRecord(data, who, values, version, dirty) {
  return {
    uuid: data.uuid,
    tenant: who.tenant,
    account: who.account,
    service: data.service,
    values,
    baseVersion: version,
    dirty,
    rev: 0,
    updatedAt: Date.now(),
  };
}

async function save(record) {
  try {
    await modules.store.putDraft(record);
    return true;
  } catch (error) {
    if (modules.store.isQuotaError(error)) {
      showProblem("Der Speicher Ihres Geräts ist voll", (body) =>
        body.append(
          paragraph(
            "Ihre letzte Änderung konnte auf diesem Gerät nicht gespeichert werden. Bitte geben Sie Speicher frei " +
              "(zum Beispiel alte Fotos oder Apps) oder gehen Sie online, damit der Entwurf übertragen wird.",
          ),
        ),
      );
    }
    return false;
  }
}

function scheduleRetry() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => syncAll(), retryDelay);
  retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
}

async function request(method, url, body) {
  return fetch(url, {
    method,
    credentials: "same-origin",
    headers: { "content-type": "application/json", "x-csrftoken": csrfToken(), accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

// One sync per draft at a time; the result names what happened.
function sync(uuid, page) {
  if (inFlight.has(uuid)) return inFlight.get(uuid).then(() => sync(uuid, page));
  const run = syncOnce(uuid, page).finally(() => inFlight.delete(uuid));
  inFlight.set(uuid, run);
  return run;
}

async function syncOnce(uuid, page) {
  let record = await modules.store.getDraft(uuid);
  if (!record) return "ok";
  if (record.pendingSubmit) return submitQueued(record, page);
  if (!record.dirty) {
    if (page) setStatus("saved");
    return "ok";
  }
  if (record.conflict) return "conflict";
  const rev = record.rev;
  if (page) setStatus("syncing");
  let response;
  try {
    response = await request("PUT", `/${record.tenant}/entwuerfe/${uuid}`, {
      service: record.service,
      version: record.baseVersion,
      values: record.values,
    });
  } catch {
    if (page) setStatus("offline");
    scheduleRetry();
    return "offline";
  }
  const answer = await response.json().catch(() => ({}));
  record = (await modules.store.getDraft(uuid)) || record;
  if (response.ok) {
    retryDelay = 2_000;
    record.baseVersion = answer.version;
    if (record.rev === rev) record.dirty = false;
    await save(record);
    if (page) {
      setStatus(record.dirty ? "pending" : "saved");
      for (const input of document.querySelectorAll("[data-draft-version]")) input.value = String(record.baseVersion);
    }
    // Changed while this request was under way: send again within this run (going through sync() here
    // would wait for this very run and never finish).
    return record.dirty ? syncOnce(uuid, page) : "ok";
  }
  if (response.status === 409 && answer.status === "conflict") {
    record.conflict = { version: answer.version, values: answer.values };
    await save(record);
    if (page) showConflict(record, page);
    return "conflict";
  }
  if (response.status === 409 && answer.status === "submitted") {
    await modules.store.deleteDraft(uuid);
    if (page) {
      showProblem("Dieser Antrag ist bereits eingereicht", (body) => {
        body.append(paragraph(`Aktenzeichen ${answer.reference}.`), link("Stand der Bearbeitung ansehen", answer.url));
      });
    }
    return "submitted";
  }
  if (response.status === 410) {
    if (page) showGone(record, page);
    return "gone";
  }
  if (response.status === 401 || response.status === 403) {
    if (page) showLogin();
    return "auth";
  }
  if (page) setStatus("error");
  scheduleRetry();
  return "error";
}

function showLogin() {
  setStatus("pending");
  showProblem("Bitte melden Sie sich erneut an", (body) => {
    body.append(
      paragraph("Ihre Sitzung ist abgelaufen. Ihre Eingaben sind auf diesem Gerät gespeichert und werden übertragen, sobald Sie angemeldet sind."),
      link("Anmelden", `/${identity()?.tenant}/anmelden?weiter=${encodeURIComponent(location.pathname)}`),
    );
  });
}

async function showConflict(record, page) {
  setStatus("conflict");
  let comparison = null;
  try {
    const response = await fetch(`/${record.tenant}/entwuerfe/${record.uuid}/vergleich`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrftoken": csrfToken(), "hx-request": "true" },
      body: JSON.stringify({ values: record.values }),
    });
    if (response.ok) comparison = await response.text();
  } catch {
    comparison = null;
  }
  showProblem("Dieser Entwurf wurde auf einem anderen Gerät geändert", (body) => {
    body.append(paragraph("Nichts ist verloren. Wählen Sie, welche Version gelten soll."));
    if (comparison) {
      const holder = document.createElement("div");
      holder.innerHTML = comparison; // server-rendered and escaped
      body.append(holder);
    }
    const group = document.createElement("div");
    group.className = "button-group";
    group.append(
      button("Meine Version behalten", false, async () => {
        const latest = await modules.store.getDraft(record.uuid);
        latest.baseVersion = latest.conflict.version;
        delete latest.conflict;
        latest.dirty = true;
        await save(latest);
        hideProblem();
        await sync(record.uuid, page);
        location.reload();
      }),
      button("Version vom anderen Gerät übernehmen", true, async () => {
        // The form still shows this device's answers: they must not be saved again (on pagehide) over
        // the version taken here.
        page.replaced = true;
        const latest = await modules.store.getDraft(record.uuid);
        latest.values = latest.conflict.values;
        latest.baseVersion = latest.conflict.version;
        latest.dirty = false;
        delete latest.conflict;
        await save(latest);
        location.reload();
      }),
    );
    body.append(group);
  });
}

function showGone(record, page) {
  setStatus("error");
  showProblem("Dieser Entwurf ist auf dem Server nicht mehr vorhanden", (body) => {
    body.append(paragraph("Er wurde auf einem anderen Gerät gelöscht oder ist abgelaufen. Ihre Eingaben auf diesem Gerät sind noch da."));
    const group = document.createElement("div");
    group.className = "button-group";
    group.append(
      button("Als neuen Entwurf speichern", false, async () => {
        const latest = await modules.store.getDraft(record.uuid);
        latest.baseVersion = 0;
        latest.dirty = true;
        await save(latest);
        hideProblem();
        await sync(record.uuid, page);
      }),
      button("Verwerfen", true, async () => {
        await modules.store.deleteDraft(record.uuid);
        location.assign(`/${record.tenant}/uebersicht`);
      }),
    );
    body.append(group);
  });
}

async function submitQueued(record, page) {
  let response;
  try {
    response = await request("POST", `/${record.tenant}/entwuerfe/${record.uuid}/einreichen`, record.pendingSubmit);
  } catch {
    if (page) setStatus("queued");
    scheduleRetry();
    return "offline";
  }
  const answer = await response.json().catch(() => ({}));
  if (response.ok) {
    await modules.store.deleteDraft(record.uuid);
    announceSubmitted(answer);
    return "submitted";
  }
  if (response.status === 401 || response.status === 403) {
    showLogin();
    return "auth";
  }
  const latest = (await modules.store.getDraft(record.uuid)) || record;
  delete latest.pendingSubmit;
  await save(latest);
  showProblem("Ihr Antrag konnte nicht abgeschickt werden", (body) => {
    body.append(paragraph("Bitte prüfen Sie Ihre Angaben und senden Sie den Antrag noch einmal ab."));
    if (answer.check_url) body.append(link("Angaben prüfen", answer.check_url));
  });
  return "error";
}

function announceSubmitted(answer) {
  if (document.querySelector("[data-submit-form]")) {
    location.assign(answer.url);
    return;
  }
  showProblem("Ihr Antrag ist abgeschickt", (body) => {
    body.append(paragraph(`Aktenzeichen ${answer.reference}.`), link("Eingangsbestätigung ansehen", answer.url));
  });
}

async function syncAll() {
  const who = identity();
  if (!who || !(await load())) return;
  let records = [];
  try {
    records = await modules.store.draftsOf(who.tenant, who.account);
  } catch {
    return;
  }
  const current = currentPage?.data?.uuid;
  for (const record of records) {
    if (record.dirty || record.pendingSubmit) await sync(record.uuid, record.uuid === current ? currentPage : null);
  }
}

// --- a draft's pages -------------------------------------------------------------------------------
let currentPage = null;

function uuidFromPath() {
  const match = UUID_IN_PATH.exec(location.pathname);
  return match ? match[1] : null;
}

function rewriteTemplate(uuid) {
  for (const element of document.querySelectorAll("[href*='" + TEMPLATE_UUID + "'], [action*='" + TEMPLATE_UUID + "']")) {
    for (const attribute of ["href", "action"]) {
      const value = element.getAttribute(attribute);
      if (value && value.includes(TEMPLATE_UUID)) element.setAttribute(attribute, value.replaceAll(TEMPLATE_UUID, uuid));
    }
  }
}

async function initDraftPage(source) {
  const who = identity();
  if (!who) return;
  const data = JSON.parse(source.dataset.json);
  const fromPath = uuidFromPath();
  if (data.template && fromPath && fromPath !== TEMPLATE_UUID) {
    data.uuid = fromPath;
    rewriteTemplate(fromPath);
  }
  if (data.uuid === TEMPLATE_UUID) return; // the blank template itself, opened directly
  let record = await modules.store.getDraft(data.uuid).catch(() => null);
  if (record && (record.tenant !== who.tenant || record.account !== who.account)) record = null;
  const form = document.querySelector("[data-draft-form]");
  const fields = stepFields(data, data.step);
  const page = { data, form, fields };
  currentPage = page;
  if (!data.template && (!record || (!record.dirty && !record.pendingSubmit && data.version >= record.baseVersion))) {
    record = freshRecord(data, who, data.values, data.version, false);
    await save(record);
  } else if (!record) {
    record = freshRecord(data, who, data.values, 0, true);
    await save(record);
  } else if (form) {
    overlay(form, record.values, fields, data);
    // Widgets with their own scripts (e.g. the Elterngeld planner) recompute from the restored values.
    form.dispatchEvent(new CustomEvent("drafts:restored", { bubbles: true }));
  }
  if (form) {
    for (const widget of form.querySelectorAll("[data-ranking]")) refreshRanking(widget);
    wireForm(page);
  }
  updateVisibility(page, record.values);
  if (!data.template) cacheForOffline(data.offline, data.offline_tag);
  if (record.conflict) showConflict(record, page);
  const stale = data.step === "pruefen" && (record.dirty || record.baseVersion !== data.version);
  const result = await sync(data.uuid, page);
  if (stale && result === "ok") location.reload(); // the answers shown were older than the device's
  else if (stale) markCheckStale();
  wireSubmit(page);
}

function markCheckStale() {
  const submit = document.querySelector("[data-submit]");
  if (submit) submit.disabled = true;
  showProblem("Noch nicht übertragene Änderungen", (body) =>
    body.append(
      paragraph("Sie haben auf diesem Gerät Angaben geändert, die noch nicht übertragen sind. Prüfen und absenden können Sie, sobald Sie wieder online sind."),
    ),
  );
}

function wireForm(page) {
  const { form, fields, data } = page;
  if (form.dataset.wired) return;
  form.dataset.wired = "1";
  let timer = null;
  const saveSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => saveForm(page).then(() => sync(data.uuid, page)), SAVE_DELAY_MS);
  };
  form.addEventListener("input", saveSoon);
  form.addEventListener("change", saveSoon);
  form.addEventListener("click", (event) => {
    const target = event.target.closest("button[data-rank-action]");
    if (!target) return;
    event.preventDefault();
    rankingAction(target.closest("[data-ranking]"), target);
    saveSoon();
  });
  window.addEventListener("pagehide", () => {
    clearTimeout(timer);
    saveForm(page);
  });
  form.addEventListener("submit", async (event) => {
    if (form.dataset.sending) return;
    event.preventDefault();
    clearTimeout(timer);
    const submitter = event.submitter;
    const action = submitter?.value || "continue";
    const record = await saveForm(page, true);
    if (!record) return;
    const result = await sync(data.uuid, page);
    if (result === "ok") {
      nativeSubmit(form, submitter);
    } else if (result === "offline") {
      if (action === "search") {
        for (const hint of form.querySelectorAll("[data-offline-only]")) hint.hidden = false;
        return;
      }
      location.assign(offlineTarget(page, record, action));
    }
  });
}

function nativeSubmit(form, submitter) {
  form.dataset.sending = "1";
  if (submitter?.name) {
    const hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = submitter.name;
    hidden.value = submitter.value;
    form.append(hidden);
  }
  HTMLFormElement.prototype.submit.call(form);
}

function offlineTarget(page, record, action) {
  const { data } = page;
  const base = `/${data.tenant}/antraege/${data.service}/${data.uuid}`;
  if (action === "save_exit") return `/${data.tenant}/uebersicht`;
  if (page.form.querySelector("input[name=_return][value=pruefen]")) return `${base}/`;
  const next = modules.conditions.nextStep(data.definition, record.values, data.facts, data.step);
  return next ? `${base}/${next}` : `${base}/`;
}

async function saveForm(page, visited = false) {
  const { form, fields, data } = page;
  if (page.replaced) return null;
  const record = await modules.store.getDraft(data.uuid);
  if (!record) return null;
  const values = merge(record.values, fields, collect(form, fields), visited ? data.step : null);
  if (JSON.stringify(values) === JSON.stringify(record.values)) return record;
  record.values = values;
  record.dirty = true;
  record.rev = (record.rev || 0) + 1;
  record.updatedAt = Date.now();
  updateVisibility(page, values);
  setStatus("pending");
  return (await save(record)) ? record : null;
}

// The check page: submitting goes through the drafts API, so a submission made offline is queued.
function wireSubmit(page) {
  const form = document.querySelector("[data-submit-form]");
  if (!form || form.dataset.wired) return;
  form.dataset.wired = "1";
  form.addEventListener("submit", async (event) => {
    if (form.dataset.sending) return;
    event.preventDefault();
    // A double tap submits twice before anything is awaited: only the first one is sent (or queued).
    if (form.dataset.submitting) return;
    form.dataset.submitting = "1";
    const submit = form.querySelector("[data-submit]");
    if (submit) submit.disabled = true;
    const declarations = [...form.querySelectorAll("input[name^=decl-]:checked")].map((i) => i.name.slice(5));
    const record = await modules.store.getDraft(page.data.uuid);
    const body = { version: Number(form.querySelector("[data-draft-version]").value), declarations };
    let response;
    try {
      response = await request("POST", `/${page.data.tenant}/entwuerfe/${page.data.uuid}/einreichen`, body);
    } catch {
      if (record) {
        record.pendingSubmit = body;
        await save(record);
      }
      setStatus("queued");
      showProblem("Ihr Antrag wird abgeschickt, sobald Sie wieder online sind", (box) =>
        box.append(paragraph("Sie können diese Seite schließen. Das Portal schickt den Antrag ab, wenn Sie das nächste Mal online sind.")),
      );
      scheduleRetry();
      return;
    }
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      await modules.store.deleteDraft(page.data.uuid);
      location.assign(answer.url);
      return;
    }
    // Missing declarations, errors or a conflict: let the server render the page with its messages.
    nativeSubmitPlain(form);
  });
}

function nativeSubmitPlain(form) {
  form.dataset.sending = "1";
  HTMLFormElement.prototype.submit.call(form);
}

// --- other pages ---------------------------------------------------------------------------------------
function wireStart(form) {
  if (form.dataset.wired) return;
  form.dataset.wired = "1";
  form.addEventListener("submit", (event) => {
    const uuid = newUuid();
    form.querySelector("[data-new-draft-id]").value = uuid;
    if (navigator.onLine !== false) return; // the server creates the draft with the household's data
    event.preventDefault();
    const tenant = identity()?.tenant;
    location.assign(`/${tenant}/antraege/${form.dataset.service}/${uuid}/${form.dataset.firstStep}`);
  });
}

async function listLocalDrafts(list) {
  const who = identity();
  const known = new Set((list.dataset.knownDrafts || "").split(" ").filter(Boolean));
  const records = await modules.store.draftsOf(who.tenant, who.account).catch(() => []);
  const template = document.querySelector("template[data-local-draft-template]");
  for (const record of records) {
    if (known.has(record.uuid)) continue;
    if (!record.dirty && !record.pendingSubmit) {
      // Not on the page's list: deleted or submitted elsewhere - or synced just after the page was made.
      // Ask the server before forgetting the device's copy.
      let status = 0;
      try {
        status = (await fetch(`/${record.tenant}/entwuerfe/${record.uuid}`, { credentials: "same-origin", headers: { accept: "application/json" } })).status;
      } catch {
        status = 0;
      }
      if (status === 404 || status === 409) await modules.store.deleteDraft(record.uuid);
      if (status !== 200) continue;
    }
    if (!template || list.querySelector(`[data-draft-item="${record.uuid}"]`)) continue;
    const item = template.content.firstElementChild.cloneNode(true);
    item.dataset.draftItem = record.uuid;
    const a = item.querySelector("[data-local-link]");
    a.href = `/${record.tenant}/antraege/${record.service}/${record.uuid}/`;
    a.textContent = document.querySelector(`[data-service-start="${record.service}"]`)?.textContent || record.service;
    list.append(item);
    const empty = document.querySelector("[data-no-drafts]");
    if (empty) empty.hidden = true;
  }
}

// Keep the blank pages of the services (dashboard) or of this draft's service, so a draft can be started
// or continued without a connection.
function cacheForOffline(urls, tag) {
  if (!urls?.length || !navigator.serviceWorker) return;
  navigator.serviceWorker.ready
    .then((registration) => registration.active?.postMessage({ type: "CACHE_PAGES", urls, maxAgeSeconds: 3600, tag }))
    .catch(() => {});
}

function caseStatusOffline() {
  const note = document.querySelector("[data-offline-note]");
  if (note) note.hidden = navigator.onLine !== false;
}

async function init() {
  if (!identity() || !(await load().catch(() => null))) {
    if (document.querySelector("[data-forget-pages]")) forgetSynced();
    return;
  }
  const submitted = document.querySelector("[data-submitted-draft]");
  if (submitted) await modules.store.deleteDraft(submitted.dataset.submittedDraft).catch(() => {});
  const source = document.getElementById("draft-data");
  if (source) await initDraftPage(source);
  else currentPage = null;
  const start = document.querySelector("[data-start-draft]");
  if (start) wireStart(start);
  const remove = document.querySelector("[data-delete-draft]");
  if (remove && !remove.dataset.wired) {
    remove.dataset.wired = "1";
    remove.addEventListener("submit", () => modules.store.deleteDraft(remove.dataset.deleteDraft).catch(() => {}));
  }
  const list = document.querySelector("[data-draft-list]");
  if (list) await listLocalDrafts(list);
  caseStatusOffline();
  const offline = document.getElementById("offline-pages");
  if (offline) {
    const { urls, tag } = JSON.parse(offline.dataset.json);
    cacheForOffline(urls, tag);
  }
  syncAll();
}

// After logout: drafts already on the server leave the device; unsent ones stay until that parent is back.
async function forgetSynced() {
  const source = document.getElementById("portal-modules");
  if (!source) return;
  try {
    const urls = JSON.parse(source.dataset.json);
    const store = await import(urls.store);
    const db = await store.openDb();
    const all = await new Promise((resolve, reject) => {
      const req = db.transaction("drafts").objectStore("drafts").getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    for (const record of all) if (!record.dirty && !record.pendingSubmit) await store.deleteDraft(record.uuid);
  } catch {
    // nothing stored
  }
}

window.addEventListener("online", () => {
  retryDelay = 2_000;
  caseStatusOffline();
  syncAll();
});
window.addEventListener("offline", () => {
  caseStatusOffline();
  if (currentPage) setStatus("offline");
});
document.addEventListener("htmx:afterSettle", (event) => {
  if (event.detail.boosted) init();
});
init();
