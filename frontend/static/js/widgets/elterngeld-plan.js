// The Elterngeld month planner in the browser (widgets/elterngeld_plan.html): the same rules as
// server/applications/catalogue/elterngeld/plan.py, checked while the parent plans, with a running summary
// and the German messages in an aria-live region. tests/unit/applications/services/test_elterngeld_parity.py
// runs the exported functions with Node on the same table of plans as the Python module, so both stay equal.
//
// Values are never stored here: the <select>s are named `<field id>-<month>-<parent>`, so drafts.js saves
// them (on this device and on the server) like every other input, and the server checks the plan again
// when the step is saved. Without this file the planner works the same, with the messages after saving.

export const KINDS = ["basis", "plus", "bonus"];
export const PARENTS = ["a", "b"];
const LAST_MONTH = 32;
const BASIS_LAST_MONTH = 14;
const PARALLEL_BASIS_LAST_MONTH = 12;
const MAX_PARALLEL_BASIS = 1;
const MIN_MONTHS = 2;
const BONUS_MIN = 2;
const BONUS_MAX = 4;
const PARENT_HALVES = 24;
const SINGLE_HALVES = 28;
const TOGETHER_HALVES = 28;
const CELL = /^([1-9][0-9]?)-([ab])$/;

// --- the rules (plan.py) ---------------------------------------------------------------------------------
// A plan is an object {"<month>-<parent>": kind}.

export function readPlan(values, fieldId) {
  const plan = {};
  let invalid = false;
  const prefix = `${fieldId}-`;
  for (const [key, raw] of Object.entries(values)) {
    if (!key.startsWith(prefix)) continue;
    const value = String((Array.isArray(raw) ? (raw.length ? raw[0] : "") : raw) ?? "").trim();
    if (!value) continue;
    const match = CELL.exec(key.slice(prefix.length));
    if (!match || Number(match[1]) > LAST_MONTH || !KINDS.includes(value)) {
      invalid = true;
      continue;
    }
    plan[`${Number(match[1])}-${match[2]}`] = value;
  }
  return { plan, invalid };
}

export function parentsOf(single) {
  return single ? ["a"] : PARENTS;
}

export function applicable(plan, single) {
  const parents = parentsOf(single);
  return Object.fromEntries(Object.entries(plan).filter(([cell]) => parents.includes(cell.split("-")[1])));
}

function monthsOf(plan, parent, kinds = KINDS) {
  return Object.entries(plan)
    .filter(([cell, kind]) => cell.split("-")[1] === parent && kinds.includes(kind))
    .map(([cell]) => Number(cell.split("-")[0]))
    .sort((x, y) => x - y);
}

export function runs(months) {
  const groups = [];
  for (const month of [...new Set(months)].sort((x, y) => x - y)) {
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1] === month - 1) last.push(month);
    else groups.push([month]);
  }
  return groups;
}

function halves(plan, parent) {
  return 2 * monthsOf(plan, parent, ["basis"]).length + monthsOf(plan, parent, ["plus"]).length;
}

function problem(code, fields = {}) {
  return { code, parent: "", months: [], n: 0, limit: 0, warning: false, ...fields };
}

export function check(plan, { single, firstPaid = 1 }) {
  const parents = parentsOf(single);
  const cells = applicable(plan, single);
  const problems = [];
  if (!monthsOf(cells, "a").length) problems.push(problem("none_a"));
  for (const parent of parents) {
    const late = monthsOf(cells, parent, ["basis"]).filter((m) => m > BASIS_LAST_MONTH);
    if (late.length) problems.push(problem("basis_late", { parent, months: late }));
  }
  for (const parent of parents) {
    const taken = monthsOf(cells, parent).length;
    if (taken > 0 && taken < MIN_MONTHS) problems.push(problem("min_months", { parent, n: taken }));
  }
  const limit = single ? SINGLE_HALVES : PARENT_HALVES;
  const used = Object.fromEntries(parents.map((parent) => [parent, halves(cells, parent)]));
  for (const parent of parents) {
    if (used[parent] > limit) problems.push(problem("too_many", { parent, n: used[parent], limit }));
  }
  const together = parents.reduce((sum, parent) => sum + used[parent], 0);
  if (!single && together > TOGETHER_HALVES) {
    problems.push(problem("too_many_together", { n: together, limit: TOGETHER_HALVES }));
  }
  if (!single) {
    const basisB = new Set(monthsOf(cells, "b", ["basis"]));
    const both = monthsOf(cells, "a", ["basis"]).filter((m) => basisB.has(m));
    const late = both.filter((m) => m > PARALLEL_BASIS_LAST_MONTH);
    if (late.length) problems.push(problem("parallel_basis_late", { months: late }));
    const early = both.filter((m) => m <= PARALLEL_BASIS_LAST_MONTH);
    if (early.length > MAX_PARALLEL_BASIS) problems.push(problem("parallel_basis", { months: early }));
    const bonusA = new Set(monthsOf(cells, "a", ["bonus"]));
    const bonusB = new Set(monthsOf(cells, "b", ["bonus"]));
    const alone = [...new Set([...bonusA, ...bonusB])]
      .filter((m) => bonusA.has(m) !== bonusB.has(m))
      .sort((x, y) => x - y);
    if (alone.length) problems.push(problem("bonus_alone", { months: alone }));
  }
  const bonus = [...new Set(parents.flatMap((parent) => monthsOf(cells, parent, ["bonus"])))].sort((x, y) => x - y);
  if (bonus.length) {
    if (runs(bonus).length > 1) problems.push(problem("bonus_split", { months: bonus }));
    else if (bonus.length < BONUS_MIN || bonus.length > BONUS_MAX) problems.push(problem("bonus_length", { n: bonus.length }));
  }
  const later = [...new Set(Object.keys(cells).map((cell) => Number(cell.split("-")[0])).filter((m) => m > BASIS_LAST_MONTH))].sort(
    (x, y) => x - y,
  );
  if (later.length) {
    const missing = [];
    for (let m = BASIS_LAST_MONTH + 1; m <= later[later.length - 1]; m += 1) if (!later.includes(m)) missing.push(m);
    if (missing.length) problems.push(problem("gap", { months: missing }));
  }
  if (firstPaid > 1) {
    const past = monthsOf(cells, "a").filter((m) => m < firstPaid);
    if (past.length) problems.push(problem("retro", { parent: "a", months: past, warning: true }));
  }
  return problems;
}

// --- German text -----------------------------------------------------------------------------------------
function format(template, params) {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

export function countText(n) {
  return n === 1 ? "1 Monat" : `${n} Monate`;
}

export function halvesText(n) {
  return n % 2 ? `${Math.floor(n / 2)},5` : String(n / 2);
}

function joinWords(words) {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} und ${words[words.length - 1]}`;
}

export function monthsText(months, dative = false) {
  const ordered = [...new Set(months)].sort((x, y) => x - y);
  const words = [];
  for (const group of runs(ordered)) {
    if (group.length >= 3) words.push(`${group[0]} bis ${group[group.length - 1]}`);
    else words.push(...group.map(String));
  }
  if (ordered.length === 1) return `Lebensmonat ${words[0]}`;
  return `${dative ? "Lebensmonaten" : "Lebensmonate"} ${joinWords(words)}`;
}

export function labels(nameA = "", nameB = "") {
  return { a: nameA.trim() || "Sie", b: nameB.trim() || "Anderer Elternteil" };
}

const MESSAGES = {
  none_a: "Bitte planen Sie mindestens zwei Lebensmonate, in denen Sie selbst Elterngeld beziehen.",
  basis_late:
    "{parent}: Basiselterngeld gibt es nur in den Lebensmonaten 1 bis 14. Bitte wählen Sie für {months} ElterngeldPlus oder den Partnerschaftsbonus.",
  min_months: "{parent}: Elterngeld gibt es nur für mindestens 2 Lebensmonate – geplant ist {count}.",
  too_many: "{parent}: höchstens {limit} Monate Basiselterngeld – geplant sind {n} (ein Monat ElterngeldPlus zählt halb).",
  too_many_together:
    "Beide Eltern zusammen: höchstens {limit} Monate Basiselterngeld (12 Monate und 2 Partnermonate) – geplant sind {n} (ein Monat ElterngeldPlus zählt halb).",
  parallel_basis_late:
    "Basiselterngeld für beide Eltern gleichzeitig gibt es nur in den Lebensmonaten 1 bis 12 – nicht in {in_months}.",
  parallel_basis: "Basiselterngeld für beide Eltern gleichzeitig gibt es höchstens in einem Lebensmonat – geplant in {in_months}.",
  bonus_alone:
    "Den Partnerschaftsbonus gibt es nur für beide Eltern gleichzeitig. Bitte wählen Sie in {in_months} bei beiden „Bonus“.",
  bonus_split: "Die Monate mit Partnerschaftsbonus müssen direkt aufeinander folgen – geplant in {in_months}.",
  bonus_length: "Den Partnerschaftsbonus gibt es für 2 bis 4 Monate am Stück – geplant: {count}.",
  gap: "Ab Lebensmonat 15 muss ohne Lücke mindestens ein Elternteil ElterngeldPlus oder den Partnerschaftsbonus beziehen. Lücke: {months}.",
  retro:
    "{parent}: Für {months} wird kein Elterngeld mehr gezahlt – rückwirkend nur für die letzten 3 Lebensmonate vor dem Monat, in dem der Antrag eingeht.",
};

export function message(p, names) {
  return format(MESSAGES[p.code], {
    parent: names[p.parent] ?? "",
    months: p.months.length ? monthsText(p.months) : "",
    in_months: p.months.length ? monthsText(p.months, true) : "",
    n: p.code.startsWith("too_many") ? halvesText(p.n) : String(p.n),
    limit: halvesText(p.limit),
    count: countText(p.n),
  });
}

const TITLES = { basis: "Basiselterngeld", plus: "ElterngeldPlus", bonus: "Partnerschaftsbonus" };

export function summary(plan, { single, names }) {
  const parents = parentsOf(single);
  const cells = applicable(plan, single);
  const lines = KINDS.map((kind) => {
    if (single) return `${TITLES[kind]}: ${countText(monthsOf(cells, "a", [kind]).length)}.`;
    const parts = parents.map((parent) => `${names[parent]} ${countText(monthsOf(cells, parent, [kind]).length)}`);
    return `${TITLES[kind]}: ${parts.join(", ")}.`;
  });
  const used = parents.reduce((sum, parent) => sum + halves(cells, parent), 0);
  lines.push(
    `Verplant: ${halvesText(used)} von ${halvesText(single ? SINGLE_HALVES : TOGETHER_HALVES)} Monatsbeträgen Basiselterngeld (ein Monat ElterngeldPlus zählt halb).`,
  );
  return lines;
}

// --- the page --------------------------------------------------------------------------------------------
// Problems about particular months mark those cells (aria-invalid), so a sighted parent sees where.
const CELL_CODES = new Set(["basis_late", "parallel_basis", "parallel_basis_late", "bonus_alone", "bonus_split", "gap"]);

function renderList(list, items) {
  const wanted = new Set(items.map((item) => item.text));
  for (const li of [...list.children]) if (!wanted.has(li.textContent)) li.remove();
  let anchor = list.firstElementChild;
  for (const item of items) {
    let li = anchor && anchor.textContent === item.text ? anchor : [...list.children].find((c) => c.textContent === item.text);
    if (!li) {
      li = document.createElement("li");
      li.textContent = item.text;
    }
    if (li !== anchor) list.insertBefore(li, anchor);
    else anchor = anchor.nextElementSibling;
    li.toggleAttribute("data-warning", Boolean(item.warning));
  }
}

function markCells(selects, problems, single) {
  const invalid = new Set();
  for (const p of problems) {
    if (p.warning || !CELL_CODES.has(p.code)) continue;
    for (const month of p.months) for (const parent of p.parent ? [p.parent] : parentsOf(single)) invalid.add(`${month}-${parent}`);
  }
  for (const select of selects) {
    const bad = invalid.has(`${select.dataset.month}-${select.dataset.parent}`);
    if (bad) select.setAttribute("aria-invalid", "true");
    else select.removeAttribute("aria-invalid");
  }
}

function wire(root) {
  if (root.dataset.monthPlanWired) return;
  root.dataset.monthPlanWired = "1";
  const fieldId = root.dataset.monthPlan;
  const single = root.dataset.single === "ja";
  const names = labels(root.dataset.nameA, root.dataset.nameB);
  const firstPaid = Number(root.dataset.firstPaid || 1);
  const selects = [...root.querySelectorAll("select[data-month][data-parent]")];
  const summaryList = root.querySelector("[data-month-plan-summary]");
  const problemsList = root.querySelector("[data-month-plan-problems]");
  const later = root.querySelector("[data-month-plan-later]");
  let last = null;

  const update = () => {
    const values = Object.fromEntries(selects.map((select) => [select.name, select.value]));
    const key = JSON.stringify(values);
    if (key === last) return;
    last = key;
    const { plan } = readPlan(values, fieldId);
    const cells = applicable(plan, single);
    const problems = Object.keys(cells).length ? check(cells, { single, firstPaid }) : [];
    renderList(summaryList, summary(plan, { single, names }).map((text) => ({ text })));
    renderList(problemsList, problems.map((p) => ({ text: message(p, names), warning: p.warning })));
    problemsList.hidden = problems.length === 0;
    markCells(selects, problems, single);
    // The messages live here now; the server's (from the last time the step was saved) would go stale.
    for (const element of root.querySelectorAll("[data-month-plan-server]")) element.hidden = true;
    if (later && Object.keys(cells).some((cell) => Number(cell.split("-")[0]) > BASIS_LAST_MONTH)) later.open = true;
  };

  root.addEventListener("change", update);
  root.addEventListener("input", update);
  // drafts.js puts the device's values into the selects after this ran (a draft changed offline) without
  // input events, and then says so with "drafts:restored".
  root.closest("form")?.addEventListener("drafts:restored", update);
  window.addEventListener("pageshow", update);
  update();
}

function init() {
  for (const root of document.querySelectorAll("[data-month-plan]")) wire(root);
}

if (typeof document !== "undefined") {
  init();
  document.addEventListener("htmx:afterSettle", init);
}
