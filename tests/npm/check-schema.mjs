// node check-schema.mjs SCHEMA.json BAD_DIR GOOD_DIR...
//
// Checks `opsflow schema` with ajv (draft-07, as yaml-language-server reads it): every opsflow
// document under each GOOD_DIR (the examples, edge values) must pass it, and every document in
// BAD_DIR must fail it
// — each of those breaks one rule the schema carries (unknown field, id pattern, kind, duration,
// rate, probability range, a required field). YAML is read with js-yaml's core schema, which
// keeps dates as text, as the YAML extension of VS Code does.
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import yaml from "js-yaml";

const [schemaPath, badDir, ...goodDirs] = process.argv.slice(2);
if (!schemaPath || !badDir || goodDirs.length === 0) {
  console.error("usage: node check-schema.mjs SCHEMA.json BAD_DIR GOOD_DIR...");
  process.exit(2);
}
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));

function yamlFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(entry.name)) out.push(p);
  }
  return out.sort();
}

// The opsflow documents of a file (other tools' YAML is not ours to check).
function documents(file) {
  return yaml
    .loadAll(fs.readFileSync(file, "utf8"), null, { schema: yaml.CORE_SCHEMA })
    .filter((d) => d && typeof d === "object" && d.apiVersion === "opsflow/v1");
}

let failures = 0, good = 0, bad = 0;
for (const file of goodDirs.flatMap(yamlFiles)) {
  for (const doc of documents(file)) {
    good++;
    if (!validate(doc)) {
      failures++;
      console.error(`${file}: ${doc.kind} '${doc.metadata?.id}' fails the schema:`);
      for (const e of validate.errors) console.error(`  ${e.instancePath || "/"} ${e.message}`);
    }
  }
}
for (const file of yamlFiles(badDir)) {
  const docs = documents(file);
  if (docs.length === 0) {
    failures++;
    console.error(`${file}: no opsflow document`);
  }
  for (const doc of docs) {
    bad++;
    if (validate(doc)) {
      failures++;
      console.error(`${file}: ${doc.kind} '${doc.metadata?.id}' passes the schema, but must not`);
    }
  }
}
console.log(`check-schema: ${good} documents pass, ${bad} broken ones fail` +
            (failures ? `; ${failures} wrong` : ""));
process.exit(failures ? 1 : 0);
