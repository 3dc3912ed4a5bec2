// Browser tests of the classroom: the language switcher (remembered, overridden by ?lang), a
// lesson link whose goals pass after its solution runs, share links that round-trip, hostile
// fragments, embed mode inside an iframe, and presenter mode's shortcuts and captions.
//
// Run by scripts/test.sh after `trunk build --release`: `node tests/browser/classroom.mjs`.
// Screenshots (English, Chinese, presenter, embed) go to SCREENSHOT_DIRECTORY.

import { deflateRawSync } from "node:zlib";

import { assert, Checks, forgetSavedWork, leaveForBlank, openPage, READY_TIMEOUT_MS, screenshot } from "./harness.mjs";

const BASE_PATH = "/classroom/sub/";
const GOAL_TIMEOUT_MS = 120_000;
const STEP_TIMEOUT_MS = 10_000;

const checks = new Checks();
const session = await openPage({ basePath: BASE_PATH, viewport: { width: 1400, height: 1000 } });
const { page, problems, server } = session;
const home = `${server.url}index.html`;
const testId = (id) => `[data-testid="${id}"]`;

async function open(url) {
  await page.goto(url);
  await page.waitForSelector('#playground[data-ready="true"]', { timeout: READY_TIMEOUT_MS });
}

async function run(line, expected) {
  await page.fill(testId("console-input"), line);
  await page.press(testId("console-input"), "Enter");
  await page.waitForFunction(
    ([text]) => document.querySelector('[data-testid="console-output"]').textContent.includes(text),
    [expected],
    { timeout: STEP_TIMEOUT_MS },
  );
}

const consoleText = () => page.textContent(testId("console-output"));
const tabs = () =>
  page.$$eval(testId("file-tab"), (elements) => elements.map((element) => element.dataset.name));

// Words that stay as Kubernetes and kubectl write them, in both languages.
const KUBERNETES_WORDS = new Set(
  ("StatefulSet StatefulSets Pod Pods PersistentVolume PersistentVolumes PersistentVolumeClaim " +
    "PVC PV DNS IP uid Running Ready Pending Deployment Service StorageClass kubectl nginx busybox " +
    "OrderedReady Parallel RollingUpdate OnDelete partition Retain Delete WaitForFirstConsumer " +
    "volumeClaimTemplates clusterIP None kubeadm kind standard seed English Gi ReadWriteOnce " +
    "persistentVolumeClaimRetentionPolicy whenScaled whenDeleted reclaim StorageClassName " +
    "storageClassName hostPath nfs NFS ImagePullBackOff ErrImagePull kube Terminating " +
    "Bound Available Released rancher local path provisioner template spec status").split(" "),
);

/** English words (three letters or more) in the classroom's frame, outside code and names. */
function englishWordsInFrame(allowed) {
  const roots = [
    ".page-title",
    '[data-testid="share"]',
    '[data-testid="export"]',
    '[data-testid="presenter-toggle"]',
    '[data-testid="lesson-panel"]',
    '[data-testid="notice"]',
    '[data-testid="shortcut-help"]',
    ".captions",
  ];
  const words = [];
  for (const selector of roots) {
    for (const root of document.querySelectorAll(selector)) {
      const copy = root.cloneNode(true);
      for (const code of copy.querySelectorAll("code, pre, option, .lesson-goal-reason")) {
        code.remove();
      }
      const text = copy.textContent;
      for (const word of text.match(/[A-Za-z][A-Za-z-]{2,}/g) ?? []) {
        const plain = word.replace(/-.*$/, "");
        if (!allowed.includes(word) && !allowed.includes(plain) && !/\d/.test(word)) {
          words.push(word);
        }
      }
    }
  }
  // Object names (myapp, web, burst, pv001…) are the lesson's own.
  return words.filter((word) => !/^(myapp|web|burst|pv|www|myappdata|dns|client)/.test(word));
}

try {
  await checks.check("the language switcher turns the frame into Chinese and kubectl stays as printed", async () => {
    // A first visit: nothing saved, no language chosen (cleared from another file of the page's
    // origin, since the page saves its work when it is left).
    await leaveForBlank(page, server.url);
    await page.evaluate(() => localStorage.clear());
    await open(`${home}#lesson=network-identity`);
    await run("kubectl get nodes", "k8s-node2");
    const english = await consoleText();
    await screenshot(page, "classroom-english.png");
    await page.selectOption(testId("lang-switch"), "zh-CN");
    await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
    const title = await page.textContent(".page-title");
    assert(title.includes("演练场"), `title: ${title}`);
    const share = await page.textContent(testId("share"));
    assert(share === "分享", `share: ${share}`);
    const panel = await page.textContent(testId("lesson-panel"));
    assert(panel.includes("稳定的网络标识") && panel.includes("目标"), "the lesson is in Chinese");
    const left = await page.evaluate(englishWordsInFrame, [...KUBERNETES_WORDS]);
    assert(left.length === 0, `English words left: ${left.join(", ")}`);
    assert((await consoleText()) === english, "kubectl's output did not change");
    await screenshot(page, "classroom-chinese.png");
  });

  await checks.check("the chosen language survives a reload, and ?lang= overrides it", async () => {
    await open(home);
    const lang = await page.evaluate(() => document.documentElement.lang);
    assert(lang === "zh-CN", `after reload: ${lang}`);
    assert((await page.textContent(testId("share"))) === "分享", "the frame is still Chinese");
    await open(`${home}?lang=en`);
    assert((await page.textContent(testId("share"))) === "Share", "?lang=en wins");
    await page.selectOption(testId("lang-switch"), "en");
  });

  await checks.check("a lesson link opens the lesson and its goals pass after its solution runs", async () => {
    await open(`${home}?lang=en#lesson=network-identity`);
    const lesson = await page.getAttribute(testId("lesson-panel"), "data-lesson");
    assert(lesson === "network-identity", `lesson: ${lesson}`);
    assert((await tabs()).join() === "pv-demo.yaml,stateful-demo.yaml", "the lesson's files");
    const before = await page.$$eval(testId("lesson-goal"), (goals) => goals.map((g) => g.dataset.passed));
    assert(before.length === 2 && before.every((p) => p === "false"), `before: ${before}`);
    await page.selectOption(testId("speed"), "20");
    await page.click(testId("lesson-run-solution"));
    await page.waitForFunction(
      () => {
        const goals = [...document.querySelectorAll('[data-testid="lesson-goal"]')];
        return goals.length > 0 && goals.every((goal) => goal.dataset.passed === "true");
      },
      null,
      { timeout: GOAL_TIMEOUT_MS },
    );
    await page.waitForSelector(testId("lesson-learned"), { timeout: STEP_TIMEOUT_MS });
    const text = await consoleText();
    assert(text.includes("$ kubectl delete pod myapp-0"), "the solution was typed into the console");
  });

  await checks.check("a reload keeps a lesson's work; another link keeps it as earlier work to bring back", async () => {
    await open(`${home}?lang=en#lesson=stable-storage`);
    await run("kubectl create namespace my-own-work", "namespace/my-own-work created");
    await page.waitForTimeout(600); // the autosave runs 250 ms after a change
    await open(`${home}?lang=en#lesson=stable-storage`);
    assert((await consoleText()).includes("namespace/my-own-work created"), "the reload kept the work");
    const lesson = () => page.getAttribute(testId("lesson-panel"), "data-lesson");
    assert((await lesson()) === "stable-storage", `lesson after reload: ${await lesson()}`);
    await page.evaluate(() => { location.hash = "#lesson=ordered-deletion"; });
    await page.waitForFunction(() => document.querySelector('[data-testid="lesson-panel"]').dataset.lesson === "ordered-deletion");
    assert(!(await consoleText()).includes("my-own-work"), "the other lesson replaced the work");
    const kept = await page.textContent(testId("notice"));
    assert(kept.includes("Your earlier work is kept."), kept);
    await screenshot(page, "classroom-earlier-work-kept.png");
    await page.click(testId("notice-action"));
    await page.waitForFunction(() => document.querySelector('[data-testid="lesson-panel"]').dataset.lesson === "stable-storage");
    assert((await consoleText()).includes("namespace/my-own-work created"), "the earlier work is back");
    assert(page.url().endsWith("#lesson=stable-storage"), `address: ${page.url()}`);
    await run("kubectl get namespace my-own-work", "my-own-work");
    const back = await page.textContent(testId("notice"));
    assert(back.includes("the work it replaced is kept"), back);
    await page.click(testId("notice-action"));
    await page.waitForFunction(() => document.querySelector('[data-testid="lesson-panel"]').dataset.lesson === "ordered-deletion");
    assert(!(await consoleText()).includes("my-own-work"), "swapped again");
  });

  await checks.check("a share link round-trips files, commands, seed, preset and lesson", async () => {
    await open(`${home}?lang=en`);
    await page.selectOption(testId("lesson-picker"), "ordered-scaling");
    await page.waitForFunction(() => document.querySelector('[data-testid="lesson-panel"]').dataset.lesson === "ordered-scaling");
    await run("kubectl get sts", "web");
    await run("kubectl get pods -o wide", "web-0");
    const files = await tabs();
    const seed = await page.getAttribute("#playground", "data-seed");
    const preset = await page.getAttribute("#playground", "data-preset");
    await page.click(testId("share"));
    const link = await page.inputValue(testId("share-link"));
    assert(link.includes("#share="), link);
    const snippet = await page.inputValue(testId("embed-snippet"));
    assert(snippet.startsWith("<iframe src=") && snippet.includes("embed"), snippet);
    await page.goto("about:blank");
    await open(link);
    assert((await tabs()).join() === files.join(), `files: ${await tabs()} vs ${files}`);
    assert((await page.getAttribute("#playground", "data-seed")) === seed, "seed");
    assert((await page.getAttribute("#playground", "data-preset")) === preset, `preset ${preset}`);
    assert((await page.getAttribute(testId("lesson-panel"), "data-lesson")) === "ordered-scaling", "lesson");
    const text = await consoleText();
    assert(text.includes("$ kubectl get sts\n") && text.includes("$ kubectl get pods -o wide\n"), text);
    const notice = await page.textContent(testId("notice"));
    assert(notice.includes("2 commands"), notice);
    const downloads = [];
    page.on("download", (download) => downloads.push(download));
    await page.click(testId("export"));
    await page.waitForFunction(() => document.querySelector('[data-testid="notice"]').textContent.includes("replay.sh"));
    for (let wait = 0; wait < 50 && !downloads.some((d) => d.suggestedFilename() === "replay.sh"); wait++) {
      await page.waitForTimeout(100);
    }
    const replay = downloads.find((download) => download.suggestedFilename() === "replay.sh");
    assert(replay !== undefined, `downloads: ${downloads.map((d) => d.suggestedFilename())}`);
    const { readFile } = await import("node:fs/promises");
    const script = await readFile(await replay.path(), "utf8");
    assert(script.includes("kubectl get pods -o wide") || script.includes("'kubectl' 'get'") || script.includes("kubectl get"), script.slice(0, 400));
    return `${link.length} characters; export: ${downloads.map((d) => d.suggestedFilename()).join(", ")}`;
  });

  const hostile = {
    garbage: "#share=%%%not-a-link!!",
    markup: `#share=<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`,
    huge: `#share=${"A".repeat(300_000)}`,
    "hostile contents": `#share=v1.${deflateRawSync(JSON.stringify({ f: [["<b>x</b>/../a", "x"]], c: [], s: 1, p: "kubeadm" })).toString("base64url")}`,
    "zip bomb": `#share=v1.${deflateRawSync(JSON.stringify({ f: [["a.yaml", "x".repeat(5_000_000)]], c: [], s: 1, p: "kubeadm" })).toString("base64url")}`,
    "unknown lesson": "#lesson=<img src=x>",
  };
  for (const [name, fragment] of Object.entries(hostile)) {
    await checks.check(`a ${name} fragment gives a clear message and a clean playground`, async () => {
      // A visitor without saved work: what a broken link leaves must be the notes' playground.
      await forgetSavedWork(page, server.url);
      await open(`${home}?lang=en${fragment}`);
      const notice = await page.waitForSelector(`${testId("notice")}[data-error="true"]`, { timeout: STEP_TIMEOUT_MS });
      const text = await notice.textContent();
      assert(/starts fresh instead|There is no lesson/.test(text), text);
      assert((await page.$$("#playground img, #playground script, #playground b")).length === 0, "no markup was inserted");
      assert((await page.title()) !== "pwned", "no script ran");
      assert((await tabs()).join() === "pv-demo.yaml,stateful-demo.yaml", "the notes' files");
      return text.slice(0, 90);
    });
  }

  await checks.check("embed mode renders inside an iframe from the same server", async () => {
    const testPage = `${server.url}embed-test.html`;
    await page.route(testPage, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><title>tutorial</title><h1>A tutorial page</h1>
          <iframe id="embedded" src="index.html?embed&lang=en#lesson=stable-storage" width="1000" height="700"></iframe>`,
      }),
    );
    await page.goto(testPage);
    const frame = page.frameLocator("#embedded");
    await frame.locator('#playground[data-ready="true"]').waitFor({ timeout: READY_TIMEOUT_MS });
    const classes = await frame.locator("#playground").getAttribute("class");
    assert(classes.includes("playground--embed"), classes);
    assert((await frame.locator(".page-title").count()) === 0, "no page title in embed mode");
    assert((await frame.locator(testId("share")).count()) === 0, "no share button in embed mode");
    assert((await frame.locator(testId("lesson-panel")).getAttribute("data-lesson")) === "stable-storage", "the lesson");
    const full = await frame.locator(".frame-tools a").getAttribute("href");
    assert(!full.includes("embed") && full.includes("lang=en#lesson=stable-storage"), `full page: ${full}`);
    await screenshot(page, "classroom-embed.png");
    await page.unroute(testPage);
  });

  await checks.check("an embed keeps its work in its own slot: the full playground's work is untouched", async () => {
    await open(`${home}?lang=en`);
    await run("kubectl create namespace full-page-work", "namespace/full-page-work created");
    await leaveForBlank(page, server.url);
    const mainBefore = await page.evaluate(() => localStorage.getItem("sts-playground/v1"));
    assert(mainBefore?.includes("full-page-work"), "the full page saved its work");
    const testPage = `${server.url}embed-work.html`;
    await page.route(testPage, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><title>tutorial</title>
          <iframe id="embedded" src="index.html?embed&lang=en#lesson=ordered-scaling" width="1000" height="700"></iframe>`,
      }),
    );
    await page.goto(testPage);
    const frame = page.frameLocator("#embedded");
    await frame.locator('#playground[data-ready="true"]').waitFor({ timeout: READY_TIMEOUT_MS });
    await frame.locator(testId("console-input")).fill("kubectl create namespace embed-work");
    await frame.locator(testId("console-input")).press("Enter");
    await frame.locator(testId("console-output")).filter({ hasText: "namespace/embed-work created" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.goto(testPage); // the embed saves as it is left, and comes back with its work
    await frame.locator('#playground[data-ready="true"]').waitFor({ timeout: READY_TIMEOUT_MS });
    await frame.locator(testId("console-output")).filter({ hasText: "namespace/embed-work created" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.unroute(testPage);
    await open(`${home}?lang=en`);
    const text = await consoleText();
    assert(text.includes("full-page-work") && !text.includes("embed-work"), `full page console: ${text.slice(-300)}`);
    const notice = await page.$(testId("notice"));
    assert(notice === null, "no notice: nothing was replaced");
  });

  await checks.check("presenter mode: shortcuts for play/pause, step, speed and help, and captions", async () => {
    await forgetSavedWork(page, server.url);
    await open(`${home}?lang=en`);
    await page.click(testId("presenter-toggle"));
    assert((await page.getAttribute("#playground", "class")).includes("playground--present"), "present class");
    await run("kubectl apply -f pv-demo.yaml", "pv005 created");
    await run("kubectl apply -f stateful-demo.yaml", "statefulset.apps/myapp created");
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press("Space");
    await page.waitForSelector(`${testId("pause")}[aria-pressed="true"]`, { timeout: STEP_TIMEOUT_MS });
    const before = Number(await page.getAttribute(testId("clock"), "data-ms"));
    await page.keyboard.press("n");
    await page.waitForFunction(
      (ms) => Number(document.querySelector('[data-testid="clock"]').dataset.ms) > ms,
      before,
      { timeout: STEP_TIMEOUT_MS },
    );
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("+");
    await page.waitForFunction(() => document.querySelector('[data-testid="speed"]').value === "2");
    await page.keyboard.press("-");
    await page.keyboard.press("-");
    await page.waitForFunction(() => document.querySelector('[data-testid="speed"]').value === "0.5");
    await page.keyboard.press("?");
    await page.waitForSelector(testId("shortcut-help"), { timeout: STEP_TIMEOUT_MS });
    await page.keyboard.press("Escape");
    await page.waitForSelector(testId("shortcut-help"), { state: "detached", timeout: STEP_TIMEOUT_MS });
    // Still paused: step event by event (N) until a caption gives the reason myapp-1 was
    // created. Playing at 20× a slow frame could carry it past the three newest captions.
    const captionSays = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('[data-testid="caption"]')].some((c) => c.textContent.includes("because myapp-0 is Running and Ready")),
      );
    for (let step = 0; step < 300 && !(await captionSays()); step++) {
      const clock = await page.getAttribute(testId("clock"), "data-ms");
      await page.keyboard.press("n");
      await page.waitForFunction(
        (ms) => document.querySelector('[data-testid="clock"]').dataset.ms !== ms,
        clock,
        { timeout: 1_000 },
      ).catch(() => {}); // a step can end at the same instant

    }
    assert(await captionSays(), "no caption gave the reason myapp-1 was created");
    await page.keyboard.press("Space");
    await page.waitForSelector(`${testId("play")}[aria-pressed="true"]`, { timeout: STEP_TIMEOUT_MS });
    await page.selectOption(testId("speed"), "20");
    await page.evaluate(() => document.activeElement.blur());
    // Space typed into the console is a space, not a shortcut.
    await page.fill(testId("console-input"), "kubectl");
    await page.press(testId("console-input"), "Space");
    assert((await page.inputValue(testId("console-input"))) === "kubectl ", "Space in a text field types");
    assert(await page.$(`${testId("play")}[aria-pressed="true"]`), "and does not pause");
    await page.keyboard.press("?");
    assert((await page.$(testId("shortcut-help"))) === null, "? in a text field types too");
    await screenshot(page, "classroom-presenter.png");
    const captions = await page.$$eval(testId("caption"), (list) => list.map((c) => c.textContent));
    return captions[0];
  });

  await checks.check("?present opens in presenter mode", async () => {
    await open(`${home}?present&lang=zh`);
    assert((await page.getAttribute("#playground", "class")).includes("playground--present"), "present class");
    const text = await page.textContent(".captions");
    assert(text.includes("播放中"), text);
  });

  await checks.check("no page errors, console errors or failed requests", async () => {
    assert(problems.pageErrors.length === 0, `page errors: ${problems.pageErrors.join(" | ")}`);
    assert(problems.consoleErrors.length === 0, `console errors: ${problems.consoleErrors.join(" | ")}`);
    // The tests navigate away from pages that are still loading; a request the browser
    // abandons then (net::ERR_ABORTED) is not a failure of the page.
    const failed = problems.failedRequests.filter(
      (request) => !request.includes("embed-test") && !request.includes("net::ERR_ABORTED"),
    );
    assert(failed.length === 0, `failed requests: ${failed.join(" | ")}`);
  });
} finally {
  await session.close();
}

process.exit(checks.finish());
