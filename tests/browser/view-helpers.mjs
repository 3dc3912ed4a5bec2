// Helpers shared by the cluster-view tests and benchmark.

/**
 * Replaces the selected file's text in the editor: a plain text area is filled; a CodeMirror
 * surface inside the `editor` hook is focused, selected and typed over.
 */
export async function setEditorText(page, text) {
  const editor = page.locator('[data-testid="editor"]').first();
  const tag = await editor.evaluate((element) => element.tagName);
  if (tag === "TEXTAREA" || tag === "INPUT") {
    await editor.fill(text);
    return;
  }
  const surface = page.locator('[data-testid="editor"] [contenteditable="true"]').first();
  await surface.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(text);
}
