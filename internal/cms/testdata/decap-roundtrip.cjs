// Re-serialises records as Decap CMS 3 does when a person saves them
// (decap-cms-core's formats/frontmatter.ts and formats/yaml.ts, with the
// same gray-matter and yaml packages from node_modules), after
// admin/ectdocs.js's preSave step, and optionally after typing each
// section's own text again in the sections widget.
//
//   node decap-roundtrip.cjs ORDER.json IN OUT [--retype]
//
// ORDER.json maps each record kind to {keys: its collection's field names,
// the order Decap writes keys in; sections: the sections widget's
// headings}; every *.md below IN is written to OUT.
'use strict';
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '../../..');
const req = m => require(require.resolve(m, { paths: [path.join(root, 'node_modules/decap-cms-core'), root] }));
const matter = req('gray-matter');
const yaml = req('yaml');
const ectdocs = require(path.join(root, 'site/static/admin/ectdocs.js'));

// decap-cms-core/src/formats/helpers.ts
function sortKeys(sortedKeys, selector) {
  return (a, b) => {
    const idxA = sortedKeys.indexOf(selector(a));
    const idxB = sortedKeys.indexOf(selector(b));
    if (idxA === -1 || idxB === -1) return 0;
    if (idxA > idxB) return 1;
    if (idxA < idxB) return -1;
    return 0;
  };
}

// decap-cms-core/src/formats/yaml.ts (its timestamp tag only reads full
// ISO date-times, which records never hold)
const yamlFormat = {
  fromFile(content) {
    if (content && content.trim().endsWith('---')) content = content.trim().slice(0, -3);
    const doc = yaml.parseDocument(content, { prettyErrors: true });
    if (doc.errors.length > 0) throw new Error('YAML parsing error:\n' + doc.errors.map(e => e.message).join('\n'));
    return doc.toJSON();
  },
  toFile(data, sortedKeys = []) {
    const contents = yaml.createNode(data);
    contents.items.sort(sortKeys(sortedKeys, item => item.key && item.key.toString()));
    const doc = new yaml.Document();
    doc.contents = contents;
    return doc.toString();
  },
};
const engines = {
  yaml: {
    parse: input => yamlFormat.fromFile(input),
    stringify: (metadata, opts) => yamlFormat.toFile(metadata, (opts || {}).sortedKeys),
  },
};
const format = { language: 'yaml', delimiters: '---' };

// decap-cms-core/src/formats/frontmatter.ts FrontmatterFormatter
function fromFile(content) {
  const result = matter(content, { engines, ...format });
  return { ...result.data, ...(result.content.trim() && { body: result.content }) };
}
function toFile(data, sortedKeys) {
  const { body = '', ...meta } = data;
  const trimLastLineBreak = body.slice(-1) !== '\n';
  const file = matter.stringify(body, meta, { engines, sortedKeys, ...format });
  let content = trimLastLineBreak && file.slice(-1) === '\n' ? file.slice(0, -1) : file;
  // decap-cms-core/src/backend.ts entryToRaw
  if (content.slice(-1) !== '\n') content += '\n';
  return content;
}

const [orderFile, inDir, outDir, flag] = process.argv.slice(2);
const order = JSON.parse(fs.readFileSync(orderFile, 'utf8'));
function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.md')) {
      const data = ectdocs.prune(fromFile(fs.readFileSync(p, 'utf8')), true);
      const fields = order[data.kind] || {};
      if (flag === '--retype' && data.body) {
        const split = ectdocs.split(data.body);
        for (const part of split.parts) {
          data.body = ectdocs.setSection(data.body, part.heading, ectdocs.display(part.text), fields.sections || []);
        }
      }
      const out = path.join(outDir, path.relative(inDir, p));
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, toFile(data, fields.keys || []));
    }
  }
}
walk(inDir);
