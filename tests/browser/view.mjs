// Browser tests of the cluster view, the pod and set actions, the console's Tab completion,
// the event log, the themes and the page on a phone, in Debian's Chromium, served from a
// sub-path. Run by scripts/test.sh after `trunk build --release`: `node tests/browser/view.mjs`.
// Everything is found by the hooks listed in src/ui/mod.rs. Screenshots (light, dark, phone,
// compact grid) go to SCREENSHOT_DIRECTORY.

import { assert, Checks, openPage, READY_TIMEOUT_MS, screenshot, setEditorText } from "./harness.mjs";

const POD_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 10_000;
const THEME_KEY = "sts-playground/theme";

const checks = new Checks();
const session = await openPage({ basePath: "/view/test/", viewport: { width: 1280, height: 720 } });
const { page, problems, server } = session;

const testId = (id) => `[data-testid="${id}"]`;
const pod = (name) => `${testId("pod")}[data-name="${name}"]`;

async function runInConsole(line) {
  await page.fill(testId("console-input"), line);
  await page.press(testId("console-input"), "Enter");
  await page.waitForFunction(
    ({ selector, line }) => (document.querySelector(selector)?.textContent ?? "").includes(`$ ${line}`),
    { selector: testId("console-output"), line },
    { timeout: STEP_TIMEOUT_MS },
  );
}

/** Starts recording, in the page, the order in which pods first show `phase`. */
async function recordFirst(phase) {
  await page.evaluate((phase) => {
    window.__order = [];
    const seen = () => {
      for (const element of document.querySelectorAll(`[data-testid="pod"][data-phase="${phase}"]`)) {
        const name = element.dataset.name;
        if (!window.__order.includes(name)) {
          window.__order.push(name);
        }
      }
    };
    window.__observer?.disconnect();
    window.__observer = new MutationObserver(seen);
    window.__observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    seen();
  }, phase);
}

async function podActions(name) {
  await page.click(`${pod(name)} ${testId("pod-actions")}`);
}

try {
  await page.goto(server.url, { waitUntil: "load" });
  await page.waitForSelector('#playground[data-ready="true"]', { timeout: READY_TIMEOUT_MS });

  await checks.check("Tab completes verbs, kinds and names; candidates are listed", async () => {
    await page.fill(testId("console-input"), "kubectl des");
    await page.press(testId("console-input"), "Tab");
    let value = await page.inputValue(testId("console-input"));
    assert(value === "kubectl describe ", `after Tab: ${JSON.stringify(value)}`);
    await page.fill(testId("console-input"), "kubectl get persistentv");
    await page.press(testId("console-input"), "Tab");
    value = await page.inputValue(testId("console-input"));
    assert(value === "kubectl get persistentvolume", `after Tab: ${JSON.stringify(value)}`);
    const candidates = await page.textContent(testId("console-candidates"));
    assert(candidates.includes("persistentvolumeclaims"), `candidates: ${candidates}`);
    await page.fill(testId("console-input"), "");
  });

  await runInConsole("kubectl apply -f pv-demo.yaml");
  await runInConsole("kubectl apply -f stateful-demo.yaml");
  await page.selectOption(testId("speed"), "20");
  await page.waitForSelector(`${pod("myapp-1")}[data-ready="1/1"]`, { timeout: POD_TIMEOUT_MS });

  await checks.check("Tab completes object names from the cluster", async () => {
    await page.fill(testId("console-input"), "kubectl describe pod/myapp-");
    await page.press(testId("console-input"), "Tab");
    const candidates = await page.textContent(testId("console-candidates"));
    assert(
      candidates.includes("pod/myapp-0") && candidates.includes("pod/myapp-1"),
      `candidates: ${candidates}`,
    );
    await page.fill(testId("console-input"), "kubectl get sts my");
    await page.press(testId("console-input"), "Tab");
    const value = await page.inputValue(testId("console-input"));
    assert(value === "kubectl get sts myapp ", `after Tab: ${JSON.stringify(value)}`);
    await page.fill(testId("console-input"), "");
  });

  await checks.check("the Service, its DNS names and the screen-reader summary", async () => {
    await page.waitForSelector(`${testId("service")}[data-name="myapp"]`);
    await page.waitForSelector(`${testId("dns")}[data-published="true"]`);
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.textContent === "myapp: 2 of 2 pods ready",
      testId("sr-summary"),
      { timeout: STEP_TIMEOUT_MS },
    );
    const live = await page.getAttribute(testId("sr-summary"), "aria-live");
    assert(live === "polite", `aria-live=${live}`);
  });

  await checks.check("clicking a claim shows its describe; the YAML tab shows -o yaml", async () => {
    await page.click(`${testId("pvc")}[data-name="myappdata-myapp-0"]`);
    await page.waitForSelector(`${testId("inspector")}[data-name="myappdata-myapp-0"]`);
    await page.waitForFunction(
      (selector) => /^Name:\s+myappdata-myapp-0\n/.test(document.querySelector(selector)?.textContent ?? ""),
      testId("inspector-text"),
      { timeout: STEP_TIMEOUT_MS },
    );
    await page.click(testId("inspector-yaml-tab"));
    await page.waitForFunction(
      (selector) =>
        (document.querySelector(selector)?.textContent ?? "").startsWith(
          "apiVersion: v1\nkind: PersistentVolumeClaim\n",
        ),
      testId("inspector-text"),
      { timeout: STEP_TIMEOUT_MS },
    );
    // Escape closes the inspector.
    await page.focus(testId("inspector-close"));
    await page.keyboard.press("Escape");
    await page.waitForSelector(testId("inspector"), { state: "detached" });
  });

  await checks.check("a line joins each bound claim to its volume in the pool, and lights up with them", async () => {
    const link = (claim, volume) =>
      `${testId("claim-link")}[data-claim="${claim}"][data-volume="${volume}"]`;
    await page.waitForSelector(link("myappdata-myapp-0", "pv003"), { state: "attached", timeout: STEP_TIMEOUT_MS });
    await page.waitForSelector(link("myappdata-myapp-1", "pv002"), { state: "attached", timeout: STEP_TIMEOUT_MS });
    const volumes = await page.$$eval(testId("claim-link"), (lines) => lines.map((line) => line.dataset.volume));
    assert(volumes.length === 2, `lines to ${volumes}: the Available volumes have none`);
    // The line runs from the claim chip's bottom edge to the volume card's top edge.
    const ends = await page.evaluate(() => {
      const rect = (selector) => document.querySelector(selector).getBoundingClientRect();
      const line = rect('[data-testid="claim-link"][data-claim="myappdata-myapp-0"]');
      const claim = rect('[data-testid="pvc"][data-name="myappdata-myapp-0"]');
      const volume = rect('[data-testid="pv"][data-name="pv003"]');
      return { top: line.top - claim.bottom, bottom: line.bottom - volume.top };
    });
    assert(Math.abs(ends.top) <= 2 && Math.abs(ends.bottom) <= 2, `ends off by ${JSON.stringify(ends)}`);
    const hidden = await page.$eval(testId("claim-link"), (line) => line.closest("svg").getAttribute("aria-hidden"));
    assert(hidden === "true", `the lines' svg has aria-hidden=${hidden}`);
    // The claim's accessible name says what the line shows.
    const label = await page.getAttribute(`${testId("pvc")}[data-name="myappdata-myapp-0"]`, "aria-label");
    assert(label.includes("pv003"), `claim label: ${label}`);
    await page.hover(`${testId("pv")}[data-name="pv003"]`);
    await page.waitForSelector(`${link("myappdata-myapp-0", "pv003")}.is-linked`, { state: "attached", timeout: STEP_TIMEOUT_MS });
    assert(
      !(await page.$eval(link("myappdata-myapp-1", "pv002"), (line) => line.classList.contains("is-linked"))),
      "the other line lit up too",
    );
    await page.mouse.move(0, 0);
    await page.focus(`${testId("pvc")}[data-name="myappdata-myapp-1"]`);
    await page.waitForSelector(`${link("myappdata-myapp-1", "pv002")}.is-linked`, { state: "attached", timeout: STEP_TIMEOUT_MS });
    await page.focus(testId("console-input"));
    await screenshot(page, "view-claim-links.png");
  });

  await checks.check("an event's object selects it; the filter keeps only its events", async () => {
    await page.fill(testId("event-filter"), "pod/myapp-1");
    const objects = await page.$$eval(testId("event"), (rows) => rows.map((row) => row.dataset.object));
    assert(objects.length > 0, "no events left");
    assert(objects.every((object) => object === "pod/myapp-1"), `objects: ${objects}`);
    await page.click(`${testId("event")} ${testId("event-object")}`);
    await page.waitForSelector(`${testId("inspector")}[data-kind="pod"][data-name="myapp-1"]`);
    await page.click(testId("inspector-close"));
    await page.fill(testId("event-filter"), "");
  });

  await checks.check("Shell puts kubectl exec into the console and focuses it", async () => {
    await podActions("myapp-0");
    await page.click(`${pod("myapp-0")} ${testId("pod-action-shell")}`);
    const value = await page.inputValue(testId("console-input"));
    assert(value === "kubectl exec myapp-0 -- ", `input: ${JSON.stringify(value)}`);
    const focused = await page.evaluate(() => document.activeElement?.dataset.testid);
    assert(focused === "console-input", `focus on ${focused}`);
    await page.keyboard.type("hostname");
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      (selector) => (document.querySelector(selector)?.textContent ?? "").includes("hostname\nmyapp-0\n"),
      testId("console-output"),
      { timeout: STEP_TIMEOUT_MS },
    );
  });

  await checks.check("Break readiness makes READY 0/1; Restore brings it back", async () => {
    await podActions("myapp-1");
    await page.click(`${pod("myapp-1")} ${testId("pod-action-break")}`);
    await page.waitForSelector(`${pod("myapp-1")}[data-ready="0/1"]`, { timeout: POD_TIMEOUT_MS });
    const output = await page.textContent(testId("console-output"));
    assert(output.includes("readiness of pod myapp-1 fails"), "no console note");
    await page.waitForSelector(`${testId("dns")}[data-name^="myapp-1."][data-published="false"]`);
    await page.click(`${pod("myapp-1")} ${testId("pod-action-restore")}`);
    await page.waitForSelector(`${pod("myapp-1")}[data-ready="1/1"]`, { timeout: POD_TIMEOUT_MS });
  });

  await checks.check("Crash restarts the containers (RESTARTS 1)", async () => {
    await page.click(`${pod("myapp-0")} ${testId("pod-action-crash")}`);
    await page.waitForSelector(`${pod("myapp-0")}[data-restarts^="1"][data-ready="1/1"]`, {
      timeout: POD_TIMEOUT_MS,
    });
  });

  await checks.check("scale down removes the highest ordinal first", async () => {
    await runInConsole("kubectl scale statefulset myapp --replicas=3");
    await page.waitForSelector(`${pod("myapp-2")}[data-ready="1/1"]`, { timeout: POD_TIMEOUT_MS });
    await recordFirst("Terminating");
    await page.click(`${testId("statefulset")}[data-name="myapp"] ${testId("scale-down")}`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="pod"]').length === 2, null, {
      timeout: POD_TIMEOUT_MS,
    });
    await runInConsole("kubectl scale statefulset myapp --replicas=1");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="pod"]').length === 1, null, {
      timeout: POD_TIMEOUT_MS,
    });
    const order = await page.evaluate(() => window.__order);
    assert(JSON.stringify(order) === JSON.stringify(["myapp-2", "myapp-1"]), `order: ${order}`);
    assert((await page.$$(pod("myapp-0"))).length === 1, "myapp-0 is gone");
  });

  await checks.check("a rolling update (Change image) goes from the highest ordinal down", async () => {
    await runInConsole("kubectl scale statefulset myapp --replicas=3");
    await page.waitForSelector(`${pod("myapp-2")}[data-ready="1/1"]`, { timeout: POD_TIMEOUT_MS });
    await recordFirst("Terminating");
    const set = `${testId("statefulset")}[data-name="myapp"]`;
    await page.click(`${set} ${testId("change-image")}`);
    await page.fill(`${set} ${testId("image-input")}`, "nginx:1.14");
    await page.click(`${set} ${testId("set-image")}`);
    await page.waitForFunction(
      (selector) => (document.querySelector(selector)?.textContent ?? "").includes("statefulset.apps/myapp image updated"),
      testId("console-output"),
      { timeout: STEP_TIMEOUT_MS },
    );
    await page.waitForFunction(() => (window.__order ?? []).length === 3, null, { timeout: POD_TIMEOUT_MS });
    const order = await page.evaluate(() => window.__order);
    assert(JSON.stringify(order) === JSON.stringify(["myapp-2", "myapp-1", "myapp-0"]), `order: ${order}`);
    await page.waitForSelector(`${set}[data-ready="3/3"]`, { timeout: POD_TIMEOUT_MS });
  });

  await checks.check("every control is named; pods are reachable by keyboard", async () => {
    const controls = [".cluster", ".console", ".event-log", ".page-header"]
      .flatMap((part) => ["button", "input", "select", "summary"].map((tag) => `${part} ${tag}`))
      .join(", ");
    const unnamed = await page.$$eval(controls, (elements) =>
      elements
        .filter((element) => {
          const label = element.id ? document.querySelector(`label[for="${element.id}"]`) : null;
          const name =
            element.getAttribute("aria-label") ||
            label?.textContent ||
            element.closest("label")?.textContent ||
            element.textContent;
          return (name ?? "").trim() === "";
        })
        .map((element) => element.outerHTML.slice(0, 80)),
    );
    assert(unnamed.length === 0, `unnamed controls: ${unnamed.join(" | ")}`);
    await page.focus(`${pod("myapp-0")} .pod-name`);
    await page.keyboard.press("Enter");
    await page.waitForSelector(`${testId("inspector")}[data-name="myapp-0"]`);
    await page.keyboard.press("Escape");
  });

  await checks.check("the theme toggle switches, is remembered, and survives a reload", async () => {
    const before = await page.getAttribute(testId("theme-toggle"), "data-theme");
    await page.click(testId("theme-toggle"));
    const after = await page.getAttribute(testId("theme-toggle"), "data-theme");
    assert(before !== after, `theme stayed ${before}`);
    const root = await page.evaluate(() => document.documentElement.dataset.theme);
    const saved = await page.evaluate((key) => localStorage.getItem(key), THEME_KEY);
    assert(root === after && saved === after, `html ${root}, saved ${saved}, toggle ${after}`);
    await screenshot(page, `view-theme-${after}.png`);
    await page.click(testId("theme-toggle"));
    await screenshot(page, `view-theme-${before}.png`);
    await page.click(testId("theme-toggle"));
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector('#playground[data-ready="true"]', { timeout: READY_TIMEOUT_MS });
    const reloaded = await page.evaluate(() => document.documentElement.dataset.theme);
    assert(reloaded === after, `after reload: ${reloaded}`);
  });

  await checks.check("a set over 60 pods is a compact grid of named, focusable cells", async () => {
    await runInConsole("kubectl apply -f pv-demo.yaml");
    await runInConsole("kubectl apply -f stateful-demo.yaml");
    await page.waitForSelector(pod("myapp-0"), { timeout: POD_TIMEOUT_MS });
    await page.click(`${testId("file-tab")}[data-name="stateful-demo.yaml"]`);
    await setEditorText(
      page,
      [
        "apiVersion: apps/v1",
        "kind: StatefulSet",
        "metadata:",
        "  name: grid",
        "spec:",
        "  replicas: 61",
        "  podManagementPolicy: Parallel",
        "  serviceName: grid",
        "  selector:",
        "    matchLabels:",
        "      app: grid",
        "  template:",
        "    metadata:",
        "      labels:",
        "        app: grid",
        "    spec:",
        "      containers:",
        "      - name: web",
        "        image: nginx:1.25",
        "",
      ].join("\n"),
    );
    await page.selectOption(testId("speed"), "20");
    await page.click(testId("apply"));
    const grid = `${testId("statefulset")}[data-name="grid"] ${testId("pod-grid")}`;
    await page.waitForSelector(grid, { timeout: STEP_TIMEOUT_MS });
    await page.waitForFunction(
      (selector) => document.querySelectorAll(`${selector} [data-testid="pod"]`).length === 61,
      grid,
      { timeout: POD_TIMEOUT_MS },
    );
    const cell = await page.$(`${grid} ${testId("pod")}[data-name="grid-60"]`);
    const label = await cell.getAttribute("aria-label");
    const symbol = (await cell.textContent()).trim();
    assert(/^Pod grid-60: \S+, \d\/1 ready$/.test(label ?? ""), `label: ${label}`);
    assert(symbol.length > 0, "the cell shows no symbol");
    assert((await cell.evaluate((element) => element.tagName)) === "BUTTON", "the cell is not a button");
    assert(
      (await page.$$(`${testId("statefulset")}[data-name="myapp"] ${testId("pod-grid")}`)).length === 0,
      "the small set is a grid too",
    );
    await page.waitForSelector(`${grid} ${testId("pod")}[data-name="grid-60"][data-ready="1/1"]`, {
      timeout: POD_TIMEOUT_MS,
    });
    await screenshot(page, "view-grid.png");
  });

  await checks.check("on a phone the panels stack and nothing overflows sideways", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(
      () => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth,
    );
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 6)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().width)} px)`),
    );
    assert(overflow <= 1, `the page is ${overflow} px wider than the phone: ${wide.join(", ")}`);
    const [work, cluster] = await page.$$eval(".page-column", (columns) =>
      columns.map((column) => column.getBoundingClientRect().top),
    );
    assert(cluster > work, "the columns are side by side");
    // The lines were measured again for the narrow page: each still ends on its volume.
    await page.waitForFunction(() => {
      const line = document.querySelector('[data-testid="claim-link"][data-volume="pv003"]');
      const volume = document.querySelector('[data-testid="pv"][data-name="pv003"]');
      return line && volume && Math.abs(line.getBoundingClientRect().bottom - volume.getBoundingClientRect().top) <= 2;
    }, null, { timeout: STEP_TIMEOUT_MS });
    await screenshot(page, "view-phone.png");
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  await checks.check("no uncaught page errors or console errors", async () => {
    const all = [...problems.pageErrors, ...problems.consoleErrors, ...problems.failedRequests];
    assert(all.length === 0, all.join("; "));
  });
} finally {
  await session.close();
}

process.exitCode = checks.finish();
