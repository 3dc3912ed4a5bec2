// The page's manifest editor: CodeMirror 6 with YAML highlighting, line numbers, undo/redo,
// search, space indentation and a lint gutter. esbuild bundles this file (and only the
// CodeMirror parts it imports) into dist/editor.js at build time; see the pre_build hook in
// Trunk.toml. The Rust side (src/ui/editor/codemirror.rs) reaches it through
// www/editor/bridge.js, which imports it when the editor mounts, and owns the files: this
// module only edits the one it is shown.
//
// Content-Security-Policy: CodeMirror's styles are generated at run time by style-mod, which
// writes them into a <style> element when the editor lives in the document, and `style-src
// 'self'` refuses that element. Inside a shadow root, style-mod uses a constructed stylesheet
// (`adoptedStyleSheets`) instead, which the policy does not govern, so the editor is mounted
// in an open shadow root of its host element and the policy stays as strict as it was: no
// 'unsafe-inline', no nonce. (A nonce in a static page is a constant anyone can read, so it
// would guard <style> elements no better than 'unsafe-inline'.) Inline styles CodeMirror sets
// through the CSSOM (`element.style`) are not governed by the policy either. The page's own
// stylesheet does not reach into the shadow root; the theme below reads the page's CSS custom
// properties, which do.
//
// Invariants: the editor never inserts user text as HTML (CodeMirror draws text nodes); every
// state kept per file is dropped when its file goes away (see `show`).

import { Annotation, Compartment, EditorState, Transaction } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import {
  deleteLine,
  history,
  historyKeymap,
  indentLess,
  indentMore,
  indentWithTab,
  moveLineDown,
  moveLineUp,
  standardKeymap,
  toggleComment,
} from "@codemirror/commands";
import {
  HighlightStyle,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
import { yaml } from "@codemirror/lang-yaml";
import { tags } from "@lezer/highlight";
import { search, searchKeymap } from "@codemirror/search";
import { lintGutter, setDiagnostics } from "@codemirror/lint";

/**
 * The few editing keys of CodeMirror's default keymap worth their bytes here (the rest of it
 * is multiple cursors and syntax-tree selection).
 */
const editingKeymap = [
  { key: "Alt-ArrowUp", run: moveLineUp },
  { key: "Alt-ArrowDown", run: moveLineDown },
  { key: "Shift-Mod-k", run: deleteLine },
  { key: "Mod-[", run: indentLess },
  { key: "Mod-]", run: indentMore },
  { key: "Mod-/", run: toggleComment },
];

/**
 * YAML's colours, from the page's custom properties where it defines them (a dark theme sets
 * `--color-syntax-*`), else readable on a light surface.
 */
const yamlHighlight = HighlightStyle.define([
  { tag: tags.definition(tags.propertyName), color: "var(--color-syntax-key, #1f4fb0)" },
  { tag: [tags.string, tags.special(tags.string)], color: "var(--color-syntax-string, #a31515)" },
  { tag: tags.lineComment, color: "var(--color-syntax-comment, #5f6b76)", fontStyle: "italic" },
  { tag: [tags.meta, tags.keyword], color: "var(--color-syntax-meta, #7b3fb5)", fontWeight: "bold" },
  { tag: [tags.labelName, tags.typeName, tags.attributeValue], color: "var(--color-syntax-meta, #7b3fb5)" },
  {
    tag: [tags.separator, tags.punctuation, tags.squareBracket, tags.brace],
    color: "var(--color-text-muted, #52606d)",
  },
]);

/** Marks the transactions that bring Rust's text in, so they are not reported back. */
const fromPage = Annotation.define();

const theme = EditorView.theme({
  "&": {
    height: "100%",
    color: "var(--color-text, #1f2933)",
    backgroundColor: "var(--color-surface, #ffffff)",
    fontSize: "var(--editor-font-size, 0.8125rem)",
  },
  ".cm-scroller": {
    fontFamily: "var(--font-mono, monospace)",
    lineHeight: "var(--editor-line-height, 1.5)",
  },
  ".cm-gutters": {
    backgroundColor: "var(--color-surface-sunken, #eef2f7)",
    color: "var(--color-text-muted, #52606d)",
    borderRight: "1px solid var(--color-border, #d3dae3)",
  },
  "&.cm-focused": {
    outline: "2px solid var(--color-accent, #326ce5)",
    outlineOffset: "-2px",
  },
  ".cm-activeLine, .cm-activeLineGutter": {
    backgroundColor: "color-mix(in srgb, var(--color-accent, #326ce5) 8%, transparent)",
  },
  ".cm-panels": {
    backgroundColor: "var(--color-surface-sunken, #eef2f7)",
    color: "var(--color-text, #1f2933)",
  },
  ".cm-panel input, .cm-panel button": { font: "inherit" },
  // The lint extension draws its markers and underlines as data: SVG images, which the
  // policy's `img-src 'self'` refuses; these rules draw them with CSS instead, so the
  // images are never requested.
  ".cm-lintRange-error, .cm-lintRange-warning": {
    backgroundImage: "none",
    textDecoration: "underline wavy",
    textDecorationSkipInk: "none",
    textUnderlineOffset: "3px",
  },
  ".cm-lintRange-error": { textDecorationColor: "var(--color-danger, #c62828)" },
  ".cm-lintRange-warning": { textDecorationColor: "var(--color-pending, #b26a00)" },
  ".cm-lint-marker-error, .cm-lint-marker-warning": {
    content: "normal",
    boxSizing: "border-box",
    width: "0.8em",
    height: "0.8em",
    margin: "0.25em auto 0",
  },
  ".cm-lint-marker-error": {
    borderRadius: "50%",
    backgroundColor: "var(--color-danger, #c62828)",
  },
  ".cm-lint-marker-warning": {
    borderRadius: "2px",
    backgroundColor: "var(--color-pending, #b26a00)",
  },
});

function contentAttributes(label, description) {
  return EditorView.contentAttributes.of({
    "aria-label": label ?? "",
    "aria-description": description ?? "",
  });
}

/**
 * Mounts an editor in `host` (an element the page keeps for it) and returns its handle.
 * `onChange(text)` is called on every edit the learner makes; `label` and `description` are
 * the text box's accessible name and description; `phrases` is a JSON object from
 * CodeMirror's English phrases to the page's words. Lists cross from Rust as JSON strings.
 */
export function createEditor(host, onChange, label, description, phrases) {
  return new ManifestEditor(host, onChange, label, description, JSON.parse(phrases));
}

class ManifestEditor {
  constructor(host, onChange, label, description, phrases) {
    this.onChange = onChange;
    // True while `onChange` runs: CodeMirror refuses a new transaction inside an update, so
    // what the page asks for then waits for a microtask.
    this.notifying = false;
    // The words and labels now in force, for the states made or brought back later.
    this.phraseTable = phrases;
    this.labels = [label, description];
    this.root = host.shadowRoot ?? host.attachShadow({ mode: "open" });
    this.phrases = new Compartment();
    this.contentAttributes = new Compartment();
    this.currentKey = null;
    // The editor state of each file not on screen, by file name: its undo history and
    // selection come back when its tab is chosen again.
    this.states = new Map();
    this.extensions = [
      lineNumbers(),
      highlightActiveLineGutter(),
      lintGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      indentOnInput(),
      highlightActiveLine(),
      search({ top: true }),
      syntaxHighlighting(yamlHighlight),
      yaml(),
      // YAML forbids tabs for indentation: Tab indents the selected lines with spaces.
      // Escape then Tab leaves the editor (CodeMirror's own escape route for keyboard users,
      // which the page states under the editor).
      EditorState.tabSize.of(2),
      indentUnit.of("  "),
      keymap.of([
        ...standardKeymap,
        ...historyKeymap,
        ...searchKeymap,
        ...editingKeymap,
        indentWithTab,
      ]),
      theme,
      this.phrases.of(EditorState.phrases.of(phrases)),
      this.contentAttributes.of(contentAttributes(label, description)),
      EditorView.updateListener.of((update) => {
        if (
          update.docChanged &&
          !update.transactions.some((transaction) => transaction.annotation(fromPage))
        ) {
          this.notifying = true;
          try {
            this.onChange(update.state.doc.toString());
          } finally {
            this.notifying = false;
          }
        }
      }),
    ];
    this.view = new EditorView({
      root: this.root,
      parent: this.root,
      state: EditorState.create({ doc: "", extensions: this.extensions }),
    });
    // The browser tests read the document through this; it is not used by the page.
    host.editorView = this.view;
  }

  /** Runs `body` now, or after the current update when called from inside one. */
  later(body) {
    if (this.notifying) {
      queueMicrotask(body);
    } else {
      body();
    }
  }

  /**
   * Shows file `key` with `text`. `liveKeys` (JSON) are the names of every file the page has:
   * the kept states of other names are dropped. `renamedFrom` is the file's previous name when
   * the page renamed the file on screen (else ""): its state, undo history included, goes on
   * under the new name.
   */
  show(key, text, liveKeys, renamedFrom) {
    this.later(() => this.showNow(key, text, JSON.parse(liveKeys), renamedFrom));
  }

  showNow(key, text, liveKeys, renamedFrom) {
    const live = new Set(liveKeys);
    for (const kept of [...this.states.keys()]) {
      if (!live.has(kept)) {
        this.states.delete(kept);
      }
    }
    if (key !== this.currentKey) {
      const renamed = renamedFrom !== "" && renamedFrom === this.currentKey;
      if (this.currentKey !== null && live.has(this.currentKey)) {
        this.states.set(this.currentKey, this.view.state);
      }
      if (!renamed) {
        const kept = this.states.get(key);
        this.states.delete(key);
        this.view.setState(
          kept ?? EditorState.create({ doc: text, extensions: this.extensions }),
        );
        this.reconfigure();
      }
      this.currentKey = key;
    }
    if (this.view.state.doc.toString() !== text) {
      // The page changed the text (a restored session, say): replace it, keeping the
      // cursor where it can stay, outside the undo history.
      const head = Math.min(this.view.state.selection.main.head, text.length);
      this.view.dispatch({
        changes: { from: 0, to: this.view.state.doc.length, insert: text },
        selection: { anchor: head },
        annotations: [fromPage.of(true), Transaction.addToHistory.of(false)],
      });
    }
  }

  /**
   * Shows the core's diagnostics as lint markers: a JSON array of `{ line, column, message,
   * error }` with 1-based lines and columns (columns count characters).
   */
  setDiagnostics(diagnostics) {
    this.later(() => this.setDiagnosticsNow(JSON.parse(diagnostics)));
  }

  setDiagnosticsNow(diagnostics) {
    const doc = this.view.state.doc;
    const converted = [];
    for (const { line, column, message, error } of diagnostics) {
      const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
      const from = at.from + Math.min(Math.max(column - 1, 0), at.length);
      converted.push({ from, to: at.to, severity: error ? "error" : "warning", message });
    }
    this.view.dispatch(setDiagnostics(this.view.state, converted));
  }

  /** CodeMirror's words (search panel, gutters) in the page's language. */
  setPhrases(phrases) {
    this.phraseTable = JSON.parse(phrases);
    this.later(() => this.reconfigure());
  }

  /** Puts the words and labels now in force into the state on screen. */
  reconfigure() {
    this.view.dispatch({
      effects: [
        this.phrases.reconfigure(EditorState.phrases.of(this.phraseTable)),
        this.contentAttributes.reconfigure(contentAttributes(...this.labels)),
      ],
    });
  }

  /** The text box's accessible name and description. */
  setLabel(label, description) {
    this.labels = [label, description];
    this.later(() => this.reconfigure());
  }

  /** Focuses the editor with the cursor at `line`, `column` (1-based), scrolled into view. */
  focusAt(line, column) {
    const doc = this.view.state.doc;
    const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
    const pos = at.from + Math.min(Math.max(column - 1, 0), at.length);
    this.view.dispatch({
      selection: { anchor: pos },
      effects: EditorView.scrollIntoView(pos, { y: "center" }),
    });
    this.view.focus();
  }

  destroy() {
    this.view.destroy();
    this.states.clear();
  }
}
