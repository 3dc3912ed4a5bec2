// Browser benchmark of the cluster view: frame time while 300 pods animate.
//
// Applies a 300-replica Parallel StatefulSet (no claims, so the kubeadm preset the page opens
// on runs every pod) through the editor and the Apply button, plays at 20×, and records for
// 5 s how long each animation frame's work takes: from the frame's start (the rAF timestamp)
// to a message posted in the frame, which runs after the page's frame callback (simulation
// step, view, Yew's render), style, layout and paint. Prints
// `bench: frame time p95 (300 pods): N ms` (budget 8 ms) and the median and worst frame.
//
// Run against a release dist/: `node tests/browser/bench-view.mjs` (DIST_DIRECTORY,
// CHROMIUM_PATH as for the tests).

import { chromium } from "playwright-core";

import { CHROMIUM_ARGS, chromiumPath, distDirectory, READY_TIMEOUT_MS, setEditorText } from "./harness.mjs";
import { startStaticServer } from "../../scripts/static-server.mjs";

const PODS = 300;
const MEASURE_MS = 5_000;
const manifest = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: big
spec:
  replicas: ${PODS}
  podManagementPolicy: Parallel
  serviceName: big
  selector:
    matchLabels:
      app: big
  template:
    metadata:
      labels:
        app: big
    spec:
      containers:
      - name: web
        image: nginx:1.25
`;

const server = await startStaticServer({ rootDirectory: distDirectory, basePath: "/bench/" });
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(server.url, { waitUntil: "load" });
  await page.waitForSelector('#playground[data-ready="true"]', { timeout: READY_TIMEOUT_MS });
  await page.click('[data-testid="file-tab"][data-name="stateful-demo.yaml"]');
  await setEditorText(page, manifest);
  await page.selectOption('[data-testid="speed"]', "20");
  await page.click('[data-testid="apply"]');
  await page.waitForSelector('[data-testid="pod-grid"]', { timeout: READY_TIMEOUT_MS });
  const frames = await page.evaluate(
    (measureMs) =>
      new Promise((resolve) => {
        // A frame's work: from the frame's start (the rAF timestamp, shared by every rAF
        // callback of the frame, the page's own included) to a message posted during the
        // frame, which runs only after the frame's callbacks, style, layout and paint.
        const works = [];
        const channel = new MessageChannel();
        const pending = [];
        channel.port2.onmessage = () => {
          const start = pending.shift();
          if (start !== undefined) {
            works.push(performance.now() - start);
          }
        };
        let first;
        const frame = (now) => {
          first ??= now;
          if (now - first < measureMs) {
            pending.push(now);
            channel.port1.postMessage(0);
            requestAnimationFrame(frame);
          } else {
            setTimeout(() => resolve(works), 50);
          }
        };
        requestAnimationFrame(frame);
      }),
    MEASURE_MS,
  );
  const ready = await page.$$eval('[data-testid="pod"][data-ready="1/1"]', (pods) => pods.length);
  const drawn = await page.$$eval('[data-testid="pod"]', (pods) => pods.length);
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(`frames: ${frames.length} in ${MEASURE_MS} ms; pods drawn ${drawn}, ready ${ready}`);
  console.log(`bench: frame time median (${PODS} pods): ${at(0.5).toFixed(1)} ms`);
  console.log(`bench: frame time p95 (${PODS} pods): ${at(0.95).toFixed(1)} ms`);
  console.log(`bench: frame time worst (${PODS} pods): ${sorted[sorted.length - 1].toFixed(1)} ms`);
} finally {
  await browser.close();
  await server.close();
}
