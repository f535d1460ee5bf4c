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

/** A GitHub-flavoured Markdown table cell: pipes, HTML and line breaks neutralised. */
export function escapeMarkdownCell(text: string): string {
  return escapeHtml(text)
    .replace(/[\\`*_[\]|]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ');
}
