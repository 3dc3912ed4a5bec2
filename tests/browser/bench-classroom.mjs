// Benchmark of the lesson panel: how long the core takes to check a lesson's goals, which the
// page does after every change of the cluster. Opens the two lessons with the most goals, runs
// each solution at 20× and samples the panel's `data-check-us` (the last check, measured with
// performance.now(), whose resolution in Chromium is 5 µs to 100 µs) after every change.
//
// Prints `bench: <what>: <number> <unit>` lines; `scripts/bench-page.sh` runs it against a
// release dist/.

import { openPage, READY_TIMEOUT_MS } from "./harness.mjs";

const session = await openPage({ basePath: "/bench/", viewport: { width: 1400, height: 1000 } });
const { page, server } = session;
try {
  for (const lesson of ["stable-storage", "rolling-update-canary"]) {
    await page.goto(`${server.url}index.html?lang=en#lesson=${lesson}`);
    await page.waitForSelector('#playground[data-ready="true"]', { timeout: READY_TIMEOUT_MS });
    await page.evaluate(() => {
      window.__checks = [];
      const panel = document.querySelector('[data-testid="lesson-panel"]');
      new MutationObserver(() => window.__checks.push(Number(panel.dataset.checkUs))).observe(panel, {
        attributes: true,
        attributeFilter: ["data-check-us"],
      });
    });
    await page.selectOption('[data-testid="speed"]', "20");
    await page.click('[data-testid="lesson-run-solution"]');
    await page.waitForSelector('[data-testid="lesson-panel"][data-all-passed="true"]', { timeout: 180_000 });
    const samples = (await page.evaluate(() => window.__checks)).sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)] ?? 0;
    const max = samples[samples.length - 1] ?? 0;
    console.log(`bench: lesson goals check (${lesson}), median of ${samples.length}: ${median} µs`);
    console.log(`bench: lesson goals check (${lesson}), slowest: ${max} µs`);
  }
} finally {
  await session.close();
}
