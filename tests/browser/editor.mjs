// Browser tests of the manifest editor (CodeMirror 6 in the shadow root of
// [data-testid="editor"]): diagnostics while typing in the list and the lint gutter, undo,
// space indentation and the keyboard's way out, search, and the file tabs (new, rename,
// delete, keyboard). Its own page session, so the tabs can be changed freely.
//
// Run by scripts/test.sh after `trunk build --release`: `node tests/browser/editor.mjs`.

import { readFile } from "node:fs/promises";
import path from "node:path";

import {
  assert,
  Checks,
  EDITOR_CONTENT,
  editorText,
  lintMarkedLines,
  openPage,
  placeCursorAtEndOfLine,
  READY_TIMEOUT_MS,
  repositoryRoot,
  screenshot,
  setEditorText,
} from "./harness.mjs";

const STEP_TIMEOUT_MS = 10_000;
const checks = new Checks();
const statefulDemo = await readFile(
  path.join(repositoryRoot, "examples/stateful-demo.yaml"),
  "utf8",
);

const session = await openPage({ basePath: "/editor/", viewport: { width: 1280, height: 900 } });
const { page, problems, server } = session;

const testId = (id) => `[data-testid="${id}"]`;
const tab = (name) => `${testId("file-tab")}[data-name="${name}"]`;
const fresh = `${testId("diagnostics")}[data-stale="false"]`;

async function tabNames() {
  return page.$$eval(testId("file-tab"), (tabs) => tabs.map((t) => t.dataset.name));
}

async function selectedTab() {
  return page.$eval(`${testId("file-tab")}[aria-selected="true"]`, (t) => t.dataset.name);
}

/** Whether keyboard focus is inside the editor (the host's shadow root). */
async function editorHasFocus() {
  return page.$eval(testId("editor"), (host) => host.shadowRoot.activeElement !== null);
}

async function noProblems() {
  await page.waitForSelector(`${fresh}:not(:has(${testId("diagnostic")}))`, {
    state: "attached",
    timeout: STEP_TIMEOUT_MS,
  });
}

try {
  await checks.check("the editor mounts CodeMirror in its host", async () => {
    const response = await page.goto(server.url, { waitUntil: "load" });
    assert(response !== null && response.ok(), `HTTP ${response?.status()}`);
    await page.waitForSelector('#playground[data-ready="true"]', { timeout: READY_TIMEOUT_MS });
    await page.waitForSelector(EDITOR_CONTENT, { timeout: STEP_TIMEOUT_MS });
    const role = await page.getAttribute(EDITOR_CONTENT, "role");
    const label = await page.getAttribute(EDITOR_CONTENT, "aria-label");
    assert(role === "textbox" && label === "Contents of pv-demo.yaml", `${role} ${label}`);
    const numbers = await page.$$(`${testId("editor")} .cm-lineNumbers .cm-gutterElement`);
    assert(numbers.length > 10, `${numbers.length} line numbers`);
    const highlighted = await page.$$(`${testId("editor")} .cm-line span[class]`);
    assert(highlighted.length > 10, "no YAML highlighting");
  });

  await checks.check("typing an error shows it at its line in the list and in the lint gutter", async () => {
    await page.click(tab("stateful-demo.yaml"));
    const line = statefulDemo.split("\n").findIndex((text) => text === "  replicas: 2") + 1;
    await placeCursorAtEndOfLine(page, line);
    await page.keyboard.type("x");
    const row = await page.waitForSelector(`${fresh} ${testId("diagnostic")}[data-line="${line}"]`, {
      timeout: STEP_TIMEOUT_MS,
    });
    const column = await row.getAttribute("data-column");
    const text = await row.textContent();
    assert(text.includes(`line ${line}, column ${column}`), text);
    assert(text.includes("document 2") && text.includes("spec.replicas"), text);
    await page.waitForFunction(
      (line) => {
        const host = document.querySelector('[data-testid="editor"]');
        return host.shadowRoot.querySelector(".cm-lint-marker-error") !== null && line > 0;
      },
      line,
      { timeout: STEP_TIMEOUT_MS },
    );
    const marked = await lintMarkedLines(page);
    assert(JSON.stringify(marked) === JSON.stringify([line]), `gutter marks ${JSON.stringify(marked)}`);
    const badge = await page.textContent(`${tab("stateful-demo.yaml")} .file-tab-errors`);
    assert(badge?.trim() === "1", `tab badge ${badge}`);
    await screenshot(page, "editor-diagnostic.png");
    return `line ${line}, column ${column}`;
  });

  await checks.check("undo restores the text and clears the problem", async () => {
    await page.keyboard.press("ControlOrMeta+z");
    assert((await editorText(page)) === statefulDemo, "undo did not restore the file");
    await noProblems();
    assert((await lintMarkedLines(page)).length === 0, "the gutter still marks a line");
    await page.keyboard.press("ControlOrMeta+Shift+z");
    assert((await editorText(page)).includes("replicas: 2x"), "redo did not bring the edit back");
    await page.keyboard.press("ControlOrMeta+z");
    await noProblems();
  });

  await checks.check("choosing a problem puts the cursor on its line", async () => {
    const broken = statefulDemo.replace("  serviceName: myapp", "  serviceNme: myapp");
    const line = broken.split("\n").findIndex((text) => text.includes("serviceNme")) + 1;
    await setEditorText(page, broken);
    const row = await page.waitForSelector(`${fresh} ${testId("diagnostic")}[data-line="${line}"]`, {
      timeout: STEP_TIMEOUT_MS,
    });
    await row.click();
    const cursorLine = await page.$eval(testId("editor"), (host) => {
      const view = host.editorView;
      return view.state.doc.lineAt(view.state.selection.main.head).number;
    });
    assert(cursorLine === line, `cursor on line ${cursorLine}, problem on line ${line}`);
    assert(await editorHasFocus(), "the editor did not take focus");
    await setEditorText(page, statefulDemo);
    await noProblems();
  });

  await checks.check("Tab indents with spaces; Esc then Tab leaves the editor", async () => {
    await placeCursorAtEndOfLine(page, 1);
    await page.keyboard.press("Tab");
    const indented = await editorText(page);
    assert(indented.startsWith("  apiVersion: v1\n"), JSON.stringify(indented.slice(0, 30)));
    assert(!indented.includes("\t"), "a tab character was inserted");
    await page.keyboard.press("Shift+Tab");
    assert((await editorText(page)) === statefulDemo, "Shift+Tab did not take the indentation back");
    assert(await editorHasFocus(), "Tab left the editor");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    assert(!(await editorHasFocus()), "Esc then Tab did not leave the editor");
    assert((await editorText(page)) === statefulDemo, "Esc then Tab changed the text");
    const hint = await page.textContent(".editor-hint");
    assert(hint.includes("Esc, then Tab"), hint);
  });

  await checks.check("Ctrl+F opens the search panel", async () => {
    await placeCursorAtEndOfLine(page, 1);
    await page.keyboard.press("ControlOrMeta+f");
    const field = await page.waitForSelector(`${testId("editor")} .cm-search input[main-field]`, {
      timeout: STEP_TIMEOUT_MS,
    });
    const focused = await page.$eval(
      testId("editor"),
      (host) => host.shadowRoot.activeElement?.getAttribute("main-field") === "true",
    );
    assert(focused, "the search field does not have focus");
    await field.type("myapp");
    await page.keyboard.press("Enter");
    const selected = await page.$eval(testId("editor"), (host) => {
      const { state } = host.editorView;
      const range = state.selection.main;
      return state.sliceDoc(range.from, range.to);
    });
    assert(selected === "myapp", `selected ${JSON.stringify(selected)}`);
    await screenshot(page, "editor-search.png");
    await page.keyboard.press("Escape");
    await page.waitForSelector(`${testId("editor")} .cm-search`, {
      state: "detached",
      timeout: STEP_TIMEOUT_MS,
    });
  });

  await checks.check("New file adds an empty tab and selects it", async () => {
    await page.click(testId("file-new"));
    await page.waitForSelector(`${tab("untitled.yaml")}[aria-selected="true"]`, {
      timeout: STEP_TIMEOUT_MS,
    });
    assert((await editorText(page)) === "", "the new file is not empty");
    const names = await tabNames();
    assert(
      JSON.stringify(names) === JSON.stringify(["pv-demo.yaml", "stateful-demo.yaml", "untitled.yaml"]),
      JSON.stringify(names),
    );
  });

  await checks.check("Rename refuses a taken or invalid name with a clear message", async () => {
    await page.click(testId("file-rename"));
    const input = testId("file-name-input");
    await page.waitForSelector(input, { timeout: STEP_TIMEOUT_MS });
    const label = await page.textContent('label[for="file-name-input"]');
    assert(label === "New name for untitled.yaml", label);
    await page.fill(input, "pv-demo.yaml");
    await page.press(input, "Enter");
    const taken = await page.textContent(testId("file-error"));
    assert(taken === "There is already a file named pv-demo.yaml.", taken);
    assert((await page.getAttribute(input, "aria-invalid")) === "true", "not marked invalid");
    await page.fill(input, "my web.yaml");
    await page.press(input, "Enter");
    const invalid = await page.textContent(testId("file-error"));
    assert(invalid.startsWith("Use only letters, digits"), invalid);
    await page.fill(input, "web.yaml");
    await page.press(input, "Enter");
    await page.waitForSelector(`${tab("web.yaml")}[aria-selected="true"]`, { timeout: STEP_TIMEOUT_MS });
    await page.waitForSelector(input, { state: "detached", timeout: STEP_TIMEOUT_MS });
    const focused = await page.evaluate(() => document.activeElement?.dataset.name);
    assert(focused === "web.yaml", `focus went to ${focused}`);
  });

  await checks.check("a renamed file keeps its text and undo history; Apply uses its name", async () => {
    await setEditorText(page, "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n");
    await page.click(tab("pv-demo.yaml"));
    assert((await editorText(page)).includes("name: pv005"), "pv-demo.yaml not shown");
    await page.click(tab("web.yaml"));
    assert((await editorText(page)).includes("name: web"), "web.yaml lost its text");
    const title = await page.getAttribute(testId("apply"), "title");
    assert(title === "Runs kubectl apply -f web.yaml", title);
    await page.click(testId("apply"));
    await page.waitForFunction(
      () => document.querySelector('[data-testid="console-output"]')?.textContent.includes("service/web created"),
      undefined,
      { timeout: STEP_TIMEOUT_MS },
    );
    await page.click(testId("file-rename"));
    await page.fill(testId("file-name-input"), "headless.yaml");
    await page.press(testId("file-name-input"), "Enter");
    await page.waitForSelector(tab("headless.yaml"), { timeout: STEP_TIMEOUT_MS });
    await page.focus(EDITOR_CONTENT);
    await page.keyboard.press("ControlOrMeta+z");
    assert((await editorText(page)) === "", "the undo history did not survive the rename");
    await page.keyboard.press("ControlOrMeta+Shift+z");
    assert((await editorText(page)).includes("name: web"), "redo after rename failed");
  });

  await checks.check("each file keeps its own undo history; a deleted file's goes with it", async () => {
    await page.click(testId("file-new"));
    await page.waitForSelector(`${tab("untitled.yaml")}[aria-selected="true"]`, { timeout: STEP_TIMEOUT_MS });
    await page.focus(EDITOR_CONTENT);
    await page.keyboard.type("kind: Pod");
    await page.click(testId("file-new"));
    await page.waitForSelector(`${tab("untitled-2.yaml")}[aria-selected="true"]`, { timeout: STEP_TIMEOUT_MS });
    await page.focus(EDITOR_CONTENT);
    await page.keyboard.press("ControlOrMeta+z");
    assert((await editorText(page)) === "", "undo in a new file changed it");
    await page.click(tab("untitled.yaml"));
    assert((await editorText(page)) === "kind: Pod", "untitled.yaml lost its text");
    await page.click(testId("file-delete"));
    await page.click(testId("file-delete-confirm"));
    await page.waitForSelector(tab("untitled.yaml"), { state: "detached", timeout: STEP_TIMEOUT_MS });
    assert((await selectedTab()) === "untitled-2.yaml", await selectedTab());
    await page.focus(EDITOR_CONTENT);
    await page.keyboard.press("ControlOrMeta+z");
    assert((await editorText(page)) === "", "the deleted file's history reached untitled-2.yaml");
    await page.click(testId("file-delete"));
    await page.click(testId("file-delete-confirm"));
    await page.waitForSelector(tab("untitled-2.yaml"), { state: "detached", timeout: STEP_TIMEOUT_MS });
  });

  await checks.check("the tabs work from the keyboard (arrows, F2, Delete)", async () => {
    await page.focus(`${testId("file-tab")}[aria-selected="true"]`);
    await page.keyboard.press("Home");
    assert((await selectedTab()) === "pv-demo.yaml", await selectedTab());
    await page.keyboard.press("ArrowRight");
    assert((await selectedTab()) === "stateful-demo.yaml", await selectedTab());
    const focused = await page.evaluate(() => document.activeElement?.dataset.name);
    assert(focused === "stateful-demo.yaml", `focus on ${focused}`);
    await page.keyboard.press("End");
    assert((await selectedTab()) === "headless.yaml", await selectedTab());
    await page.keyboard.press("F2");
    await page.waitForSelector(testId("file-name-input"), { timeout: STEP_TIMEOUT_MS });
    await page.keyboard.press("Escape");
    await page.waitForSelector(testId("file-name-input"), { state: "detached", timeout: STEP_TIMEOUT_MS });
    const back = await page.evaluate(() => document.activeElement?.dataset.name);
    assert(back === "headless.yaml", `focus after Escape on ${back}`);
    await page.keyboard.press("Delete");
    const question = await page.textContent("#file-delete-question");
    assert(question.startsWith("Delete headless.yaml?"), question);
    await page.click('.file-form button:has-text("Keep it")');
    assert((await tabNames()).includes("headless.yaml"), "Keep it deleted the file");
  });

  await checks.check("Delete asks first, removes the tab, and keeps the last file", async () => {
    await page.click(testId("file-delete"));
    const question = await page.textContent("#file-delete-question");
    assert(question.startsWith("Delete headless.yaml?"), question);
    await page.click(testId("file-delete-confirm"));
    await page.waitForSelector(tab("headless.yaml"), { state: "detached", timeout: STEP_TIMEOUT_MS });
    assert((await selectedTab()) === "stateful-demo.yaml", await selectedTab());
    for (const name of ["stateful-demo.yaml", "pv-demo.yaml"]) {
      await page.click(tab(name));
      await page.click(testId("file-delete"));
      if (name === "pv-demo.yaml") {
        break;
      }
      await page.click(testId("file-delete-confirm"));
      await page.waitForSelector(tab(name), { state: "detached", timeout: STEP_TIMEOUT_MS });
    }
    const refusal = await page.textContent(testId("file-error"));
    assert(refusal.startsWith("The last file cannot be deleted"), refusal);
    assert(JSON.stringify(await tabNames()) === JSON.stringify(["pv-demo.yaml"]), JSON.stringify(await tabNames()));
    assert((await editorText(page)).includes("name: pv005"), "the last file lost its text");
    await screenshot(page, "editor-last-file.png");
  });

  await checks.check("no uncaught page errors", async () => {
    assert(problems.pageErrors.length === 0, problems.pageErrors.join(" | "));
  });

  await checks.check("no console errors or warnings (CSP violations among them), no failed requests", async () => {
    const all = [...problems.consoleErrors, ...problems.consoleWarnings, ...problems.failedRequests];
    assert(all.length === 0, all.join(" | "));
  });
} catch (error) {
  checks.record("browser session", "fail", error instanceof Error ? error.message : String(error));
} finally {
  await session.close();
}

// The editor's words in Simplified Chinese, CodeMirror's own among them.
const chinese = await openPage({
  basePath: "/editor-zh/",
  viewport: { width: 1280, height: 900 },
  locale: "zh-CN",
});
try {
  await checks.check("in Chinese: the tabs, Apply, the text box and the search panel", async () => {
    const { page: zhPage, server: zhServer } = chinese;
    await zhPage.goto(zhServer.url, { waitUntil: "load" });
    await zhPage.waitForSelector(EDITOR_CONTENT, { timeout: READY_TIMEOUT_MS });
    const words = [
      await zhPage.textContent(testId("apply")),
      await zhPage.textContent(testId("file-new")),
      await zhPage.getAttribute(EDITOR_CONTENT, "aria-label"),
    ];
    assert(
      JSON.stringify(words) === JSON.stringify(["应用", "新建文件", "pv-demo.yaml 的内容"]),
      JSON.stringify(words),
    );
    await zhPage.focus(EDITOR_CONTENT);
    await zhPage.keyboard.press("ControlOrMeta+f");
    const field = await zhPage.waitForSelector(`${testId("editor")} .cm-search input[main-field]`, {
      timeout: STEP_TIMEOUT_MS,
    });
    const placeholder = await field.getAttribute("placeholder");
    assert(placeholder === "查找", `search placeholder ${placeholder}`);
    const errors = [...chinese.problems.pageErrors, ...chinese.problems.consoleErrors];
    assert(errors.length === 0, errors.join(" | "));
  });
} finally {
  await chinese.close();
}

process.exit(checks.finish());
