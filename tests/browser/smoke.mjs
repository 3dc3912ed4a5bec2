// Browser smoke test: serves dist/ from a sub-path, opens it in Debian's Chromium through
// playwright-core, and checks that the page starts cleanly.
//
// Run by scripts/test.sh after `trunk build --release`: `node tests/browser/smoke.mjs`.
// Environment: DIST_DIRECTORY (default dist), CHROMIUM_PATH (default /usr/bin/chromium),
// SCREENSHOT_DIRECTORY (default screenshots). Prints one line per check and then
// `N passed, M failed`; exits non-zero when any check failed.

import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { startStaticServer } from "../../scripts/static-server.mjs";
import { editorText } from "./harness.mjs";

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const distDirectory = path.resolve(repositoryRoot, process.env.DIST_DIRECTORY ?? "dist");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const screenshotDirectory = path.resolve(
  repositoryRoot,
  process.env.SCREENSHOT_DIRECTORY ?? "screenshots",
);

// A deep sub-path: asset URLs that start with "/" would miss it.
const BASE_PATH = "/sub/path/";
const READY_TIMEOUT_MS = 30_000;
const LAUNCH_TIMEOUT_MS = 60_000;

// The flags shared/spec/toolchain.md gives for Chromium on this network, as root.
// playwright-core adds --headless and a fresh --user-data-dir itself.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const results = [];

function record(name, passed, detail = "") {
  results.push({ name, passed });
  const suffix = detail === "" ? "" : `: ${detail}`;
  console.log(`${passed ? "ok  " : "FAIL"} ${name}${suffix}`);
}

async function check(name, body) {
  try {
    const detail = await body();
    record(name, true, detail ?? "");
  } catch (error) {
    record(name, false, error instanceof Error ? error.message : String(error));
  }
}

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

const server = await startStaticServer({ rootDirectory: distDirectory, basePath: BASE_PATH });
let browser;
try {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: LAUNCH_TIMEOUT_MS,
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });

  const pageErrors = [];
  const consoleErrors = [];
  const consoleWarnings = [];
  const failedRequests = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") {
      consoleErrors.push(message.text());
    } else if (message.type() === "warning") {
      consoleWarnings.push(message.text());
    }
  });
  page.on("requestfailed", (request) =>
    failedRequests.push(`${request.url()} (${request.failure()?.errorText})`),
  );
  page.on("response", (response) => {
    if (response.status() >= 400) {
      failedRequests.push(`${response.url()} (HTTP ${response.status()})`);
    }
  });

  await check(`page loads from the sub-path ${BASE_PATH}`, async () => {
    const response = await page.goto(server.url, { waitUntil: "load" });
    assert(response !== null && response.ok(), `HTTP ${response?.status()}`);
    return server.url;
  });

  await check('app mounts and sets data-ready="true"', async () => {
    await page.waitForSelector('#playground[data-ready="true"]', { timeout: READY_TIMEOUT_MS });
  });

  await check("title is StatefulSet Playground", async () => {
    const heading = await page.textContent("h1");
    assert(heading === "StatefulSet Playground", `h1 is ${JSON.stringify(heading)}`);
    const title = await page.title();
    assert(title === "StatefulSet Playground", `document title is ${JSON.stringify(title)}`);
  });

  await check("file tabs switch the text area between the two manifests", async () => {
    const tabNames = await page.locator('[role="tab"]').allTextContents();
    assert(
      JSON.stringify(tabNames) === JSON.stringify(["pv-demo.yaml", "stateful-demo.yaml"]),
      `tabs are ${JSON.stringify(tabNames)}`,
    );
    const firstText = await editorText(page);
    assert(firstText.includes("name: pv005"), "pv-demo.yaml is not shown first");
    await page.click('[role="tab"]:has-text("stateful-demo.yaml")');
    const secondText = await editorText(page);
    assert(secondText.includes("kind: StatefulSet"), "stateful-demo.yaml is not shown");
    await page.click('[role="tab"]:has-text("pv-demo.yaml")');
  });

  await check("Content-Security-Policy forbids inline script and allows wasm", async () => {
    const policy = await page.getAttribute(
      'meta[http-equiv="Content-Security-Policy"]',
      "content",
    );
    assert(policy !== null, "no Content-Security-Policy meta tag");
    const scriptSource = policy.split(";").find((part) => part.trim().startsWith("script-src"));
    assert(scriptSource !== undefined, "no script-src directive");
    assert(!scriptSource.includes("unsafe-inline"), "script-src allows 'unsafe-inline'");
    assert(scriptSource.includes("'wasm-unsafe-eval'"), "script-src lacks 'wasm-unsafe-eval'");
    // Read the served HTML, not the live DOM: Yew empties <body> when it mounts.
    const servedHtml = await (await fetch(server.url)).text();
    const inlineScripts = (servedHtml.match(/<script\b[^>]*>/gi) ?? []).filter(
      (openingTag) => !/\ssrc=/i.test(openingTag),
    );
    assert(inlineScripts.length === 0, `inline scripts in index.html: ${inlineScripts.join(" ")}`);
  });

  await check("no uncaught page errors", async () => {
    assert(pageErrors.length === 0, pageErrors.join(" | "));
  });

  await check("no console errors (CSP violations among them)", async () => {
    assert(consoleErrors.length === 0, consoleErrors.join(" | "));
  });

  await check("no console warnings", async () => {
    assert(consoleWarnings.length === 0, consoleWarnings.join(" | "));
  });

  await check("no failed requests", async () => {
    assert(failedRequests.length === 0, failedRequests.join(" | "));
  });

  await check("screenshot saved", async () => {
    await mkdir(screenshotDirectory, { recursive: true });
    const screenshotPath = path.join(screenshotDirectory, "smoke.png");
    await page.screenshot({ path: screenshotPath, fullPage: true });
    return path.relative(repositoryRoot, screenshotPath);
  });
} catch (error) {
  record("browser session", false, error instanceof Error ? error.message : String(error));
} finally {
  await browser?.close();
  await server.close();
}

const passedCount = results.filter((result) => result.passed).length;
const failedCount = results.length - passedCount;
console.log(`${passedCount} passed, ${failedCount} failed`);
process.exit(failedCount === 0 ? 0 : 1);
