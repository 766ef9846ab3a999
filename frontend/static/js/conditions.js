// Conditions of service definitions, evaluated in the browser for offline use. The same rules as
// server/applications/conditions.py and engine.py (visible steps, next step); a unit test runs both on
// one table of cases so they stay equal.

function list(values, id) {
  const value = values[id];
  if (Array.isArray(value)) return value.filter((v) => v);
  return value ? [value] : [];
}

function scalar(values, id) {
  const value = values[id];
  if (Array.isArray(value)) return value.length ? value[0] : "";
  return value || "";
}

export function parseDateParts(day, month, year) {
  if (![day, month, year].every((p) => /^[0-9]{1,4}$/.test(p))) return null;
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  if (y < 1900 || y > 2100) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return { y, m, d };
}

function isoDate(text) {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text || "");
  return match ? { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) } : null;
}

function dateValue(values, id, facts) {
  if (`${id}-year` in values) {
    return parseDateParts(scalar(values, `${id}-day`), scalar(values, `${id}-month`), scalar(values, `${id}-year`));
  }
  return isoDate((facts.children || {})[scalar(values, id)]);
}

export function ageInYears(birth, on) {
  let years = on.y - birth.y;
  if (on.m < birth.m || (on.m === birth.m && on.d < birth.d)) years -= 1;
  return years;
}

function isFilled(values, id) {
  return Object.entries(values).some(
    ([key, value]) =>
      (key === id || key.startsWith(`${id}-`)) && (Array.isArray(value) ? value.some((v) => v) : Boolean(value)),
  );
}

export function holds(condition, values, facts) {
  if (!condition) return true;
  if (condition.all && !condition.all.every((c) => holds(c, values, facts))) return false;
  if (condition.any && condition.any.length && !condition.any.some((c) => holds(c, values, facts))) return false;
  if (condition.not && holds(condition.not, values, facts)) return false;
  if (!condition.field) return true;
  const chosen = list(values, condition.field);
  if (condition.equals != null && !chosen.includes(condition.equals)) return false;
  if (condition.not_equals != null && chosen.includes(condition.not_equals)) return false;
  if (condition.one_of && condition.one_of.length && !chosen.some((v) => condition.one_of.includes(v))) return false;
  if (condition.filled != null && isFilled(values, condition.field) !== condition.filled) return false;
  if (condition.age_at_least != null || condition.age_below != null) {
    const birth = dateValue(values, condition.field, facts);
    const on = condition.age_on ? dateValue(values, condition.age_on, facts) : isoDate(facts.today);
    if (!birth || !on) return false;
    const age = ageInYears(birth, on);
    if (condition.age_at_least != null && age < condition.age_at_least) return false;
    if (condition.age_below != null && age >= condition.age_below) return false;
  }
  return true;
}

function keysOf(id, values) {
  return Object.keys(values).filter((key) => key === id || key.startsWith(`${id}-`));
}

// The values of applicable fields only, in definition order (as engine._visible_values).
export function applicableValues(definition, values, facts) {
  const kept = {};
  for (const step of definition.steps) {
    if (!holds(step.show_if, kept, facts)) continue;
    for (const field of step.fields) {
      if (!holds(field.show_if, kept, facts)) continue;
      for (const key of keysOf(field.id, values)) kept[key] = values[key];
    }
  }
  return kept;
}

export function visibleSteps(definition, values, facts) {
  const applicable = applicableValues(definition, values, facts);
  return definition.steps.filter((step) => holds(step.show_if, applicable, facts)).map((step) => step.id);
}

// Which fields of a step apply, given all values (fields depend only on fields defined before them).
export function visibleFields(definition, values, facts, stepId) {
  const kept = {};
  const visible = {};
  for (const step of definition.steps) {
    const stepShown = holds(step.show_if, kept, facts);
    for (const field of step.fields) {
      const shown = stepShown && holds(field.show_if, kept, facts);
      if (step.id === stepId) visible[field.id] = shown;
      if (shown) for (const key of keysOf(field.id, values)) kept[key] = values[key];
    }
  }
  return visible;
}

export function nextStep(definition, values, facts, current) {
  const ids = definition.steps.map((s) => s.id);
  const position = ids.indexOf(current);
  return visibleSteps(definition, values, facts).find((id) => ids.indexOf(id) > position) || null;
}
