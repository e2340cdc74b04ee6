// Draws every resources x potential plane on the page with vega-embed.
// The specification comes from a <script type="application/json"> block (Django's json_script);
// the CSP forbids eval, so Vega parses expressions to an AST and runs them with vega-interpreter.
const script = document.querySelector("script[data-interpreter]");
const interpreterUrl = script ? script.dataset.interpreter : null;

function whenLoaded() {
  // vega, vega-lite and vega-embed are deferred classic scripts: they run before module scripts.
  return typeof window.vegaEmbed === "function" ? Promise.resolve() : new Promise((resolve) => {
    window.addEventListener("DOMContentLoaded", resolve, { once: true });
  });
}

// The plane uses the width there is: on a phone it shrinks (square, axes kept) and its legend
// moves below the chart, so the page never scrolls sideways.
function fitWidth(spec, available) {
  const room = available - 70; // the axes' titles and labels
  if (!available || !spec.width || room >= spec.width) return;
  const size = Math.max(180, room);
  spec.width = size;
  spec.height = size;
  spec.config = Object.assign({}, spec.config, {
    legend: Object.assign({}, (spec.config || {}).legend, { orient: "bottom", direction: "vertical" }),
  });
}

async function draw(container, expressionInterpreter) {
  const block = document.getElementById(container.dataset.planeSpec);
  if (!block) return;
  const spec = JSON.parse(block.textContent);
  fitWidth(spec, container.clientWidth);
  try {
    await window.vegaEmbed(container, spec, {
      ast: true,
      expr: expressionInterpreter,
      renderer: "svg",
      actions: false,
      defaultStyle: false,
      // Vega's own tooltips (a native title): vega-tooltip would inject a <style> the CSP refuses.
      tooltip: false,
    });
    container.dataset.planeReady = "true";
  } catch (error) {
    container.textContent = container.dataset.planeError || String(error);
  }
}

async function main() {
  const containers = document.querySelectorAll("[data-plane-spec]");
  if (!containers.length) return;
  await whenLoaded();
  let expressionInterpreter;
  try {
    ({ expressionInterpreter } = await import(interpreterUrl));
  } catch (error) {
    containers.forEach((container) => { container.textContent = container.dataset.planeError || String(error); });
    return;
  }
  containers.forEach((container) => draw(container, expressionInterpreter));
}

main();
