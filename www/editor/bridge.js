// What wasm-bindgen imports for src/ui/editor/codemirror.rs. wasm-bindgen copies this file
// to dist/snippets/<crate>-<hash>/www/editor/bridge.js, four directories below dist/, and
// the bundle esbuild builds from www/editor/editor.js is dist/editor.js (Trunk.toml's
// pre_build hook and the copy-file link in index.html). The relative path keeps the page
// working from any sub-path.
//
// The bundle is imported when the editor mounts, not with the page's module: CodeMirror's
// ~375 KB of script is then evaluated after the page's first render instead of before it
// (index.html preloads the file, so it is already fetched by then). `onReady(editor)` or
// `onError(message)` is called once.
export function loadEditor(host, onChange, label, description, phrases, onReady, onError) {
  import("../../../../editor.js")
    .then((module) => onReady(module.createEditor(host, onChange, label, description, phrases)))
    .catch((error) => onError(String(error)));
}
