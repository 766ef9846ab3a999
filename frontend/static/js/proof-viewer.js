// The office's proof viewer: zoom and rotate each photographed page. Without this file every page is
// shown fitted to the width, with a link to the full-size image. Sizes and rotation are set through the
// CSSOM (allowed by the strict CSP, unlike style attributes).

const STEPS = [0.5, 0.75, 1, 1.5, 2, 3, 4];

function wire(figure) {
  if (figure.dataset.wired) return;
  figure.dataset.wired = "1";
  const frame = figure.querySelector("[data-viewer-frame]");
  const img = frame.querySelector("img");
  const tools = figure.querySelector("[data-viewer-tools]");
  const state = figure.querySelector("[data-viewer-state]");
  const width = Number(figure.dataset.width) || img.naturalWidth || 1;
  const height = Number(figure.dataset.height) || img.naturalHeight || 1;
  const box = document.createElement("div");
  box.className = "viewer-box";
  frame.append(box);
  box.append(img);
  frame.classList.add("is-interactive");
  tools.hidden = false;
  let step = STEPS.indexOf(1);
  let rotation = 0;

  function layout() {
    const zoom = STEPS[step];
    const available = frame.clientWidth || width;
    const quarter = rotation % 180 !== 0;
    const ratio = height / width;
    const visualWidth = available * zoom;
    const renderedWidth = quarter ? visualWidth / ratio : visualWidth;
    const renderedHeight = renderedWidth * ratio;
    box.style.width = `${visualWidth}px`;
    box.style.height = `${quarter ? renderedWidth : renderedHeight}px`;
    img.style.width = `${renderedWidth}px`;
    img.style.height = `${renderedHeight}px`;
    img.style.transform = `translate(-50%, -50%) rotate(${rotation}deg)`;
    state.textContent = `${Math.round(zoom * 100)} %, ${rotation}°`;
  }

  tools.addEventListener("click", (event) => {
    const button = event.target.closest("[data-viewer-action]");
    if (!button) return;
    const action = button.dataset.viewerAction;
    if (action === "zoom-in") step = Math.min(step + 1, STEPS.length - 1);
    if (action === "zoom-out") step = Math.max(step - 1, 0);
    if (action === "rotate-left") rotation = (rotation + 270) % 360;
    if (action === "rotate-right") rotation = (rotation + 90) % 360;
    if (action === "reset") {
      step = STEPS.indexOf(1);
      rotation = 0;
    }
    layout();
  });
  new ResizeObserver(layout).observe(frame);
  layout();
}

function init() {
  for (const figure of document.querySelectorAll("[data-viewer-page]")) wire(figure);
}

document.addEventListener("htmx:afterSettle", init);
init();
