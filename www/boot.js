// Starts the page without an inline script, so the Content-Security-Policy in index.html
// needs no 'unsafe-inline'. Trunk writes this file's <script> element from `pattern_script`
// in Trunk.toml, with the hashed names of wasm-bindgen's module and of the wasm file in
// data-js and data-wasm. Both are relative to the page, so dist/ works from any sub-path.
const bootScript = document.querySelector("script[data-wasm]");
const bootStatus = document.getElementById("boot-status");

try {
  const moduleUrl = new URL(bootScript.dataset.js, document.baseURI);
  const wasmUrl = new URL(bootScript.dataset.wasm, document.baseURI);
  const { default: initWasm } = await import(moduleUrl.href);
  // Instantiating runs the binary's `main`, which mounts the Yew app. Yew empties <body>
  // when it mounts, so the status line stays only when the start fails.
  await initWasm({ module_or_path: wasmUrl });
} catch (error) {
  if (bootStatus) {
    bootStatus.textContent = `The playground could not start · 演练场无法启动: ${error}`;
    bootStatus.classList.add("boot-status--failed");
  }
  throw error;
}
