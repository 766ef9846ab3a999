// The search form, enhanced: "In meiner Nähe suchen" (browser geolocation, with a German message when it is
// refused), a chosen child replaces the birth-date field, and the last search is remembered for the way back
// from a facility's page. Without JavaScript the same GET form does everything else.

const MESSAGES = {
  unsupported: "Ihr Browser kann Ihren Standort nicht bestimmen. Bitte geben Sie eine Adresse oder einen Stadtteil ein.",
  denied:
    "Sie haben die Standortfreigabe nicht erlaubt. Erlauben Sie den Standortzugriff in den Einstellungen Ihres Browsers, oder geben Sie eine Adresse oder einen Stadtteil ein.",
  unavailable: "Ihr Standort lässt sich gerade nicht bestimmen. Bitte geben Sie eine Adresse oder einen Stadtteil ein.",
  timeout: "Die Standortbestimmung hat zu lange gedauert. Bitte versuchen Sie es noch einmal oder geben Sie eine Adresse ein.",
  locating: "Ihr Standort wird bestimmt …",
};

function setPosition(form, lat, lon) {
  for (const name of ["lat", "lon"]) {
    let input = form.querySelector(`input[name=${name}]`);
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.dataset.position = "";
      form.append(input);
    }
    input.value = (name === "lat" ? lat : lon).toFixed(5);
  }
}

function clearPosition(form) {
  form.querySelectorAll("input[data-position]").forEach((input) => input.remove());
}

function initNearMe(form) {
  const box = form.querySelector("[data-near-me]");
  if (!box) return;
  box.hidden = false;
  const status = box.querySelector("[data-near-me-status]");
  const say = (text, isError = false) => {
    status.textContent = text;
    status.classList.toggle("near-me__status--error", isError);
  };
  box.querySelector("[data-action=near-me]").addEventListener("click", () => {
    if (!("geolocation" in navigator)) {
      say(MESSAGES.unsupported, true);
      return;
    }
    say(MESSAGES.locating);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        say("");
        form.querySelector("#ort").value = "";
        setPosition(form, position.coords.latitude, position.coords.longitude);
        form.requestSubmit();
      },
      (error) => {
        const key = { 1: "denied", 2: "unavailable", 3: "timeout" }[error.code] || "unavailable";
        say(MESSAGES[key], true);
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 },
    );
  });
  // A typed place replaces a position from "near me".
  form.querySelector("#ort")?.addEventListener("input", () => clearPosition(form));
}

function initChild(form) {
  const select = form.querySelector("[data-child-select]");
  const birth = form.querySelector("[data-birth-field]");
  if (!select || !birth) return;
  const update = () => {
    const chosen = select.value !== "";
    birth.hidden = chosen;
    birth.querySelector("input").disabled = chosen;
  };
  select.addEventListener("change", update);
  update();
}

function rememberSearch() {
  // (htmx may push the next page's URL before it swaps the page in: check both.)
  if (/^\/[^/]+\/kitas\/?$/.test(location.pathname) && document.querySelector("[data-results]")) {
    const tenant = location.pathname.split("/")[1];
    sessionStorage.setItem(`letzte-suche:${tenant}`, location.pathname + location.search);
  }
}

function initBackLink() {
  const link = document.querySelector("[data-back-to-search]");
  if (!link) return;
  const last = sessionStorage.getItem(`letzte-suche:${location.pathname.split("/")[1]}`);
  if (last && last.startsWith(link.getAttribute("href"))) link.href = last;
}

function init() {
  const form = document.querySelector("[data-search-form]");
  if (form && !form.dataset.enhanced) {
    form.dataset.enhanced = "true";
    initNearMe(form);
    initChild(form);
  }
  rememberSearch();
  initBackLink();
}

// Shareable URLs: leave out the fields left empty (the server redirects plain form submissions the same way).
document.addEventListener("htmx:configRequest", (event) => {
  const data = event.detail.formData;
  if (!event.detail.elt?.matches?.("[data-search-form]") || !data) return;
  for (const name of new Set(data.keys())) {
    if (data.getAll(name).every((value) => value === "")) data.delete(name);
  }
});

document.addEventListener("htmx:afterSettle", (event) => {
  init();
  // After a search (no errors), go to the results rather than to the top of the page.
  const heading = document.getElementById("ergebnisse-titel");
  if (event.detail.boosted && event.detail.elt?.matches?.("[data-search-form]") && heading && !document.querySelector("[data-autofocus]")) {
    heading.focus();
  }
});
document.addEventListener("htmx:pushedIntoHistory", rememberSearch);
init();
