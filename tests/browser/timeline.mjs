// Browser tests of the timeline and of keeping work safe: reload brings the work back (an
// edited file, the console and its history, the pods); scrubbing back shows the earlier cluster
// and forking carries on from there; the keyboard moves on the timeline; saved work that cannot
// be read gives a message and a working page; a panic leaves a panel with a bug report.
//
// Run by scripts/test.sh after `trunk build --release`: `node tests/browser/timeline.mjs`.
// Screenshots go to SCREENSHOT_DIRECTORY (timeline-*.png).

import {
  assert,
  Checks,
  editorText,
  leaveForBlank,
  openPage,
  READY_TIMEOUT_MS,
  screenshot,
  setEditorText,
} from "./harness.mjs";

const BASE_PATH = "/playground/timeline/";
const POD_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 10_000;
const STORAGE_KEY = "sts-playground/v1";
const MARKER = "# edited before the reload";

const checks = new Checks();
const session = await openPage({ basePath: BASE_PATH, viewport: { width: 1400, height: 1000 } });
const { page, problems, server } = session;
await page.context().grantPermissions(["clipboard-read", "clipboard-write"], {
  origin: new URL(server.url).origin,
});

const testId = (id) => `[data-testid="${id}"]`;
const pod = (name) => `${testId("pod")}[data-name="${name}"]`;

async function ready(url = server.url) {
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector('#playground[data-ready="true"]', { timeout: READY_TIMEOUT_MS });
}

/**
 * Leaves the page for a blank page of the same origin (the page saves its work as it goes),
 * runs `plant` there on the page's storage, and comes back: what `plant` wrote is what the
 * page finds.
 */
async function plantAndReturn(plant, argument) {
  const address = page.url();
  await leaveForBlank(page, server.url);
  const result = await page.evaluate(plant, argument);
  await ready(address);
  return result;
}

async function consoleText() {
  return (await page.textContent(testId("console-output"))) ?? "";
}

async function runInConsole(line, expect) {
  await page.fill(testId("console-input"), line);
  await page.press(testId("console-input"), "Enter");
  await page.waitForFunction(
    ({ selector, line, expect }) => {
      const text = document.querySelector(selector)?.textContent ?? "";
      const at = text.lastIndexOf(`$ ${line}`);
      return at >= 0 && text.slice(at).includes(expect);
    },
    { selector: testId("console-output"), line, expect },
    { timeout: STEP_TIMEOUT_MS },
  );
}

async function podNames() {
  return page.$$eval(testId("pod"), (cards) => cards.map((card) => card.dataset.name));
}

/** Waits until the saved document holds `text` (the autosave runs shortly after a change). */
async function waitForSaved(text) {
  await page.waitForFunction(
    ({ key, text }) => (localStorage.getItem(key) ?? "").includes(text),
    { key: STORAGE_KEY, text },
    { timeout: STEP_TIMEOUT_MS },
  );
}

async function marks() {
  return page.$$eval(testId("timeline-mark"), (rects) =>
    rects.map((rect) => ({ ms: Number(rect.dataset.ms), label: rect.getAttribute("aria-label") })),
  );
}

try {
  await checks.check("the page opens with an empty timeline", async () => {
    await ready();
    await page.waitForSelector(testId("timeline"));
    assert((await marks()).length === 0, "marks on a fresh page");
    for (const id of ["play", "pause", "step", "speed", "clock", "restart", "new-seed"]) {
      assert((await page.$(testId(id))) !== null, `no ${id}`);
    }
  });

  await checks.check("the notes' session runs and each input is a mark", async () => {
    await page.selectOption(testId("speed"), "20");
    await runInConsole("kubectl apply -f pv-demo.yaml", "persistentvolume/pv005 created");
    await runInConsole("kubectl apply -f stateful-demo.yaml", "statefulset.apps/myapp created");
    await page.waitForSelector(`${pod("myapp-1")}[data-ready="1/1"]`, { timeout: POD_TIMEOUT_MS });
    await runInConsole("kubectl get pods", "myapp-1");
    const seen = await marks();
    assert(seen.length === 3, `marks: ${JSON.stringify(seen)}`);
    assert(seen[1].label === "$ kubectl apply -f stateful-demo.yaml", JSON.stringify(seen));
    assert(seen[0].ms <= seen[1].ms && seen[1].ms < seen[2].ms, JSON.stringify(seen));
    return `marks at ${seen.map((mark) => mark.ms).join(", ")} ms`;
  });

  await checks.check("reload brings the work back: the edited file, the console, the pods", async () => {
    await page.click(`${testId("file-tab")}[data-name="pv-demo.yaml"]`);
    const text = await editorText(page);
    await setEditorText(page, `${text}${MARKER}\n`);
    await waitForSaved(MARKER);
    await waitForSaved("kubectl get pods");
    const before = await consoleText();
    const clockBefore = Number(await page.getAttribute(testId("clock"), "data-ms"));
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector('#playground[data-ready="true"]', { timeout: READY_TIMEOUT_MS });
    await page.click(`${testId("file-tab")}[data-name="pv-demo.yaml"]`);
    const after = await editorText(page);
    assert(after.includes(MARKER), "the edit is gone");
    const output = await consoleText();
    assert(output.includes("$ kubectl get pods\nNAME"), `console after reload: ${output}`);
    assert(before.startsWith(output.slice(0, 200)), "the console text differs");
    await page.waitForSelector(`${pod("myapp-1")}[data-ready="1/1"]`, { timeout: STEP_TIMEOUT_MS });
    const clockAfter = Number(await page.getAttribute(testId("clock"), "data-ms"));
    assert(clockAfter >= clockBefore - 6_000, `clock ${clockAfter} ms after, ${clockBefore} ms before`);
    // The console history is back too.
    await page.focus(testId("console-input"));
    await page.press(testId("console-input"), "ArrowUp");
    const recalled = await page.inputValue(testId("console-input"));
    assert(recalled === "kubectl get pods", `↑ recalls ${JSON.stringify(recalled)}`);
    await page.fill(testId("console-input"), "");
    assert((await marks()).length === 3, "the marks are back");
    await screenshot(page, "timeline-reloaded.png");
    return `pods ${JSON.stringify(await podNames())}, clock ${clockAfter} ms`;
  });

  await checks.check("leaving the page saves at once: an edit made just before is not lost", async () => {
    const quick = "# typed just before leaving";
    await page.click(`${testId("file-tab")}[data-name="pv-demo.yaml"]`);
    const text = await editorText(page);
    await setEditorText(page, `${text}${quick}\n`);
    // Well inside the autosave's delay: only the pagehide save can keep it.
    const address = page.url();
    await page.goto("about:blank");
    await page.goto(address, { waitUntil: "load" });
    await page.waitForSelector('#playground[data-ready="true"]', { timeout: READY_TIMEOUT_MS });
    await page.click(`${testId("file-tab")}[data-name="pv-demo.yaml"]`);
    assert((await editorText(page)).includes(quick), "the last edit is gone");
  });

  await checks.check("scrubbing back shows the earlier cluster, and back to now returns", async () => {
    const second = page.locator(testId("timeline-mark")).nth(1);
    await second.click({ force: true });
    await page.waitForSelector(testId("fork"), { timeout: STEP_TIMEOUT_MS });
    const names = await podNames();
    assert(JSON.stringify(names) === JSON.stringify(["myapp-0"]), `pods in the past: ${JSON.stringify(names)}`);
    const output = await consoleText();
    assert(output.trimEnd().endsWith("statefulset.apps/myapp created"), `console in the past: ${output}`);
    assert(await page.isDisabled(testId("play")), "play is on in the past");
    const viewing = await page.getAttribute(testId("timeline"), "data-viewing");
    assert(viewing === String((await marks())[1].ms), `viewing ${viewing}`);
    const banner = await page.textContent(".timeline-past");
    assert(/Viewing \d\d:\d\d:\d\d/.test(banner ?? ""), banner);
    await screenshot(page, "timeline-past.png");
    await page.click(testId("back-to-now"));
    await page.waitForSelector(testId("fork"), { state: "detached", timeout: STEP_TIMEOUT_MS });
    await page.waitForSelector(`${pod("myapp-1")}[data-ready="1/1"]`, { timeout: STEP_TIMEOUT_MS });
  });

  await checks.check("the keyboard moves on the timeline: ←, Home, End", async () => {
    await page.focus(testId("timeline"));
    await page.keyboard.press("Home");
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.dataset.viewing === "0",
      testId("timeline"),
      { timeout: STEP_TIMEOUT_MS },
    );
    assert((await podNames()).length === 0, "pods at the start");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(
      (selector) => Number(document.querySelector(selector)?.getAttribute("aria-valuenow")) > 0,
      testId("timeline"),
    );
    const text = await page.getAttribute(testId("timeline"), "aria-valuetext");
    assert(text?.includes("after 2 of 3 inputs"), `aria-valuetext ${text}`);
    await page.keyboard.press("End");
    await page.waitForSelector(testId("back-to-now"), { state: "detached", timeout: STEP_TIMEOUT_MS });
    return text;
  });

  await checks.check("fork from an earlier moment forgets what came after and carries on", async () => {
    await page.locator(testId("timeline-mark")).nth(1).click({ force: true });
    await page.waitForSelector(testId("fork"), { timeout: STEP_TIMEOUT_MS });
    await page.click(testId("fork"));
    await page.waitForSelector(testId("fork"), { state: "detached", timeout: STEP_TIMEOUT_MS });
    assert((await marks()).length === 2, `marks after the fork: ${JSON.stringify(await marks())}`);
    await page.click(testId("play"));
    await page.waitForSelector(`${pod("myapp-1")}[data-ready="1/1"]`, { timeout: POD_TIMEOUT_MS });
    await runInConsole("kubectl scale sts myapp --replicas=1", "scaled");
    assert((await marks()).length === 3, "the new input is a mark");
    await waitForSaved("--replicas=1");
    await screenshot(page, "timeline-forked.png");
  });

  await checks.check("restart gives a fresh cluster with the same files", async () => {
    await page.click(testId("restart"));
    await page.waitForFunction((selector) => document.querySelectorAll(selector).length === 0, testId("pod"));
    assert((await marks()).length === 0, "marks after restart");
    await page.click(`${testId("file-tab")}[data-name="pv-demo.yaml"]`);
    assert((await editorText(page)).includes(MARKER), "the files changed");
    const seed = await page.getAttribute(testId("seed"), "data-seed");
    await page.click(testId("new-seed"));
    await page.waitForFunction(
      ({ selector, seed }) => document.querySelector(selector)?.dataset.seed !== seed,
      { selector: testId("seed"), seed },
    );
    return `seed ${seed} → ${await page.getAttribute(testId("seed"), "data-seed")}`;
  });

  await checks.check("saved work that cannot be read gives a message and a working page", async () => {
    await plantAndReturn((key) => localStorage.setItem(key, '{"v":1,"journal":{corrupt'), STORAGE_KEY);
    const message = await page.textContent(testId("saved-state-error"));
    assert(message?.includes("could not be read"), message);
    assert(message?.includes(`${STORAGE_KEY}/unreadable/1`), message);
    const aside = await page.evaluate((key) => localStorage.getItem(`${key}/unreadable/1`), STORAGE_KEY);
    assert(aside === '{"v":1,"journal":{corrupt', `set aside: ${aside}`);
    await screenshot(page, "timeline-unreadable.png");
    await page.click(testId("dismiss-saved-state-error"));
    await page.waitForSelector(testId("saved-state-error"), { state: "detached" });
    await runInConsole("kubectl get nodes", "k8s-node2");
    await waitForSaved("kubectl get nodes");
    return message;
  });

  await checks.check("saved work whose replay stopped the page last time is set aside", async () => {
    // The marker written before a replay is still there: that replay never finished.
    const saved = await plantAndReturn((key) => {
      localStorage.setItem(`${key}/replaying`, "1");
      return localStorage.getItem(key);
    }, STORAGE_KEY);
    assert(saved?.includes("kubectl get nodes"), `saved: ${saved?.slice(0, 100)}`);
    const message = await page.textContent(testId("saved-state-error"));
    assert(message?.includes("stopped the page last time"), message);
    assert(message?.includes(`${STORAGE_KEY}/unreadable/2`), message);
    const aside = await page.evaluate((key) => localStorage.getItem(`${key}/unreadable/2`), STORAGE_KEY);
    assert(aside === saved, "the saved work was not kept aside as it was");
    assert((await marks()).length === 0, "the page did not start fresh");
    await runInConsole("kubectl get nodes", "k8s-node2");
    await waitForSaved("kubectl get nodes");
    return message;
  });

  await checks.check("a panic shows the panel with a bug report to copy", async () => {
    await ready(`${server.url}?panic-test`);
    await runInConsole("kubectl apply -f pv-demo.yaml", "persistentvolume/pv005 created");
    await waitForSaved("kubectl apply -f pv-demo.yaml");
    const thrown = await page.evaluate(() => {
      try {
        window.__stsPanicTest();
        return "no panic";
      } catch (error) {
        return String(error);
      }
    });
    await page.waitForSelector(testId("panic-panel"), { timeout: STEP_TIMEOUT_MS });
    const panel = (await page.textContent(testId("panic-panel"))) ?? "";
    assert(panel.includes("The playground stopped"), panel);
    assert(panel.includes("panic test: window.__stsPanicTest()"), panel);
    await page.click(testId("copy-bug-report"));
    await page.waitForFunction((selector) => (document.querySelector(selector)?.textContent ?? "") !== "", testId("copy-status"));
    const status = await page.textContent(testId("copy-status"));
    assert(status === "Copied", `copy status: ${status}`);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert(copied.includes("panic: panicked at"), copied.slice(0, 300));
    assert(copied.includes("panic test"), copied.slice(0, 300));
    assert(copied.includes('"seed":1,"preset":"kubeadm"'), copied);
    assert(copied.includes('"line":"kubectl apply -f pv-demo.yaml"'), copied);
    assert(copied.includes("pv-demo.yaml"), copied);
    assert((await page.$$(testId("reload"))).length === 1, "no reload button");
    await screenshot(page, "timeline-panic.png");
    // The panel's reload brings the saved work back.
    await page.click(testId("reload"));
    await page.waitForSelector('#playground[data-ready="true"]', { timeout: READY_TIMEOUT_MS });
    const output = await consoleText();
    assert(output.includes("persistentvolume/pv005 created"), output);
    return `the trigger threw ${thrown.slice(0, 60)}…; ${copied.length} characters copied`;
  });

  await checks.check("no page errors other than the panic test's, no CSP violations", async () => {
    const unexpected = problems.pageErrors.filter((message) => !/unreachable|panic/i.test(message));
    assert(unexpected.length === 0, `page errors: ${JSON.stringify(unexpected)}`);
    const csp = problems.consoleErrors.filter((message) => /Content Security Policy/i.test(message));
    assert(csp.length === 0, `CSP violations: ${JSON.stringify(csp)}`);
    assert(problems.failedRequests.length === 0, `failed requests: ${JSON.stringify(problems.failedRequests)}`);
  });
} finally {
  await session.close();
}

// Storage that refuses to save (full, or blocked as in some private modes) gives a message and
// a page that works; storage that cannot even be opened does not stop the page either.
for (const [name, refuse] of [
  [
    "full storage",
    () => {
      Storage.prototype.setItem = () => {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      };
    },
  ],
  [
    "blocked storage",
    () => {
      Object.defineProperty(window, "localStorage", {
        get() {
          throw new DOMException("The operation is insecure.", "SecurityError");
        },
      });
    },
  ],
]) {
  const refused = await openPage({
    basePath: BASE_PATH,
    viewport: { width: 1280, height: 720 },
    initScript: refuse,
  });
  try {
    await checks.check(`${name} gives a message and a working page`, async () => {
      const { page: refusedPage, server: refusedServer, problems: refusedProblems } = refused;
      await refusedPage.goto(refusedServer.url, { waitUntil: "load" });
      await refusedPage.waitForSelector('#playground[data-ready="true"]', { timeout: READY_TIMEOUT_MS });
      await refusedPage.fill(testId("console-input"), "kubectl get nodes");
      await refusedPage.press(testId("console-input"), "Enter");
      const message = await refusedPage.textContent(testId("saved-state-error"), { timeout: STEP_TIMEOUT_MS });
      assert(message?.includes("cannot be saved"), message);
      assert(/QuotaExceededError|SecurityError/.test(message ?? ""), message);
      const output = (await refusedPage.textContent(testId("console-output"))) ?? "";
      assert(output.includes("k8s-node2"), output);
      assert(refusedProblems.pageErrors.length === 0, JSON.stringify(refusedProblems.pageErrors));
      return message;
    });
  } finally {
    await refused.close();
  }
}

process.exit(checks.finish());
