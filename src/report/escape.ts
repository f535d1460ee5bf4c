/**
 * Escaping for every renderer. Dataset text, subset names and model ids are untrusted: they
 * reach the page only through `html` interpolation or `escapeHtml`, never as markup.
 */

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/** Markup we built ourselves, passed through `html` unescaped. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export const raw = (text: string): Markup => new Markup(text);

type Part = string | number | Markup | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Markup) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

/** A template tag: interpolated values are escaped unless they are `Markup` (nested `html` results are). */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Markup {
  let out = strings[0]!;
  parts.forEach((p, i) => (out += render(p) + strings[i + 1]!));
  return new Markup(out);
}

/**
 * Text for one GFM table cell: HTML-significant characters become entities (model ids and subset
 * names are user data), `|` would end the cell, a newline the row, and Markdown punctuation
 * would turn ids like `bow-*` into emphasis or links; other control characters, and the bidi
 * overrides that reorder a line where Markdown is shown, become U+FFFD.
 */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]~|]/g, '\\$&')
    .replace(/\r\n|\r|\n/g, '<br>')
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\uFFFD');
}
