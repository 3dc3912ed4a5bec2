// Browser tests of the page itself: the tutorial notes' story told through the editor, the
// console and the cluster view, in Debian's Chromium, served from a sub-path.
//
// Run by scripts/test.sh after `trunk build --release`: `node tests/browser/page.mjs`.
// Everything is found by the stable test hooks (`data-testid`, `data-name`, `data-phase`,
// `data-ready`, `data-volume`, `data-claim`, `data-line`) listed in src/ui/mod.rs.
//
// Also measures the first render: from navigation start to the root's data-ready="true".
//
// SKIP_CONTROLLER_TESTS=1 skips the checks that need running pods (StatefulSet controller,
// PV binder, scheduler and kubelet); they are reported as `skip` with the reason.

import { readFile } from "node:fs/promises";
import path from "node:path";

import {
  assert,
  Checks,
  editorText,
  lintMarkedLines,
  openPage,
  READY_TIMEOUT_MS,
  repositoryRoot,
  screenshot,
  setEditorText,
} from "./harness.mjs";

const BASE_PATH = "/playground/sub/";
const POD_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 10_000;
const skipControllerTests = process.env.SKIP_CONTROLLER_TESTS === "1";
const controllerSkipReason =
  "needs the StatefulSet controller, PV binder, scheduler and kubelet (SKIP_CONTROLLER_TESTS=1)";

const checks = new Checks();
const statefulDemo = await readFile(
  path.join(repositoryRoot, "examples/stateful-demo.yaml"),
  "utf8",
);

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

const session = await openPage({
  basePath: BASE_PATH,
  viewport: { width: 1400, height: 1000 },
  initScript: recordFirstRender,
});
const { page, problems, server } = session;

const testId = (id) => `[data-testid="${id}"]`;
const pod = (name) => `${testId("pod")}[data-name="${name}"]`;
const claim = (name) => `${testId("pvc")}[data-name="${name}"]`;
const volume = (name) => `${testId("pv")}[data-name="${name}"]`;
// The diagnostics list once it matches the text on screen (not the previous revision's).
const fresh = `${testId("diagnostics")}[data-stale="false"]`;

async function consoleText() {
  return (await page.textContent(testId("console-output"))) ?? "";
}

/** Types a line into the console and waits until the console echoes it. */
async function runInConsole(line) {
  const before = (await consoleText()).length;
  await page.fill(testId("console-input"), line);
  await page.press(testId("console-input"), "Enter");
  await page.waitForFunction(
    ({ selector, line, before }) =>
      (document.querySelector(selector)?.textContent ?? "").slice(before).includes(`$ ${line}`),
    { selector: testId("console-output"), line, before },
    { timeout: STEP_TIMEOUT_MS },
  );
}

/** Waits until the console holds `text` after the last echo of `line`, and returns that part. */
async function waitForOutput(line, text, timeout = STEP_TIMEOUT_MS) {
  await page.waitForFunction(
    ({ selector, line, text }) => {
      const all = document.querySelector(selector)?.textContent ?? "";
      const start = all.lastIndexOf(`$ ${line}`);
      return start >= 0 && all.slice(start).includes(text);
    },
    { selector: testId("console-output"), line, text },
    { timeout },
  );
  const all = await consoleText();
  return all.slice(all.lastIndexOf(`$ ${line}`));
}

async function clockMs() {
  return Number(await page.getAttribute(testId("clock"), "data-ms"));
}

try {
  await checks.check(`page loads from the sub-path ${BASE_PATH}`, async () => {
    const response = await page.goto(server.url, { waitUntil: "load" });
    assert(response !== null && response.ok(), `HTTP ${response?.status()}`);
  });

  await checks.check('app becomes interactive (data-ready="true"); first render time', async () => {
    await page.waitForSelector('#playground[data-ready="true"]', { timeout: READY_TIMEOUT_MS });
    const firstRenderMs = await page.evaluate(() => window.__firstRenderMs);
    assert(typeof firstRenderMs === "number", "the first render was not observed");
    return `first render ${Math.round(firstRenderMs)} ms after navigation start`;
  });

  await checks.check("opens on the notes' files in tabs, with no problems", async () => {
    const names = await page.$$eval(testId("file-tab"), (tabs) =>
      tabs.map((tab) => tab.dataset.name),
    );
    assert(
      JSON.stringify(names) === JSON.stringify(["pv-demo.yaml", "stateful-demo.yaml"]),
      `tabs are ${JSON.stringify(names)}`,
    );
    const text = await editorText(page);
    assert(text.includes("name: pv005"), "pv-demo.yaml is not shown first");
    assert((await page.$$(testId("diagnostic"))).length === 0, "diagnostics on the notes' files");
  });

  await checks.check("Apply runs kubectl apply -f on the selected tab", async () => {
    await page.click(`${testId("file-tab")}[data-name="pv-demo.yaml"]`);
    await page.click(testId("apply"));
    const output = await waitForOutput("kubectl apply -f pv-demo.yaml", "persistentvolume/pv005 created");
    assert(output.includes("persistentvolume/pv001 created"), output);
    await page.waitForSelector(volume("pv005"), { timeout: STEP_TIMEOUT_MS });
    const volumes = await page.$$eval(testId("pv"), (cards) => cards.map((c) => c.dataset.name));
    assert(volumes.length === 5, `PV pool shows ${JSON.stringify(volumes)}`);
  });

  await checks.check("the clock moves while playing", async () => {
    const before = await clockMs();
    await page.waitForFunction(
      ({ selector, before }) => Number(document.querySelector(selector)?.dataset.ms) > before,
      { selector: testId("clock"), before },
      { timeout: STEP_TIMEOUT_MS },
    );
  });

  // Record every change of the pod cards from here on, to check the order afterwards.
  await page.evaluate(() => {
    window.__podLog = [];
    let last = null;
    const record = () => {
      const snapshot = Array.from(document.querySelectorAll('[data-testid="pod"]')).map(
        (card) => ({ name: card.dataset.name, ready: card.dataset.ready, phase: card.dataset.phase }),
      );
      const text = JSON.stringify(snapshot);
      if (text !== last) {
        last = text;
        window.__podLog.push(snapshot);
      }
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-name", "data-ready", "data-phase"],
    });
    record();
  });

  await checks.check("applying stateful-demo.yaml creates the Service and the StatefulSet", async () => {
    await page.click(`${testId("file-tab")}[data-name="stateful-demo.yaml"]`);
    await page.click(testId("apply"));
    const output = await waitForOutput(
      "kubectl apply -f stateful-demo.yaml",
      "statefulset.apps/myapp created",
    );
    assert(output.includes("service/myapp created"), output);
    await page.selectOption(testId("speed"), "20");
  });

  if (skipControllerTests) {
    checks.skip("myapp-0 reaches 1/1 before myapp-1 appears", controllerSkipReason);
    checks.skip("myappdata-myapp-0 binds pv003 and myappdata-myapp-1 binds pv002", controllerSkipReason);
    checks.skip("kubectl get pods in the console prints kubectl's table", controllerSkipReason);
  } else {
    await checks.check("myapp-0 reaches 1/1 before myapp-1 appears", async () => {
      await page.waitForSelector(`${pod("myapp-1")}[data-ready="1/1"]`, { timeout: POD_TIMEOUT_MS });
      const log = await page.evaluate(() => window.__podLog);
      const first = log.findIndex((snapshot) => snapshot.some((p) => p.name === "myapp-1"));
      assert(first > 0, `myapp-1 never appeared: ${JSON.stringify(log)}`);
      const zero = log[first].find((p) => p.name === "myapp-0");
      assert(
        zero !== undefined && zero.ready === "1/1" && zero.phase === "Running",
        `when myapp-1 appeared, myapp-0 was ${JSON.stringify(zero)}`,
      );
      const phases = [...new Set(log.flatMap((s) => s.filter((p) => p.name === "myapp-0").map((p) => p.phase)))];
      return `myapp-0 went through ${phases.join(" → ")}; ${log.length} states seen`;
    });

    await checks.check("myappdata-myapp-0 binds pv003 and myappdata-myapp-1 binds pv002", async () => {
      for (const [claimName, volumeName] of [
        ["myappdata-myapp-0", "pv003"],
        ["myappdata-myapp-1", "pv002"],
      ]) {
        const card = await page.waitForSelector(`${claim(claimName)}[data-phase="Bound"]`, {
          timeout: STEP_TIMEOUT_MS,
        });
        const bound = await card.getAttribute("data-volume");
        assert(bound === volumeName, `${claimName} is bound to ${bound}, not ${volumeName}`);
        const pv = await page.waitForSelector(volume(volumeName), { timeout: STEP_TIMEOUT_MS });
        const pvPhase = await pv.getAttribute("data-phase");
        const pvClaim = await pv.getAttribute("data-claim");
        assert(
          pvPhase === "Bound" && pvClaim === `default/${claimName}`,
          `${volumeName} is ${pvPhase} with claim ${pvClaim}`,
        );
      }
      const available = await page.$$eval(
        `${testId("pv")}[data-phase="Available"]`,
        (cards) => cards.map((c) => c.dataset.name),
      );
      assert(
        JSON.stringify(available) === JSON.stringify(["pv001", "pv004", "pv005"]),
        `available volumes: ${JSON.stringify(available)}`,
      );
    });

    await checks.check("kubectl get pods in the console prints kubectl's table", async () => {
      await runInConsole("kubectl get pods");
      const output = await waitForOutput("kubectl get pods", "myapp-1");
      assert(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/.test(output), output);
      assert(/myapp-0\s+1\/1\s+Running\s+0\s+\S+\n/.test(output), output);
      assert(/myapp-1\s+1\/1\s+Running\s+0\s+\S+\n/.test(output), output);
    });

    await checks.check("screenshot of the running cluster", async () => screenshot(page, "page-cluster.png"));
  }

  await checks.check("kubectl get pv prints the volume table", async () => {
    await runInConsole("kubectl get pv");
    const output = await waitForOutput("kubectl get pv", "pv005");
    assert(
      /NAME\s+CAPACITY\s+ACCESS MODES\s+RECLAIM POLICY\s+STATUS\s+CLAIM\s+STORAGECLASS/.test(output),
      output,
    );
  });

  await checks.check("↑ recalls the last command", async () => {
    await page.fill(testId("console-input"), "");
    await page.press(testId("console-input"), "ArrowUp");
    const value = await page.inputValue(testId("console-input"));
    assert(value === "kubectl get pv", `input is ${JSON.stringify(value)}`);
    await page.press(testId("console-input"), "ArrowDown");
    assert((await page.inputValue(testId("console-input"))) === "", "↓ did not restore the draft");
  });

  await checks.check("a waiting command streams and stops on Ctrl+C", async () => {
    await runInConsole("kubectl get pv -w");
    await page.waitForSelector(".console-running", { timeout: STEP_TIMEOUT_MS });
    await page.press(testId("console-input"), "Control+c");
    await waitForOutput("kubectl get pv -w", "^C");
    await page.waitForSelector(".console-running", { state: "detached", timeout: STEP_TIMEOUT_MS });
  });

  await checks.check("pause stops the clock; step jumps to the next event", async () => {
    await page.click(testId("pause"));
    const paused = await clockMs();
    await page.waitForTimeout(300);
    assert((await clockMs()) === paused, "the clock moved while paused");
    await page.click(testId("step"));
    await page.waitForFunction(
      ({ selector, paused }) => Number(document.querySelector(selector)?.dataset.ms) > paused,
      { selector: testId("clock"), paused },
      { timeout: STEP_TIMEOUT_MS },
    );
    await page.click(testId("play"));
  });

  if (!skipControllerTests) {
    await checks.check("clicking a pod shows kubectl describe in the inspector", async () => {
      await page.click(pod("myapp-0"));
      await page.waitForFunction(
        (selector) => /^Name:\s+myapp-0\n/.test(document.querySelector(selector)?.textContent ?? ""),
        testId("inspector-text"),
        { timeout: STEP_TIMEOUT_MS },
      );
      await page.click(testId("inspector-close"));
    });
  }

  if (skipControllerTests) {
    checks.skip("scaling up: the next ordinal waits for the one before it", controllerSkipReason);
    checks.skip("scaling down: pods go, their claims stay bound", controllerSkipReason);
  } else {
    await checks.check("scaling up: the next ordinal waits for the one before it", async () => {
      await page.click(testId("pause"));
      for (const replicas of [3, 4]) {
        await page.click(`${testId("statefulset")}[data-name="myapp"] ${testId("scale-up")}`);
        await waitForOutput(
          `kubectl scale statefulset myapp --replicas=${replicas}`,
          "statefulset.apps/myapp scaled",
        );
      }
      await page.waitForSelector(pod("myapp-2"), { timeout: STEP_TIMEOUT_MS });
      const waiting = await page.$$eval(testId("waiting"), (rows) => rows.map((r) => r.textContent));
      assert(
        JSON.stringify(waiting) === JSON.stringify(["waiting for myapp-2 to be Running and Ready"]),
        `waiting reasons: ${JSON.stringify(waiting)}`,
      );
      assert((await page.$$(pod("myapp-3"))).length === 0, "myapp-3 exists before myapp-2 is ready");
      await screenshot(page, "page-scale-up.png");
      await page.click(testId("play"));
      await page.waitForSelector(`${pod("myapp-3")}[data-ready="1/1"]`, { timeout: POD_TIMEOUT_MS });
    });

    await checks.check("scaling down: pods go, their claims stay bound", async () => {
      await runInConsole("kubectl scale statefulset myapp --replicas=1");
      await page.waitForFunction(
        (selector) => document.querySelectorAll(selector).length === 1,
        testId("pod"),
        { timeout: POD_TIMEOUT_MS },
      );
      for (const ordinal of [1, 2, 3]) {
        const card = await page.waitForSelector(claim(`myappdata-myapp-${ordinal}`), {
          timeout: STEP_TIMEOUT_MS,
        });
        assert(
          (await card.getAttribute("data-phase")) === "Bound",
          `myappdata-myapp-${ordinal} is ${await card.getAttribute("data-phase")}`,
        );
      }
      await screenshot(page, "page-scale-down.png");
    });
  }

  await checks.check("a broken manifest shows its diagnostic at the right line", async () => {
    await page.click(`${testId("file-tab")}[data-name="stateful-demo.yaml"]`);
    const broken = statefulDemo.replace("  replicas: 2", "  replcas: 2");
    const line = broken.split("\n").findIndex((text) => text.includes("replcas")) + 1;
    await setEditorText(page, broken);
    const row = await page.waitForSelector(`${fresh} ${testId("diagnostic")}[data-line="${line}"]`, {
      timeout: STEP_TIMEOUT_MS,
    });
    const text = await row.textContent();
    assert(text.includes(`line ${line}, column 3`) && text.includes('unknown field "spec.replcas"'), text);
    // Choosing the problem brings its line into view; the lint gutter marks that line only.
    await row.click();
    const marked = await lintMarkedLines(page);
    assert(JSON.stringify(marked) === JSON.stringify([line]), `gutter marks ${JSON.stringify(marked)}`);
    return `line ${line}`;
  });

  await checks.check("a YAML syntax error is located too", async () => {
    const broken = statefulDemo.replace("  clusterIP: None", "  clusterIP: [None");
    const line = broken.split("\n").findIndex((text) => text.includes("[None")) + 1;
    await setEditorText(page, broken);
    await page.waitForFunction(
      ({ selector }) => {
        const rows = document.querySelectorAll(selector);
        return rows.length === 1 && !rows[0].textContent.includes("replcas");
      },
      { selector: `${fresh} ${testId("diagnostic")}` },
      { timeout: STEP_TIMEOUT_MS },
    );
    const at = Number(await page.getAttribute(testId("diagnostic"), "data-line"));
    // The parser reports an unclosed flow sequence where it gives up: on its line or after.
    assert(at >= line && at <= line + 2, `diagnostic at line ${at}, the error is at line ${line}`);
    await screenshot(page, "page-broken-manifest.png");
    return `reported at line ${at}`;
  });

  await checks.check("Apply on a broken file prints kubectl's error and changes nothing", async () => {
    const podsBefore = await page.$$eval(testId("pod"), (cards) => cards.map((c) => c.dataset.name));
    const setBefore = await page.$$eval(testId("statefulset"), (cards) =>
      cards.map((c) => `${c.dataset.name} ${c.dataset.ready}`),
    );
    await page.click(testId("apply"));
    const output = await waitForOutput(
      "kubectl apply -f stateful-demo.yaml",
      "error: error parsing stateful-demo.yaml",
    );
    assert(!/configured|created|unchanged/.test(output), output);
    await page.waitForTimeout(300);
    const podsAfter = await page.$$eval(testId("pod"), (cards) => cards.map((c) => c.dataset.name));
    const setAfter = await page.$$eval(testId("statefulset"), (cards) =>
      cards.map((c) => `${c.dataset.name} ${c.dataset.ready}`),
    );
    assert(
      JSON.stringify([podsBefore, setBefore]) === JSON.stringify([podsAfter, setAfter]),
      `before ${JSON.stringify([podsBefore, setBefore])}, after ${JSON.stringify([podsAfter, setAfter])}`,
    );
  });

  await checks.check("fixing the file clears its problems", async () => {
    await setEditorText(page, statefulDemo);
    // An empty list has no size, so wait for it to be attached rather than visible.
    await page.waitForSelector(`${fresh}:not(:has(${testId("diagnostic")}))`, {
      state: "attached",
      timeout: STEP_TIMEOUT_MS,
    });
    assert((await lintMarkedLines(page)).length === 0, "the gutter still marks a line");
  });

  await checks.check("console text is text, never markup", async () => {
    // No slash: kubectl would read `</b>` as resource/name.
    const line = "kubectl get pod '<b>bold'";
    await runInConsole(line);
    const output = await waitForOutput(line, "not found");
    assert(output.includes('pods "<b>bold" not found'), output);
    const bold = await page.$$(`${testId("console-output")} b`);
    assert(bold.length === 0, "user text was inserted as HTML");
  });

  await checks.check("screenshot saved", async () => screenshot(page, "page.png"));

  await checks.check("no uncaught page errors", async () => {
    assert(problems.pageErrors.length === 0, problems.pageErrors.join(" | "));
  });

  await checks.check("no console errors or warnings, no failed requests", async () => {
    const all = [...problems.consoleErrors, ...problems.consoleWarnings, ...problems.failedRequests];
    assert(all.length === 0, all.join(" | "));
  });
} catch (error) {
  checks.record("browser session", "fail", error instanceof Error ? error.message : String(error));
} finally {
  await session.close();
}

process.exit(checks.finish());
