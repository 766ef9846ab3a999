// The directory map (Leaflet 1.9 with marker clustering, both vendored as classic scripts: global `L`).
// The markers are built from the result list on the page, so the map shows exactly the listed results;
// list and map stay in step: a marker selects its list entry and "Auf der Karte zeigen" selects the marker.
// Without JavaScript, or when tiles cannot load, the list alone is complete.

const reducedMotion = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;
const live = new Set(); // maps on the current page; removed before htmx swaps the page away

function whenLeafletReady(timeoutMs = 15000) {
  // After a boosted navigation the Leaflet scripts may still be loading (app.js adds them to <head>).
  const ready = () => window.L && window.L.markerClusterGroup;
  if (ready()) return Promise.resolve(window.L);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      if (ready()) resolve(window.L);
      else if (Date.now() - started > timeoutMs) reject(new Error("Leaflet did not load"));
      else setTimeout(poll, 50);
    };
    poll();
  });
}

function pin(L, active = false) {
  // Leaflet positions the icon with a CSS transform, so the rotated pin shape is an inner element.
  return L.divIcon({
    className: active ? "map-marker map-marker--active" : "map-marker",
    html: '<span class="map-marker__pin"></span>',
    iconSize: [28, 36],
    iconAnchor: [14, 36],
    popupAnchor: [0, -34],
  });
}

function clusterIcon(L, cluster) {
  const count = cluster.getChildCount();
  const size = count < 10 ? 36 : count < 50 ? 42 : 50;
  const icon = L.divIcon({
    className: "map-cluster",
    iconSize: [size, size],
    html: "<span aria-hidden=\"true\"></span><span class=\"visually-hidden\"></span>",
  });
  // Text goes in through the DOM, never as HTML: the icon element is created when the cluster is shown.
  const createIcon = icon.createIcon.bind(icon);
  icon.createIcon = (old) => {
    const element = createIcon(old);
    element.firstChild.textContent = String(count);
    element.lastChild.textContent = `${count} Einrichtungen – vergrößern`;
    return element;
  };
  return icon;
}

function popupFor(item) {
  const box = document.createElement("div");
  const link = document.createElement("a");
  link.href = item.dataset.href;
  link.textContent = item.dataset.name;
  const strong = document.createElement("strong");
  strong.append(link);
  box.append(strong);
  if (item.dataset.distance) {
    const distance = document.createElement("p");
    distance.textContent = `${item.dataset.distance} entfernt`;
    box.append(distance);
  }
  return box;
}

function baseMap(L, element) {
  const [lat, lon] = (element.dataset.center || "51.16,10.45").split(",").map(Number);
  const map = L.map(element, {
    zoomControl: false,
    scrollWheelZoom: false,
    center: [lat, lon],
    zoom: Number(element.dataset.zoom || 12),
    maxZoom: Number(element.dataset.maxZoom || 19),
  });
  L.control.zoom({ zoomInTitle: "Vergrößern", zoomOutTitle: "Verkleinern" }).addTo(map);
  const tiles = L.tileLayer(element.dataset.tiles, {
    attribution: element.dataset.attribution || "",
    subdomains: element.dataset.subdomains || "abc",
    maxZoom: Number(element.dataset.maxZoom || 19),
  });
  // Offline or blocked tiles: say so once; the list below has everything the map shows.
  let loaded = 0;
  let warned = false;
  tiles.on("tileload", () => {
    loaded += 1;
  });
  tiles.on("tileerror", () => {
    if (loaded || warned) return;
    warned = true;
    const note = document.createElement("p");
    note.className = "map-fallback";
    note.textContent = "Die Kartenbilder können gerade nicht geladen werden. Die Liste enthält alle Ergebnisse.";
    element.after(note);
  });
  tiles.addTo(map);
  live.add(map);
  return map;
}

function resultsMap(L, element) {
  const list = document.getElementById(element.dataset.list);
  if (!list) return;
  const items = [...list.querySelectorAll("[data-result]")];
  const map = baseMap(L, element);
  const cluster = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 45,
    spiderfyOnMaxZoom: true,
    animate: !reducedMotion(),
    iconCreateFunction: (c) => clusterIcon(L, c),
  });
  const markers = new Map();
  let active = null;

  const select = (id, { fromMap }) => {
    const item = list.querySelector(`[data-result][data-id="${CSS.escape(id)}"]`);
    const marker = markers.get(id);
    if (!item || !marker) return;
    if (active && active !== id) {
      markers.get(active)?.setIcon(pin(L));
      list.querySelector(`[data-id="${CSS.escape(active)}"]`)?.classList.remove("result--active");
    }
    active = id;
    item.classList.add("result--active");
    marker.setIcon(pin(L, true));
    const behavior = reducedMotion() ? "auto" : "smooth";
    if (fromMap) {
      item.scrollIntoView({ block: "nearest", behavior });
    } else {
      element.scrollIntoView({ block: "nearest", behavior });
      cluster.zoomToShowLayer(marker, () => marker.openPopup());
    }
  };

  for (const item of items) {
    const lat = Number(item.dataset.lat);
    const lon = Number(item.dataset.lon);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    const id = item.dataset.id;
    const marker = L.marker([lat, lon], { icon: pin(L), title: item.dataset.name, keyboard: true, riseOnHover: true });
    marker.bindPopup(() => popupFor(item));
    marker.on("click", () => select(id, { fromMap: true }));
    markers.set(id, marker);
  }
  cluster.addLayers([...markers.values()]);
  map.addLayer(cluster);

  const bounds = cluster.getBounds();
  if (element.dataset.origin) {
    const origin = element.dataset.origin.split(",").map(Number);
    L.marker(origin, {
      icon: L.divIcon({ className: "map-origin", iconSize: [18, 18] }),
      title: "Mittelpunkt Ihrer Suche",
      keyboard: false,
      interactive: false,
    }).addTo(map);
    bounds.extend(origin);
  }
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15, animate: false });

  // What the map shows, for the page's own checks (and tests): ids and names of the markers.
  element.directory = {
    map,
    cluster,
    markers: () => cluster.getLayers().map((m) => m.options.title),
    select: (id, fromMap = true) => select(String(id), { fromMap }),
  };
  element.dataset.markers = String(markers.size);
}

function singleMap(L, element) {
  const lat = Number(element.dataset.lat);
  const lon = Number(element.dataset.lon);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return;
  const map = baseMap(L, element);
  map.setView([lat, lon], 16, { animate: false });
  const marker = L.marker([lat, lon], { icon: pin(L, true), title: element.dataset.name, keyboard: false, interactive: false });
  marker.addTo(map);
  element.directory = { map, markers: () => [element.dataset.name] };
  element.dataset.markers = "1";
}

async function build(element) {
  try {
    const L = await whenLeafletReady();
    if (!element.isConnected) return;
    if (element.dataset.map === "results") resultsMap(L, element);
    else singleMap(L, element);
    element.dataset.mapReady = "true";
  } catch (error) {
    console.warn("Map not shown", error);
  }
}

// Build a map once, when it is needed: when it comes near the screen or a list entry asks for it.
const building = new WeakMap();
function ensureBuilt(element) {
  if (!building.has(element)) building.set(element, build(element));
  return building.get(element);
}

function buildWhenVisible(element) {
  if (!("IntersectionObserver" in window)) {
    ensureBuilt(element);
    return;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        observer.disconnect();
        ensureBuilt(element);
      }
    },
    { rootMargin: "200px" },
  );
  observer.observe(element);
}

// The results map: on wide screens beside the list; on phones folded behind "Karte anzeigen" (the list
// comes first), unfolded again after the next search when it was open.
function initResults(element) {
  const panel = element.closest("[data-map-panel]");
  const area = panel?.querySelector("[data-map-area]");
  const toggle = panel?.querySelector("[data-map-toggle]");
  if (!panel || !area || !toggle) return;
  panel.hidden = false;
  panel.parentElement.classList.add("results__layout--with-map");
  const wide = window.matchMedia("(min-width: 60em)");
  const setOpen = (open, remember = true) => {
    area.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? toggle.dataset.hideText : toggle.dataset.showText;
    if (remember) sessionStorage.setItem("karte-offen", open ? "1" : "0");
    if (open) {
      buildWhenVisible(element);
      element.directory?.map.invalidateSize(); // it was measured while folded
    }
  };
  setOpen(wide.matches || sessionStorage.getItem("karte-offen") === "1", false);
  toggle.addEventListener("click", () => setOpen(area.hidden));
  wide.addEventListener("change", (event) => {
    if (event.matches) setOpen(true, false);
  });

  const list = document.getElementById(element.dataset.list);
  for (const button of list?.querySelectorAll("[data-show-on-map]") || []) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      if (area.hidden) setOpen(true);
      await ensureBuilt(element);
      element.directory?.select(button.closest("[data-result]").dataset.id, false);
    });
  }
}

function init() {
  for (const element of document.querySelectorAll("[data-map]:not([data-map-started])")) {
    element.dataset.mapStarted = "true";
    if (element.dataset.map === "results") initResults(element);
    else buildWhenVisible(element);
  }
}

document.addEventListener("htmx:beforeSwap", (event) => {
  if (!event.detail.boosted) return;
  for (const map of live) map.remove();
  live.clear();
});
document.addEventListener("htmx:afterSettle", init);
init();
