// Zoom and pan on the graph: the buttons, Ctrl + wheel (about the pointer), the keys + − 0,
// and dragging the canvas. At zoom 1 every text is at its full size; zooming out shows more
// of a big graph at once, zooming in enlarges it.

const ZOOM_STEP = 1.25, ZOOM_MIN = 0.25, ZOOM_MAX = 4;
let zoomLevel = 1;
// How the view was last fitted: "open" (the opening view), "whole" (the fit button), or null
// once the student has zoomed or panned by hand. A resize of the window fits it again unless null.
let fitted = "open";

// Sizes the canvas for the current zoom and scales the drawing (its <g class="zoom">) to it.
function applyZoom(el) {
  const root = el.querySelector("g.zoom");
  if (!root) return;
  el.setAttribute("width", Number(el.dataset.width) * zoomLevel);
  el.setAttribute("height", Number(el.dataset.height) * zoomLevel);
  root.setAttribute("transform", `scale(${zoomLevel})`);
  document.getElementById("zoom-level").textContent = `${Math.round(zoomLevel * 100)}%`;
  showMore(document.getElementById("graph-scroll"));
}

// "More to the right" while the panel does not reach the graph's right end (the loss).
function showMore(box) {
  document.getElementById("graph-more").hidden = box.scrollLeft + box.clientWidth >= box.scrollWidth - 1;
}

// Zooms to `level`, keeping the graph's point under (cx, cy) (client pixels) where it was.
function zoomTo(level, cx, cy) {
  const box = document.getElementById("graph-scroll"), el = document.getElementById("graph");
  const r = el.getBoundingClientRect();
  const fx = cx === undefined ? box.getBoundingClientRect().left + box.clientWidth / 2 : cx;
  const fy = cy === undefined ? r.top + Math.min(r.height, window.innerHeight) / 2 : cy;
  const before = zoomLevel;
  fitted = null;
  zoomLevel = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, level));
  applyZoom(el);
  const k = zoomLevel / before;
  box.scrollLeft += (fx - r.left) * (k - 1);
  window.scrollBy(0, (fy - r.top) * (k - 1));
}

// A run's graph opens whole: at full size when it fits its panel, else fitted to the panel's
// width — but never with text under 11 px (the graph's smallest is 12 px, page.css). Wider
// still, it opens where the computation starts, its inputs at the left, and the zoom bar says
// there is more to the right. The fit button (whole) fits the width whatever the text's size.
const FIT_MIN = 11 / 12;
function fitZoom(box, el, whole = false) {
  fitted = whole ? "whole" : "open";
  zoomLevel = Math.min(1, Math.max(whole ? ZOOM_MIN : FIT_MIN, box.clientWidth / Number(el.dataset.width)));
  applyZoom(el);
  box.scrollLeft = 0;
  showMore(box);
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
  document.getElementById("zoom-fit").addEventListener("click", () => fitZoom(box, el, true));
  window.addEventListener("resize", () => { if (fitted && el.dataset.width && el.style.display !== "none") fitZoom(box, el, fitted === "whole"); });
  box.addEventListener("scroll", () => {
    if (box.scrollLeft > 0) fitted = null;  // fitZoom leaves it at 0: the student scrolled
    showMore(box);
  });
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
    if (e.clientX !== drag.x || e.clientY !== drag.y) fitted = null;
    box.scrollLeft -= e.clientX - drag.x;
    window.scrollBy(0, drag.y - e.clientY);
    drag = { x: e.clientX, y: e.clientY };
  });
  window.addEventListener("pointerup", () => { drag = null; });
  el.style.cursor = "grab";
}
