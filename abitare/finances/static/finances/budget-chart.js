// Draws the family-budget chart: the Vega-Lite specification is served as JSON by the page's
// data-chart-spec URL. The CSP forbids eval, so Vega parses expressions to an AST and runs them
// with vega-interpreter (the module served by the assessments app, bound to the global vega).
const script = document.querySelector("script[data-interpreter]");
const interpreterUrl = script ? script.dataset.interpreter : null;

function whenLoaded() {
  // vega, vega-lite and vega-embed are deferred classic scripts: they run before module scripts.
  return typeof window.vegaEmbed === "function" ? Promise.resolve() : new Promise((resolve) => {
    window.addEventListener("DOMContentLoaded", resolve, { once: true });
  });
}

function fail(container, error) {
  container.textContent = container.dataset.chartError || String(error);
}

async function draw(container, expressionInterpreter) {
  try {
    const response = await fetch(container.dataset.chartSpec, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(String(response.status));
    const spec = await response.json();
    await window.vegaEmbed(container, spec, {
      ast: true,
      expr: expressionInterpreter,
      renderer: "svg",
      actions: false,
      defaultStyle: false,
      tooltip: false,
    });
    container.dataset.chartReady = "true";
  } catch (error) {
    fail(container, error);
  }
}

async function main() {
  const containers = document.querySelectorAll("[data-chart-spec]");
  if (!containers.length) return;
  await whenLoaded();
  let expressionInterpreter;
  try {
    ({ expressionInterpreter } = await import(interpreterUrl));
  } catch (error) {
    containers.forEach((container) => fail(container, error));
    return;
  }
  containers.forEach((container) => draw(container, expressionInterpreter));
}

main();
