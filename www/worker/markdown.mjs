// Renders the small Markdown subset of docs/problems/*.md to HTML: ATX headings, paragraphs,
// bulleted and numbered lists, pipe tables, fenced code blocks and code spans. Every other
// character is escaped, so raw HTML, links and emphasis in the source show as plain text.

/** Escapes the five characters that are special in HTML text and attribute values. */
export function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

// Code spans first, because their content is shown as written; the text around them is escaped.
function renderInline(text) {
  const parts = text.split(/(`[^`]+`)/);
  return parts
    .map((part) => (part.length > 2 && part.startsWith('`') && part.endsWith('`') ? `<code>${escapeHtml(part.slice(1, -1))}</code>` : escapeHtml(part)))
    .join('');
}

const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^[-*]\s+(.*)$/;
const NUMBERED = /^\d+[.)]\s+(.*)$/;
const FENCE = /^```/;
const TABLE_ROW = /^\|.*\|\s*$/;
const TABLE_DELIMITER = /^\|(\s*:?-+:?\s*\|)+\s*$/;

function tableCells(line) {
  return line.trim().slice(1, -1).split('|').map((cell) => cell.trim());
}

function renderTable(rows) {
  const [head, , ...body] = rows;
  const headHtml = tableCells(head).map((cell) => `<th>${renderInline(cell)}</th>`).join('');
  const bodyHtml = body.map((row) => `<tr>${tableCells(row).map((cell) => `<td>${renderInline(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${headHtml}</tr></thead>\n<tbody>\n${bodyHtml}\n</tbody>\n</table>`;
}

// Collects the lines of one block that starts at `start` and returns [html, next line index].
function readBlock(lines, start) {
  const line = lines[start];

  if (FENCE.test(line)) {
    let end = start + 1;
    while (end < lines.length && !FENCE.test(lines[end])) {
      end += 1;
    }
    return [`<pre><code>${escapeHtml(lines.slice(start + 1, end).join('\n'))}</code></pre>`, end + 1];
  }

  const heading = HEADING.exec(line);
  if (heading) {
    const level = heading[1].length;
    return [`<h${level}>${renderInline(heading[2].trim())}</h${level}>`, start + 1];
  }

  if (TABLE_ROW.test(line) && start + 1 < lines.length && TABLE_DELIMITER.test(lines[start + 1])) {
    let end = start + 2;
    while (end < lines.length && TABLE_ROW.test(lines[end])) {
      end += 1;
    }
    return [renderTable(lines.slice(start, end)), end];
  }

  for (const [pattern, tag] of [[BULLET, 'ul'], [NUMBERED, 'ol']]) {
    if (pattern.test(line)) {
      return readList(lines, start, pattern, tag);
    }
  }
  return readParagraph(lines, start);
}

// An indented line continues the item above it, as Markdown's lazy continuation does.
function readList(lines, start, pattern, tag) {
  const items = [];
  let index = start;
  while (index < lines.length && lines[index].trim() !== '') {
    const item = pattern.exec(lines[index]);
    if (item) {
      items.push(item[1]);
    } else if (/^\s+\S/.test(lines[index]) && items.length > 0) {
      items[items.length - 1] += ` ${lines[index].trim()}`;
    } else {
      break;
    }
    index += 1;
  }
  const html = items.map((item) => `<li>${renderInline(item)}</li>`).join('\n');
  return [`<${tag}>\n${html}\n</${tag}>`, index];
}

function startsBlock(line) {
  return HEADING.test(line) || FENCE.test(line) || BULLET.test(line) || NUMBERED.test(line) || TABLE_ROW.test(line);
}

function readParagraph(lines, start) {
  const text = [lines[start].trim()];
  let index = start + 1;
  while (index < lines.length && lines[index].trim() !== '' && !startsBlock(lines[index])) {
    text.push(lines[index].trim());
    index += 1;
  }
  return [`<p>${renderInline(text.join(' '))}</p>`, index];
}

/** Renders `markdown` to an HTML fragment; see the file header for the subset it supports. */
export function renderMarkdown(markdown) {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks = [];
  let index = 0;
  while (index < lines.length) {
    if (lines[index].trim() === '') {
      index += 1;
      continue;
    }
    const [html, next] = readBlock(lines, index);
    blocks.push(html);
    index = next;
  }
  return blocks.join('\n');
}

/**
 * Returns the title of a problem page: its first heading, "# `kind`: Title", without the kind and
 * with code-span backticks removed, so that it reads as plain text. Returns null without a heading.
 */
export function titleOf(markdown) {
  const heading = /^#\s+(.*)$/m.exec(markdown);
  if (!heading) {
    return null;
  }
  const text = heading[1].trim();
  const named = /^`[^`]+`:\s*(.+)$/.exec(text);
  return (named ? named[1] : text).replaceAll('`', '');
}

/** Returns the first paragraph under the "What it means" heading, as Markdown text, or null. */
export function summaryOf(markdown) {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const heading = lines.findIndex((line) => /^##\s+What it means\s*$/.test(line));
  if (heading < 0) {
    return null;
  }

  let start = heading + 1;
  while (start < lines.length && lines[start].trim() === '') {
    start += 1;
  }
  let end = start;
  while (end < lines.length && lines[end].trim() !== '' && !lines[end].startsWith('#')) {
    end += 1;
  }
  return end > start ? lines.slice(start, end).map((line) => line.trim()).join(' ') : null;
}
