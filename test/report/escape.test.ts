import t from 'tap';
import { escapeHtml, escapeMarkdownCell, html, raw } from '../../src/report/escape.js';

t.test('escapeHtml replaces the five characters that can end text or an attribute', async (t) => {
  t.equal(escapeHtml(`<a href="x" onclick='y'>&</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  t.equal(escapeHtml('plain text'), 'plain text');
});

t.test('the html tag escapes interpolations, passes its own markup, and flattens arrays', async (t) => {
  const payload = '<script>window.__xss=1</script>';
  t.equal(html`<p>${payload}</p>`.text, '<p>&lt;script&gt;window.__xss=1&lt;/script&gt;</p>');
  t.equal(html`<td data-v="${'" onmouseover="x'}">`.text, '<td data-v="&quot; onmouseover=&quot;x">');
  t.equal(html`<ul>${['<i>', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.text, '<ul><li>&lt;i&gt;</li><li>b</li></ul>');
  t.equal(html`${raw('<b>ours</b>')}${undefined}${false}${null}${0}`.text, '<b>ours</b>0');
});

t.test('Markdown cells: pipes cannot open a column, HTML cannot render, newlines cannot end the row', async (t) => {
  t.equal(escapeMarkdownCell('a|b'), 'a\\|b');
  t.equal(escapeMarkdownCell('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert(1)&gt;');
  t.equal(escapeMarkdownCell('line1\nline2\r\nline3'), 'line1<br>line2<br>line3');
  t.equal(escapeMarkdownCell('*bold* _it_ `code` [link](javascript:x) \\'), '\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](javascript:x) \\\\');
});
