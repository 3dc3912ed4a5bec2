// Page benchmark: what a first visit downloads, and how long until the page is interactive.
//
// Run by scripts/bench-page.sh against a release dist/ (`trunk build --release`), served from a
// sub-path like the browser tests: `node tests/browser/bench-size.mjs`.
//
// Prints, in the `bench: <what>: <number> <unit>` form the README's Performance section copies:
//
// * `bench: transfer gzip: N KB` — every response the page loads until it is interactive, each
//   body compressed with gzip -9 (what a static host that gzips sends), summed; then one line per
//   file with its raw and gzip bytes. KB is 1,000 bytes. The budget (issue 3) is 350 KB.
// * `bench: first interactive render: N ms` — from navigation start to the root's
//   `data-ready="true"`, the median of LOADS fresh loads (each in a new browser context, so
//   nothing is cached and nothing is restored from localStorage), then the individual loads.
//   The budget is 400 ms.
//
// Environment: as tests/browser/harness.mjs, plus BENCH_LOADS (default 7).

import { gzipSync } from "node:zlib";

import { openPage, READY_TIMEOUT_MS } from "./harness.mjs";

const BASE_PATH = "/bench/sub/path/";
const LOADS = Math.max(1, Number(process.env.BENCH_LOADS ?? 7));
const VIEWPORT = { width: 1280, height: 720 };

// Runs before the page's scripts: notes when the root first says data-ready="true".
function recordFirstRender() {
  const observer = new MutationObserver(() => {
    const root = document.getElementById("playground");
    if (root !== null && root.dataset.ready === "true" && window.__firstRenderMs === undefined) {
      window.__firstRenderMs = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["data-ready"],
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const kilobytes = (bytes) => (bytes / 1000).toFixed(1);

/** What the file is, for the breakdown: html, js, wasm, css or other. */
function fileKind(name) {
  const extension = name.split(".").pop();
  return ["html", "js", "wasm", "css"].includes(extension) ? extension : "other";
}

/**
 * Loads the page once in a fresh context. Returns the time to interactive and, when `collect`
 * is set, every response body by file name (relative to the base path).
 */
async function loadOnce(browser, url, collect) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript(recordFirstRender);
    const page = await context.newPage();
    const pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    const pendingBodies = [];
    if (collect) {
      page.on("response", (response) => {
        const name = decodeURIComponent(new URL(response.url()).pathname.slice(BASE_PATH.length));
        pendingBodies.push(
          response
            .body()
            .then((body) => ({ name: name === "" ? "index.html" : name, body }))
            .catch(() => ({ name, body: Buffer.alloc(0) })),
        );
      });
    }
    await page.goto(url, { waitUntil: "load" });
    await page.waitForSelector('#playground[data-ready="true"]', { timeout: READY_TIMEOUT_MS });
    const firstRenderMs = await page.evaluate(() => window.__firstRenderMs);
    if (pageErrors.length > 0) {
      throw new Error(`page errors: ${pageErrors.join(" | ")}`);
    }
    if (typeof firstRenderMs !== "number") {
      throw new Error("the first render was not observed");
    }
    return { firstRenderMs, files: await Promise.all(pendingBodies) };
  } finally {
    await context.close();
  }
}

const session = await openPage({ basePath: BASE_PATH, viewport: VIEWPORT });
let exitCode = 0;
try {
  // The page that openPage opened is not used: every load gets its own context.
  const { browser, server } = session;
  const times = [];
  let files = [];
  for (let load = 0; load < LOADS; load += 1) {
    const result = await loadOnce(browser, server.url, load === 0);
    times.push(result.firstRenderMs);
    if (load === 0) {
      files = result.files;
    }
  }

  const rows = files
    .map(({ name, body }) => ({
      name,
      kind: fileKind(name),
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
    }))
    .sort((a, b) => b.gzip - a.gzip || a.name.localeCompare(b.name));
  const totalGzip = rows.reduce((sum, row) => sum + row.gzip, 0);
  const totalRaw = rows.reduce((sum, row) => sum + row.raw, 0);
  console.log(`bench: transfer gzip: ${kilobytes(totalGzip)} KB`);
  for (const row of rows) {
    console.log(
      `    ${row.kind.padEnd(5)} ${kilobytes(row.gzip).padStart(7)} KB gzip ` +
        `${kilobytes(row.raw).padStart(8)} KB raw  ${row.name}`,
    );
  }
  console.log(`    total ${kilobytes(totalGzip).padStart(7)} KB gzip ${kilobytes(totalRaw).padStart(8)} KB raw`);
  console.log(`bench: first interactive render: ${Math.round(median(times))} ms`);
  console.log(`    ${times.length} fresh loads: ${times.map((time) => Math.round(time)).join(", ")} ms`);
} catch (error) {
  console.error(`bench-size: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await session.close();
}
process.exit(exitCode);
