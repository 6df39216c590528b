// Replaces codemirror-json-schema's Markdown renderer (markdown-it + shiki, megabytes of syntax
// grammars) in the bundle: the schema's descriptions are plain text, shown escaped.
export function renderMarkdown(markdown) {
  const div = document.createElement('div');
  div.textContent = String(markdown ?? '');
  return div.innerHTML;
}
