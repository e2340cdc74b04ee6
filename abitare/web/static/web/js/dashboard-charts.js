// Draws the dashboard's bar charts: each container names the JSON script (Django's json_script)
// that holds its Vega-Lite specification. The CSP forbids eval, so Vega parses expressions to an
// AST and runs them with vega-interpreter (served by the shell, bound to the global vega).
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
    const source = document.getElementById(container.dataset.chartSource);
    if (!source) throw new Error("no specification");
    await window.vegaEmbed(container, JSON.parse(source.textContent), {
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
  const containers = document.querySelectorAll("[data-chart-source]");
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
