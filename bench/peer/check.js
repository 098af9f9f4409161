#!/usr/bin/env node
// The check an operations team would script itself: walk the repository,
// load every YAML file with js-yaml and check ids and references.
// Usage: node check.js [PATH...]   (default: .)
// Prints one line per problem, then "N errors in M files"; exit 1 on errors.
'use strict';

const fs = require('fs');
const path = require('path');
const yaml = require('js-yaml');

const KINDS = new Set(['Role', 'Process', 'Goal', 'Metric', 'Config']);

function walk(p, files) {
  const st = fs.statSync(p);
  if (st.isFile()) {
    files.push(p);
    return;
  }
  const entries = fs.readdirSync(p, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(p, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && !e.name.startsWith('.')) walk(full, files);
    } else if (e.isFile() && /\.ya?ml$/.test(e.name)) {
      files.push(full);
    }
  }
}

function main(argv) {
  const roots = argv.length ? argv : ['.'];
  const files = [];
  for (const r of roots) walk(r, files);

  const errors = [];
  const byKind = new Map([...KINDS].map((k) => [k, new Map()])); // kind -> id -> file
  const processes = []; // [file, doc]

  for (const file of files) {
    let docs;
    try {
      docs = yaml.loadAll(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      errors.push(`${file}: ${e.message.split('\n')[0]}`);
      continue;
    }
    for (const doc of docs) {
      if (!doc || typeof doc !== 'object' || doc.apiVersion !== 'opsflow/v1') continue;
      if (!KINDS.has(doc.kind)) {
        errors.push(`${file}: unknown kind '${doc.kind}'`);
        continue;
      }
      const id = doc.metadata && doc.metadata.id;
      if (!id) {
        errors.push(`${file}: ${doc.kind} without metadata.id`);
        continue;
      }
      const seen = byKind.get(doc.kind);
      if (seen.has(id)) {
        errors.push(`${file}: duplicate ${doc.kind} id '${id}' (first in ${seen.get(id)})`);
      } else {
        seen.set(id, file);
      }
      if (doc.kind === 'Process') processes.push([file, doc]);
    }
  }

  const roles = byKind.get('Role');
  const goals = byKind.get('Goal');
  for (const [file, doc] of processes) {
    const pid = doc.metadata.id;
    const spec = doc.spec || {};
    for (const g of spec.goals || []) {
      if (!goals.has(g)) errors.push(`${file}: process '${pid}' serves unknown goal '${g}'`);
    }
    const steps = spec.steps || [];
    const stepIds = new Set(steps.map((s) => s && s.id));
    for (const s of steps) {
      if (s.role !== undefined && !roles.has(s.role)) {
        errors.push(`${file}: step '${s.id}' has unknown role '${s.role}'`);
      }
      for (const a of s.after || []) {
        if (!stepIds.has(a)) errors.push(`${file}: step '${s.id}' runs after unknown step '${a}'`);
      }
    }
  }

  for (const e of errors) console.log(e);
  console.log(`${errors.length} error${errors.length === 1 ? '' : 's'} in ${files.length} files`);
  return errors.length ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
