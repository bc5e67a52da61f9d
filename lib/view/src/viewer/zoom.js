// Zoom and pan on the graph: the buttons, Ctrl + wheel (about the pointer), the keys + − 0,
// and dragging the canvas. At zoom 1 every text is at its full size; zooming out shows more
// of a big graph at once, zooming in enlarges it.

const ZOOM_STEP = 1.25, ZOOM_MIN = 0.25, ZOOM_MAX = 4;
let zoomLevel = 1;

// Sizes the canvas for the current zoom and scales the drawing (its <g class="zoom">) to it.
function applyZoom(el) {
  const root = el.querySelector("g.zoom");
  if (!root) return;
  el.setAttribute("width", Number(el.dataset.width) * zoomLevel);
  el.setAttribute("height", Number(el.dataset.height) * zoomLevel);
  root.setAttribute("transform", `scale(${zoomLevel})`);
  document.getElementById("zoom-level").textContent = `${Math.round(zoomLevel * 100)}%`;
}

// Zooms to `level`, keeping the graph's point under (cx, cy) (client pixels) where it was.
function zoomTo(level, cx, cy) {
  const box = document.getElementById("graph-scroll"), el = document.getElementById("graph");
  const r = el.getBoundingClientRect();
  const fx = cx === undefined ? box.getBoundingClientRect().left + box.clientWidth / 2 : cx;
  const fy = cy === undefined ? r.top + Math.min(r.height, window.innerHeight) / 2 : cy;
  const before = zoomLevel;
  zoomLevel = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, level));
  applyZoom(el);
  const k = zoomLevel / before;
  box.scrollLeft += (fx - r.left) * (k - 1);
  window.scrollBy(0, (fy - r.top) * (k - 1));
}

// A run's graph opens fitted to its panel's width when wider, but never with text under 11 px
// (the graph's smallest is 12 px, page.css): wider still, the panel scrolls to its right end,
// so the loss is in view. A narrower graph opens at full size.
const FIT_MIN = 11 / 12;
function fitZoom(box, el) {
  zoomLevel = Math.min(1, Math.max(FIT_MIN, box.clientWidth / Number(el.dataset.width)));
  applyZoom(el);
  box.scrollLeft = box.scrollWidth - box.clientWidth;
}

// + and = zoom in, - out, 0 back to full size (the browser's own Ctrl + keys are left alone).
function zoomKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const level = { "+": zoomLevel * ZOOM_STEP, "=": zoomLevel * ZOOM_STEP, "-": zoomLevel / ZOOM_STEP, "0": 1 }[e.key];
  if (level !== undefined) zoomTo(level);
}

function listenZoom(box, el) {
  document.getElementById("zoom-in").addEventListener("click", () => zoomTo(zoomLevel * ZOOM_STEP));
  document.getElementById("zoom-out").addEventListener("click", () => zoomTo(zoomLevel / ZOOM_STEP));
  document.getElementById("zoom-reset").addEventListener("click", () => zoomTo(1));
  box.addEventListener("wheel", (e) => {
    if (!e.ctrlKey) return;  // the plain wheel scrolls the page as usual
    e.preventDefault();
    zoomTo(e.deltaY < 0 ? zoomLevel * ZOOM_STEP : zoomLevel / ZOOM_STEP, e.clientX, e.clientY);
  }, { passive: false });
  // drag: the canvas follows the pointer while the button is down (a click on a box still selects it)
  let drag = null;
  el.addEventListener("pointerdown", (e) => { if (e.button === 0) drag = { x: e.clientX, y: e.clientY }; });
  window.addEventListener("pointermove", (e) => {
    if (!drag) return;
    box.scrollLeft -= e.clientX - drag.x;
    window.scrollBy(0, drag.y - e.clientY);
    drag = { x: e.clientX, y: e.clientY };
  });
  window.addEventListener("pointerup", () => { drag = null; });
  el.style.cursor = "grab";
}
