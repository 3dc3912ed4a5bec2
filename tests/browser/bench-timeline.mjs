// Page benchmark of the timeline: how long scrubbing takes. The notes' session is typed into
// the page (time at 20×), then the bar is clicked at 20 positions across it; each click replays
// the journal to that moment and draws it. Prints `bench: <what>: <number> <unit>` lines for
// scripts/bench-page.sh. Run against a release dist/: `node tests/browser/bench-timeline.mjs`.

import { openPage, READY_TIMEOUT_MS } from "./harness.mjs";

const POSITIONS = 20;
const testId = (id) => `[data-testid="${id}"]`;

const session = await openPage({ basePath: "/bench/timeline/", viewport: { width: 1400, height: 1000 } });
const { page, server } = session;
try {
  await page.goto(server.url, { waitUntil: "load" });
  await page.waitForSelector('#playground[data-ready="true"]', { timeout: READY_TIMEOUT_MS });
  await page.selectOption(testId("speed"), "20");
  for (const line of ["kubectl apply -f pv-demo.yaml", "kubectl apply -f stateful-demo.yaml"]) {
    await page.fill(testId("console-input"), line);
    await page.press(testId("console-input"), "Enter");
  }
  await page.waitForSelector(`${testId("pod")}[data-name="myapp-1"][data-ready="1/1"]`, { timeout: 60_000 });
  for (const line of ["kubectl get sts", "kubectl get pvc", "kubectl get pv", "kubectl get pods"]) {
    await page.fill(testId("console-input"), line);
    await page.press(testId("console-input"), "Enter");
  }
  await page.click(testId("pause"));
  const times = await page.evaluate(async (positions) => {
    const svg = document.querySelector(".timeline-svg");
    const bar = document.querySelector('[data-testid="timeline"]');
    const rect = svg.getBoundingClientRect();
    // Resolves once the page shows a new moment (the bar's data-viewing changes).
    const drawn = () =>
      new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          observer.disconnect();
          resolve();
        });
        observer.observe(bar, { attributes: true, attributeFilter: ["data-viewing"] });
      });
    const spent = [];
    for (let index = 0; index < positions; index += 1) {
      const x = rect.left + (rect.width * (index + 0.5)) / positions;
      const shown = drawn();
      const start = performance.now();
      svg.dispatchEvent(
        new MouseEvent("click", { bubbles: true, clientX: x, clientY: rect.top + rect.height / 2 }),
      );
      await shown;
      spent.push(performance.now() - start);
    }
    return spent;
  }, POSITIONS);
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
  const end = await page.getAttribute(testId("timeline"), "data-end");
  console.log(`bench: timeline scrub of the notes' session (${Math.round(end / 1000)} s simulated), replay and draw, median: ${median.toFixed(1)} ms`);
  console.log(`bench: timeline scrub of the notes' session, replay and draw, p95: ${p95.toFixed(1)} ms`);
} finally {
  await session.close();
}
