// Shared pieces of the browser tests: serve dist/ from a sub-path, start Debian's Chromium
// through playwright-core (as smoke.mjs does), collect page errors, console messages and
// failed requests, and report checks one line each, ending with `N passed, M failed` (the
// line scripts/test.sh counts).
//
// Environment: DIST_DIRECTORY (default dist), CHROMIUM_PATH (default /usr/bin/chromium),
// SCREENSHOT_DIRECTORY (default screenshots).

import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { startStaticServer } from "../../scripts/static-server.mjs";

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const distDirectory = path.resolve(repositoryRoot, process.env.DIST_DIRECTORY ?? "dist");
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const screenshotDirectory = path.resolve(
  repositoryRoot,
  process.env.SCREENSHOT_DIRECTORY ?? "screenshots",
);

export const READY_TIMEOUT_MS = 30_000;
const LAUNCH_TIMEOUT_MS = 60_000;

// The flags shared/spec/toolchain.md gives for Chromium on this network, as root.
// playwright-core adds --headless and a fresh --user-data-dir itself.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** Runs named checks, prints one line each, and counts them. */
export class Checks {
  constructor() {
    this.results = [];
  }

  record(name, status, detail = "") {
    this.results.push({ name, status });
    const label = { pass: "ok  ", fail: "FAIL", skip: "skip" }[status];
    const suffix = detail === "" ? "" : `: ${detail}`;
    console.log(`${label} ${name}${suffix}`);
  }

  async check(name, body) {
    try {
      const detail = await body();
      this.record(name, "pass", detail ?? "");
      return true;
    } catch (error) {
      this.record(name, "fail", error instanceof Error ? error.message : String(error));
      return false;
    }
  }

  skip(name, reason) {
    this.record(name, "skip", reason);
  }

  /** Prints the totals and returns the process exit code. */
  finish() {
    const passed = this.results.filter((result) => result.status === "pass").length;
    const failed = this.results.filter((result) => result.status === "fail").length;
    const skipped = this.results.filter((result) => result.status === "skip").length;
    if (skipped > 0) {
      console.log(`${skipped} skipped`);
    }
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  }
}

/**
 * Serves dist/ under basePath, starts Chromium and opens a page that records what went wrong.
 * `initScript` (a function) runs in the page before any of the page's own scripts; `locale`
 * sets the browser's language.
 */
export async function openPage({ basePath, viewport, initScript, locale }) {
  const server = await startStaticServer({ rootDirectory: distDirectory, basePath });
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: LAUNCH_TIMEOUT_MS,
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  // `locale` (e.g. "zh-CN") sets the browser's languages, which choose the page's language.
  const page = await browser.newPage({ viewport, locale });
  if (initScript !== undefined) {
    await page.addInitScript(initScript);
  }
  const problems = {
    pageErrors: [],
    consoleErrors: [],
    consoleWarnings: [],
    failedRequests: [],
  };
  page.on("pageerror", (error) => problems.pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") {
      problems.consoleErrors.push(message.text());
    } else if (message.type() === "warning") {
      problems.consoleWarnings.push(message.text());
    }
  });
  page.on("requestfailed", (request) =>
    problems.failedRequests.push(`${request.url()} (${request.failure()?.errorText})`),
  );
  page.on("response", (response) => {
    if (response.status() >= 400) {
      problems.failedRequests.push(`${response.url()} (HTTP ${response.status()})`);
    }
  });
  return {
    server,
    browser,
    page,
    problems,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Saves a full-page screenshot and returns its path relative to the repository. */
export async function screenshot(page, name) {
  await mkdir(screenshotDirectory, { recursive: true });
  const screenshotPath = path.join(screenshotDirectory, name);
  await page.screenshot({ path: screenshotPath, fullPage: true });
  return path.relative(repositoryRoot, screenshotPath);
}

// The editor: CodeMirror 6 in the shadow root of [data-testid="editor"]. Playwright's CSS
// selectors pierce open shadow roots, so `.cm-content` (the contenteditable text) is found
// from the host.
export const EDITOR_CONTENT = '[data-testid="editor"] .cm-content';

/**
 * Waits for CodeMirror: the page imports its bundle when the editor mounts, right after the
 * first render, so it arrives a moment after data-ready.
 */
export async function waitForEditor(page) {
  await page.waitForFunction(
    () => document.querySelector('[data-testid="editor"]')?.editorView !== undefined,
    undefined,
    { timeout: 10_000 },
  );
}

/** The whole text of the file on screen (CodeMirror draws only the lines in view). */
export async function editorText(page) {
  await waitForEditor(page);
  return page.$eval('[data-testid="editor"]', (host) => host.editorView.state.doc.toString());
}

/**
 * Replaces the editor's text as a person pasting would: focus the text, select all (Ctrl+A),
 * paste. The paste is a `paste` event carrying the text, which CodeMirror's own paste handler
 * takes. (Playwright's `fill` would instead let the browser's editing engine insert the lines
 * with inline styles, which the page's Content-Security-Policy refuses; CodeMirror repairs the
 * text either way, but the refusal is logged as a console error.)
 */
export async function setEditorText(page, text) {
  await waitForEditor(page);
  await page.focus(EDITOR_CONTENT);
  await page.keyboard.press("ControlOrMeta+a");
  await page.$eval(
    EDITOR_CONTENT,
    (content, text) => {
      const data = new DataTransfer();
      data.setData("text/plain", text);
      content.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
      );
    },
    text,
  );
}

/**
 * Puts the cursor at the end of `line` (1-based) by clicking the line's text. For typing a
 * few keys with page.keyboard afterwards.
 */
export async function placeCursorAtEndOfLine(page, line) {
  await waitForEditor(page);
  await page.$eval(
    '[data-testid="editor"]',
    (host, line) => {
      const view = host.editorView;
      const at = view.state.doc.line(line);
      view.focus();
      view.dispatch({ selection: { anchor: at.to }, scrollIntoView: true });
    },
    line,
  );
}

/**
 * The lines the lint gutter marks (as numbers, in order), found by lining each marker up
 * with the line number beside it.
 */
export async function lintMarkedLines(page, severity = "error") {
  await waitForEditor(page);
  return page.$eval(
    '[data-testid="editor"]',
    (host, severity) => {
      const root = host.shadowRoot;
      const numbers = Array.from(root.querySelectorAll(".cm-lineNumbers .cm-gutterElement"))
        .map((element) => ({ top: element.getBoundingClientRect().top, text: element.textContent }))
        .filter((entry) => /^\d+$/.test(entry.text));
      return Array.from(root.querySelectorAll(`.cm-lint-marker-${severity}`)).map((marker) => {
        const top = marker.closest(".cm-gutterElement").getBoundingClientRect().top;
        const match = numbers.find((entry) => Math.abs(entry.top - top) < 2);
        return match === undefined ? null : Number(match.text);
      });
    },
    severity,
  );
}

/**
 * Leaves the playground for a blank page of the same origin (answered by the test, not the
 * server), where the page's localStorage can be changed after the page has gone: the page
 * saves its work when it is left.
 */
export async function leaveForBlank(page, serverUrl) {
  const blank = `${serverUrl}__blank.html`;
  await page.route(blank, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: '<!doctype html><link rel="icon" href="data:,"><title>blank</title>',
    }),
  );
  await page.goto(blank, { waitUntil: "load" });
  await page.unroute(blank);
}

/**
 * Removes the playground's saved work (every `sts-playground/v1…` key) as a new visitor would
 * have none, from a blank page of the same origin (see `leaveForBlank`).
 */
export async function forgetSavedWork(page, serverUrl) {
  await leaveForBlank(page, serverUrl);
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith("sts-playground/v1")) localStorage.removeItem(key);
    }
  });
}
