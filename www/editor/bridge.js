// What wasm-bindgen imports for src/ui/editor/codemirror.rs. wasm-bindgen copies this file
// to dist/snippets/<crate>-<hash>/www/editor/bridge.js, four directories below dist/, and
// the bundle esbuild builds from www/editor/editor.js is dist/editor.js (Trunk.toml's
// pre_build hook and the copy-file link in index.html). The relative path keeps the page
// working from any sub-path.
export { createEditor } from "../../../../editor.js";
