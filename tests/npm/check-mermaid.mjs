#!/usr/bin/env node
// check-mermaid.mjs FILE...
//
// Parses every Mermaid diagram with mermaid.parse() (the pinned mermaid 11 in
// tests/npm/package.json, running under a jsdom window), so that a diagram which
// passes here is one GitHub's Mermaid renderer can read.
//
//   *.mmd, *.mermaid  the whole file is one diagram (reported at line 1)
//   anything else     Markdown: every fenced code block whose info string's
//                     first word is `mermaid` (``` or ~~~, also inside block
//                     quotes and list items) is one diagram, reported at the
//                     line of its opening fence. The Markdown is parsed with
//                     markdown-it (CommonMark), not with a regex, so a
//                     ```mermaid example nested inside a longer outer fence is
//                     not a diagram, exactly as on GitHub.
//
// Output: `FILE:LINE: error: MESSAGE` for each diagram that fails (the rest of a
// multi-line parser message follows, indented by 4 spaces), then
// `check-mermaid: N diagrams in M files, K failed`. A file that cannot be read
// is reported as `FILE: error: ...` and counts as failed (in K).
//
// Line numbers inside mermaid's own messages ("Parse error on line 3") count
// lines of the diagram text, starting at 1 on the line after the fence.
//
// Exit codes: 0 every diagram parsed; 1 at least one failed (or a file could not
// be read); 2 usage error or the tools are not installed (run `npm ci` in
// tests/npm, or use check-markdown.sh, which does it).
//
// Works from any working directory: modules resolve relative to this script.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const me = 'check-mermaid';
const usage = `usage: node ${me}.mjs FILE...   (Markdown files, or .mmd/.mermaid diagram files)`;

const args = process.argv.slice(2);
const files = [];
let endOfOptions = false;
for (const a of args) {
  if (!endOfOptions && a === '--') { endOfOptions = true; continue; }
  if (!endOfOptions && (a === '-h' || a === '--help')) { console.log(usage); process.exit(0); }
  if (!endOfOptions && a.startsWith('-') && a !== '-') {
    console.error(`${me}: unknown option ${a}\n${usage}`);
    process.exit(2);
  }
  files.push(a);
}
if (files.length === 0) {
  console.error(usage);
  process.exit(2);
}

// Resolve the pinned packages from this script's own directory (tests/npm),
// whatever the working directory is.
const require = createRequire(import.meta.url);
let JSDOM, MarkdownIt, mermaidPath;
try {
  ({ JSDOM } = require('jsdom'));
  MarkdownIt = require('markdown-it');
  // mermaid is ESM-only; resolve its entry here, import it after the DOM exists.
  mermaidPath = pathToFileURL(require.resolve('mermaid')).href;
} catch (e) {
  console.error(`${me}: the pinned npm tools are not installed (${e.code || e.message}); run \`npm ci\` in ${new URL('.', import.meta.url).pathname}`);
  process.exit(2);
}

// mermaid (through DOMPurify, which binds to `window` when its module is
// evaluated) needs a browser-like global scope, so these globals must exist
// BEFORE mermaid is imported. parse() itself only sanitizes labels; nothing is
// laid out or drawn.
const dom = new JSDOM('<!DOCTYPE html><html><head></head><body></body></html>', {
  pretendToBeVisual: true,
  url: 'http://localhost/',
});
const { window } = dom;
const globals = {
  window,
  document: window.document,
  navigator: window.navigator, // Node >= 21 has its own; use the browser-like one
  DOMParser: window.DOMParser,
  XMLSerializer: window.XMLSerializer,
  Node: window.Node,
  Element: window.Element,
  HTMLElement: window.HTMLElement,
  SVGElement: window.SVGElement,
  DocumentFragment: window.DocumentFragment,
  NodeFilter: window.NodeFilter,
  getComputedStyle: window.getComputedStyle.bind(window),
  requestAnimationFrame: window.requestAnimationFrame.bind(window),
  cancelAnimationFrame: window.cancelAnimationFrame.bind(window),
};
for (const [name, value] of Object.entries(globals)) {
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true, enumerable: false });
}

const { default: mermaid } = await import(mermaidPath);
// Defaults as GitHub uses them (strict security level); never render on load.
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', logLevel: 'fatal' });

const md = new MarkdownIt('commonmark');

function diagramsIn(file, text) {
  if (/\.(mmd|mermaid)$/i.test(file)) return [{ line: 1, text }];
  const found = [];
  const walk = (tokens) => {
    for (const t of tokens) {
      if (t.type === 'fence') {
        const lang = t.info.trim().split(/\s+/)[0];
        if (lang.toLowerCase() === 'mermaid') found.push({ line: t.map[0] + 1, text: t.content });
      }
      if (t.children) walk(t.children);
    }
  };
  walk(md.parse(text, {}));
  return found;
}

function describe(err) {
  let msg = err && typeof err === 'object' && 'message' in err ? String(err.message) : String(err);
  // mermaid's own parse errors are Error/UnknownDiagramError/MermaidParseError; anything
  // else (TypeError, ...) is mermaid tripping over a diagram that parsed but is
  // inconsistent, e.g. `linkStyle 7` when there are fewer than 8 edges.
  const name = err && err.name;
  if (name && !/^(Error|UnknownDiagramError|MermaidParseError)$/.test(name)) {
    msg = `${name} inside mermaid (the diagram is syntactically valid but inconsistent, e.g. a linkStyle index past the last edge): ${msg}`;
  }
  msg = msg.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  // UnknownDiagramError quotes the whole diagram; its first line (the type) is enough.
  if (name === 'UnknownDiagramError') msg = msg.split('\n')[0] + (msg.includes('\n') ? ' ...' : '');
  if (msg === '') msg = 'mermaid.parse() failed without a message';
  const [first, ...rest] = msg.split('\n');
  return [first, ...rest.map((l) => `    ${l}`)].join('\n');
}

let nDiagrams = 0;
let nFailed = 0;
for (const file of files) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    console.log(`${file}: error: cannot read file (${e.code || e.message})`);
    nFailed++;
    continue;
  }
  text = text.replace(/^\uFEFF/, '');
  for (const d of diagramsIn(file, text)) {
    nDiagrams++;
    try {
      // Throws on an invalid diagram (suppressErrors is off).
      await mermaid.parse(d.text);
    } catch (e) {
      nFailed++;
      console.log(`${file}:${d.line}: error: ${describe(e)}`);
    }
  }
}

console.log(`${me}: ${nDiagrams} diagrams in ${files.length} files, ${nFailed} failed`);
window.close();
process.exit(nFailed > 0 ? 1 : 0);
