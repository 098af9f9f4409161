#!/usr/bin/env node
// screenshot-pages.mjs OUT_DIR PAGES_DIR
//
// Renders every Markdown page below PAGES_DIR the way GitHub shows it and looks
// at it in a real browser (issue 13):
//
//   1. markdown-it (the pinned version, GFM tables on, raw HTML passed through as GitHub does for comments) turns each
//      page into HTML in OUT_DIR (same relative path, .md -> .html), with the
//      heading anchors GitHub gives, GitHub's page width (980 px of content),
//      its table style (a table wider than the page scrolls) and every
//      ```mermaid block drawn by Mermaid's browser bundle (the pinned mermaid);
//   2. every relative link must resolve: to a page or file below PAGES_DIR, and
//      its #anchor to a heading of that page;
//   3. headless Chromium (Debian's `chromium`) loads each page: an in-page script
//      draws the diagrams and reports any Mermaid error and any table wider than
//      the page (it would scroll sideways on GitHub: columns cut off);
//   4. Chromium takes a screenshot of the whole page: OUT_DIR/<page>.png, for
//      people to look at.
//
// Output: `PAGE: error: MESSAGE` for each problem, `PAGE: note: ...` for what a
// person should look at but a check cannot decide (a diagram drawn below half of
// its natural size), then `screenshot-pages: N pages, M problems`.
//
// Exit codes: 0 no problem; 1 at least one problem; 2 usage error, tools missing,
// or Chromium failed to run.

import { readFile, writeFile, mkdir, readdir, copyFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const me = 'screenshot-pages';
const run = promisify(execFile);
const args = process.argv.slice(2);
if (args.length !== 2 || args[0].startsWith('-')) {
  console.error(`usage: node ${me}.mjs OUT_DIR PAGES_DIR`);
  process.exit(2);
}
const [outDir, pagesDir] = args.map((a) => path.resolve(a));

const require = createRequire(import.meta.url);
let MarkdownIt, mermaidBundle;
try {
  MarkdownIt = require('markdown-it');
  mermaidBundle = path.join(path.dirname(require.resolve('mermaid/package.json')), 'dist', 'mermaid.min.js');
} catch (e) {
  console.error(`${me}: the pinned npm tools are not installed (${e.code || e.message}); run \`npm ci\` in ${path.dirname(new URL(import.meta.url).pathname)}`);
  process.exit(2);
}
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
try {
  await stat(chromium);
} catch {
  console.error(`${me}: ${chromium} not found (Debian package chromium)`);
  process.exit(2);
}

async function markdownFiles(dir) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await markdownFiles(full)));
    else if (entry.name.endsWith('.md')) found.push(full);
  }
  return found.sort();
}

// The anchor GitHub gives a heading (github-slugger): lowercase, punctuation and
// symbols dropped, spaces as '-'; a repeated heading gets -1, -2, ...
function slug(text, seen) {
  const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
  let id = base;
  for (let n = 1; seen.has(id); n++) id = `${base}-${n}`;
  seen.add(id);
  return id;
}

const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function renderPage(text) {
  const md = new MarkdownIt({ html: true, linkify: false });
  const ids = new Set();
  const links = [];
  const seen = new Set();
  md.core.ruler.push('github_anchors', (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].type === 'inline' && tokens[i].map) {
        for (const child of tokens[i].children) child.meta = { line: tokens[i].map[0] + 1 };
      }
      if (tokens[i].type !== 'heading_open') continue;
      const inline = tokens[i + 1];
      const plain = inline.children.filter((t) => t.type === 'text' || t.type === 'code_inline').map((t) => t.content).join('');
      const id = slug(plain, seen);
      tokens[i].attrSet('id', id);
      ids.add(id);
    }
  });
  const defaultLinkOpen = md.renderer.rules.link_open || ((t, i, o, e, self) => self.renderToken(t, i, o));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const href = tokens[idx].attrGet('href');
    links.push({ href, line: tokens[idx].meta ? tokens[idx].meta.line : null });
    if (!/^[a-z]+:/i.test(href)) tokens[idx].attrSet('href', href.replace(/\.md(#|$)/, '.html$1'));
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  const defaultFence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const t = tokens[idx];
    if (t.info.trim().split(/\s+/)[0] === 'mermaid') {
      return `<pre class="mermaid" data-line="${t.map[0] + 1}">${escapeHtml(t.content)}</pre>\n`;
    }
    return defaultFence(tokens, idx, options, env, self);
  };
  const html = md.render(text);
  return { html, ids, links };
}

// GitHub's Markdown style, the parts that decide what fits: a 980 px column, tables
// that scroll when wider than it, diagrams scaled down to it.
const style = `
body { margin: 0; background: #fff; color: #1f2328; font: 16px/1.5 -apple-system, "Segoe UI", "Noto Sans",
  Helvetica, Arial, "WenQuanYi Micro Hei", sans-serif; }
.markdown-body { box-sizing: border-box; max-width: 1012px; margin: 0 auto; padding: 32px 16px; }
h1, h2 { border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
table { border-spacing: 0; border-collapse: collapse; display: block; width: max-content; max-width: 100%;
  overflow: auto; }
td, th { padding: 6px 13px; border: 1px solid #d1d9e0; }
tr:nth-child(2n) { background: #f6f8fa; }
code { background: #eff1f3; border-radius: 6px; padding: .2em .4em; font-size: 85%; }
pre { background: #f6f8fa; padding: 16px; overflow: auto; }
pre.mermaid { background: #fff; text-align: center; }
blockquote { margin: 0; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
`;

// Runs in the page: draws the diagrams, then leaves its findings as JSON in #opsflow-check.
const inPage = `
(async () => {
  const found = { errors: [], notes: [] };
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
  for (const pre of document.querySelectorAll('pre.mermaid')) {
    try {
      await mermaid.run({ nodes: [pre] });
    } catch (e) {
      found.errors.push('Mermaid could not draw the diagram at line ' + pre.dataset.line + ': ' + String(e && e.message || e).replace(/\\s+/g, ' ').slice(0, 300));
      continue;
    }
    const svg = pre.querySelector('svg');
    if (!svg || svg.getAttribute('aria-roledescription') === 'error') {
      found.errors.push('Mermaid drew an error instead of the diagram at line ' + pre.dataset.line);
      continue;
    }
    const natural = svg.viewBox && svg.viewBox.baseVal ? svg.viewBox.baseVal.width : 0;
    const drawn = svg.getBoundingClientRect().width;
    if (natural > 0 && drawn / natural < 0.5) {
      found.notes.push('the diagram at line ' + pre.dataset.line + ' is drawn at ' + Math.round(100 * drawn / natural) + '% of its size');
    }
  }
  document.querySelectorAll('table').forEach((table, i) => {
    if (table.scrollWidth > table.clientWidth + 1) {
      const head = [...table.querySelectorAll('th')].map((th) => th.textContent).join(' | ');
      found.errors.push('table ' + (i + 1) + ' (' + head + ') is ' + table.scrollWidth + ' px wide, wider than the page (' + table.clientWidth + ' px): it scrolls sideways');
    }
  });
  found.height = Math.ceil(document.documentElement.scrollHeight);
  const out = document.createElement('script');
  out.type = 'application/json';
  out.id = 'opsflow-check';
  out.textContent = JSON.stringify(found);
  document.body.appendChild(out);
})();
`;

const chromeFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run',
  '--disable-dev-shm-usage', '--force-device-scale-factor=1', '--virtual-time-budget=20000'];

async function browse(file, png, height) {
  const url = pathToFileURL(file).href;
  if (!png) {
    const { stdout } = await run(chromium, [...chromeFlags, '--window-size=1280,900', '--dump-dom', url],
      { maxBuffer: 64 << 20, timeout: 120000 });
    const m = stdout.match(/<script type="application\/json" id="opsflow-check">([\s\S]*?)<\/script>/);
    if (!m) throw new Error('the page did not finish its checks (no #opsflow-check in the DOM)');
    return JSON.parse(m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  }
  await run(chromium, [...chromeFlags, `--window-size=1280,${height}`, `--screenshot=${png}`, url],
    { maxBuffer: 64 << 20, timeout: 120000 });
  return null;
}

const pages = await markdownFiles(pagesDir);
if (pages.length === 0) {
  console.error(`${me}: no Markdown pages below ${pagesDir}`);
  process.exit(2);
}
await mkdir(outDir, { recursive: true });
await copyFile(mermaidBundle, path.join(outDir, 'mermaid.min.js'));

const rendered = new Map();  // page -> { ids, links, html file }
for (const page of pages) {
  const rel = path.relative(pagesDir, page);
  const { html, ids, links } = renderPage(await readFile(page, 'utf8'));
  const htmlFile = path.join(outDir, rel.replace(/\.md$/, '.html'));
  await mkdir(path.dirname(htmlFile), { recursive: true });
  const bundle = path.relative(path.dirname(htmlFile), path.join(outDir, 'mermaid.min.js'));
  await writeFile(htmlFile, `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(rel)}</title><style>${style}</style>
<script src="${bundle}"></script></head>
<body><article class="markdown-body">
${html}</article>
<script>${inPage}</script></body></html>
`);
  rendered.set(page, { rel, ids, links, htmlFile });
}

const problems = [];
const notes = [];
// Links: the target exists, and its anchor is a heading there.
for (const [page, { rel, links }] of rendered) {
  for (const { href, line } of links) {
    if (/^[a-z]+:/i.test(href)) continue;  // http:, mailto:, ...
    const [target, anchor] = href.split('#');
    const file = target === '' ? page : path.resolve(path.dirname(page), decodeURIComponent(target));
    const where = line ? `${rel}:${line}` : rel;
    if (!rendered.has(file)) {
      try {
        await stat(file);
      } catch {
        problems.push(`${where}: error: link ${href}: ${path.relative(pagesDir, file)} does not exist`);
        continue;
      }
    }
    if (anchor !== undefined && rendered.has(file) && !rendered.get(file).ids.has(decodeURIComponent(anchor))) {
      problems.push(`${where}: error: link ${href}: no heading #${anchor} in ${path.relative(pagesDir, file)}`);
    }
  }
}

// The browser: two pages at a time (CI has two cores).
const queue = [...rendered.values()];
async function worker() {
  for (let item = queue.shift(); item; item = queue.shift()) {
    try {
      const found = await browse(item.htmlFile, null, 0);
      for (const e of found.errors) problems.push(`${item.rel}: error: ${e}`);
      for (const n of found.notes) notes.push(`${item.rel}: note: ${n}`);
      const height = Math.min(Math.max(found.height, 600), 30000);
      await browse(item.htmlFile, item.htmlFile.replace(/\.html$/, '.png'), height);
    } catch (e) {
      console.error(`${me}: ${item.rel}: Chromium failed: ${String(e.message || e).split('\n')[0]}`);
      process.exit(2);
    }
  }
}
await Promise.all([worker(), worker()]);

for (const line of [...problems.sort(), ...notes.sort()]) console.log(line);
console.log(`${me}: ${pages.length} pages, ${problems.length} problems (screenshots in ${args[0]})`);
process.exit(problems.length > 0 ? 1 : 0);
