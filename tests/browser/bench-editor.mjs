// Benchmark: edit-to-diagnostic for the default files (pv-demo.yaml, stateful-demo.yaml), in
// headless Chromium against the built dist/ (scripts/bench-page.sh runs it on a release
// build). Each edit is one real keystroke in CodeMirror: "x" typed into a field name (an
// unknown field, so a diagnostic appears at that line), then Backspace (the diagnostic goes).
// 30 edits per file.
//
// Three times are taken in the page for each edit:
//   * keystroke: the keydown event reaches the document (capture phase, before CodeMirror);
//   * frame: the start of the next animation frame (a requestAnimationFrame registered at the
//     keystroke, so it runs before the editor's own frame callback in that frame);
//   * done: the diagnostics list in the DOM says what the edit implies (a fresh row at the
//     edited line, or no rows), seen by a MutationObserver.
// The editor computes diagnostics on the next animation frame (no timed debounce while they
// are fast), so keystroke→frame is the wait for the frame (plus CodeMirror taking the
// keystroke), and frame→done is the work: the core's diagnostics, the reducer, Yew's render
// of the list and the lint markers. The budget (16 ms) is for the work, and that is what
// `bench: edit-to-diagnostic` reports (p95); the other lines give the median, the frame wait
// and the whole keystroke→done time.
//
// Prints `bench: <what>: <number> ms` lines.

import { assert, openPage, READY_TIMEOUT_MS } from "./harness.mjs";

const EDITS_PER_FILE = 30;
const STEP_TIMEOUT_MS = 10_000;
// The field each file's edits go into (the first line that is exactly this).
const TARGETS = [
  { file: "pv-demo.yaml", line: "  capacity:", column: "  capacity".length + 1 },
  { file: "stateful-demo.yaml", line: "  replicas: 2", column: "  replicas".length + 1 },
];

function percentile(values, fraction) {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

const round = (ms) => Math.round(ms * 100) / 100;

// Runs in the page: the three clocks of one edit, kept in window.__edit.
function instrument() {
  window.__edit = null;
  document.addEventListener(
    "keydown",
    () => {
      const edit = window.__edit;
      if (edit === null || edit.keystroke !== null) {
        return;
      }
      edit.keystroke = performance.now();
      requestAnimationFrame(() => {
        edit.frame = performance.now();
      });
    },
    { capture: true },
  );
  const matches = () => {
    const edit = window.__edit;
    if (edit === null || edit.keystroke === null || edit.done !== null) {
      return;
    }
    const list = document.querySelector('[data-testid="diagnostics"][data-stale="false"]');
    if (list === null) {
      return;
    }
    const rows = list.querySelectorAll('[data-testid="diagnostic"]');
    const ok =
      edit.expect === "clear"
        ? rows.length === 0
        : Array.from(rows).some((row) => row.dataset.line === String(edit.line));
    if (ok) {
      edit.done = performance.now();
    }
  };
  new MutationObserver(matches).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["data-stale", "data-line"],
  });
}

const session = await openPage({ basePath: "/bench/", viewport: { width: 1280, height: 900 } });
const { page, server } = session;
let exitCode = 0;
try {
  await page.goto(server.url, { waitUntil: "load" });
  await page.waitForSelector('#playground[data-ready="true"]', { timeout: READY_TIMEOUT_MS });
  await page.waitForSelector('[data-testid="editor"] .cm-content', { timeout: STEP_TIMEOUT_MS });
  await page.evaluate(instrument);

  const samples = { wait: [], work: [], total: [] };
  const perFile = [];
  for (const target of TARGETS) {
    await page.click(`[data-testid="file-tab"][data-name="${target.file}"]`);
    const line = await page.$eval(
      '[data-testid="editor"]',
      (host, { text, column }) => {
        const view = host.editorView;
        for (let number = 1; number <= view.state.doc.lines; number++) {
          const at = view.state.doc.line(number);
          if (at.text === text) {
            view.focus();
            view.dispatch({ selection: { anchor: at.from + column - 1 }, scrollIntoView: true });
            return number;
          }
        }
        return 0;
      },
      { text: target.line, column: target.column },
    );
    assert(line > 0, `${target.file} has no line ${JSON.stringify(target.line)}`);
    const work = [];
    for (let index = 0; index < EDITS_PER_FILE; index++) {
      const expect = index % 2 === 0 ? "error" : "clear";
      await page.evaluate(
        ({ expect, line }) => {
          window.__edit = { expect, line, keystroke: null, frame: null, done: null };
        },
        { expect, line },
      );
      await page.keyboard.press(expect === "error" ? "x" : "Backspace");
      await page.waitForFunction(
        () => window.__edit.done !== null && window.__edit.frame !== null,
        undefined,
        { timeout: STEP_TIMEOUT_MS },
      );
      const edit = await page.evaluate(() => window.__edit);
      samples.wait.push(edit.frame - edit.keystroke);
      samples.work.push(edit.done - edit.frame);
      samples.total.push(edit.done - edit.keystroke);
      work.push(edit.done - edit.frame);
    }
    perFile.push(`${target.file} median ${round(percentile(work, 0.5))} ms, p95 ${round(percentile(work, 0.95))} ms`);
  }

  console.log(`edits: ${samples.work.length} (${EDITS_PER_FILE} per file); work per file: ${perFile.join("; ")}`);
  console.log(`bench: edit-to-diagnostic: ${round(percentile(samples.work, 0.95))} ms`);
  console.log(`bench: edit-to-diagnostic median: ${round(percentile(samples.work, 0.5))} ms`);
  console.log(`bench: edit-to-diagnostic wait for the next frame (median): ${round(percentile(samples.wait, 0.5))} ms`);
  console.log(`bench: edit-to-diagnostic keystroke to DOM (median): ${round(percentile(samples.total, 0.5))} ms`);
  console.log(`bench: edit-to-diagnostic keystroke to DOM (p95): ${round(percentile(samples.total, 0.95))} ms`);
} catch (error) {
  console.error(`bench-editor: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await session.close();
}
process.exit(exitCode);
