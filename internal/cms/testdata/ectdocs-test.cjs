// Tests of admin/ectdocs.js's pure functions, run by TestSectionsWidget.
'use strict';
const assert = require('node:assert/strict');
const path = require('path');
const e = require(path.resolve(__dirname, '../../../site/static/admin/ectdocs.js'));

// join(split(b)) is b, whatever b is.
for (const b of [
  '', '\n', 'no heading', '## A', '## A\n', '## A\ntext', 'pre\n\n## A\n\na\n\n## B\n\nb\n',
  '## A ##\r\nx\r\n', '```\n## not a heading\n```\n## B\nb', '~~~~\n## x\n~~~\n## y\n~~~~\n', '##\n##x\n ## A\n    ## code\n',
  '## A\n<!-- guidance -->\n\n## B\n',
]) {
  assert.equal(e.join(e.split(b)), b, JSON.stringify(b));
}
// Headings: ATX level 2 only, closing hashes and spacing dropped, not in fences.
assert.deepEqual(e.split('## A ##\n### sub\n```\n## no\n```\n##  B:\n').parts.map(p => p.heading), ['A', 'B:']);
assert.deepEqual(e.split('##x\n').parts, []);
// What a box shows: no comments, no first blank line, no closing blank line.
assert.equal(e.display('\n<!-- hint -->\n\n'), '');
assert.equal(e.display('\nText\n\n'), 'Text');
// Typing in a box rewrites that section only.
const order = ['Summary of progress', 'Development targets', 'ECT comments'];
const body = '## Summary of progress\n\nDone well (TS4).\n## Development targets\n\n- X (TS6)\n\n## ECT comments\n\n<!-- the ECT -->\n';
assert.equal(e.setSection(body, 'ECT comments', 'Thanks.', order),
  '## Summary of progress\n\nDone well (TS4).\n## Development targets\n\n- X (TS6)\n\n## ECT comments\n\nThanks.\n\n');
assert.equal(e.setSection(body, 'ect comments:', 'Thanks.', order), e.setSection(body, 'ECT comments', 'Thanks.', order));
// A known section the body lacks goes before the next known one, once written.
const lacking = '## Summary of progress\n\nS\n\n## ECT comments\n';
assert.equal(e.setSection(lacking, 'Development targets', '', order), lacking);
assert.equal(e.setSection(lacking, 'Development targets', 'T', order),
  '## Summary of progress\n\nS\n\n## Development targets\n\nT\n\n## ECT comments\n');
assert.equal(e.setSection('## Summary of progress\n\nS', 'ECT comments', 'C', order),
  '## Summary of progress\n\nS\n\n## ECT comments\n\nC\n\n');
// Boxes: known sections in the form's order, then unknown ones, text before the first heading first.
assert.deepEqual(e.boxes('intro\n## Extra\n\nx\n## ECT comments\n\nc\n', order.map(h => ({ heading: h }))).map(b => [b.label, b.text]),
  [['Before the first heading', 'intro'], ['Summary of progress', ''], ['Development targets', ''], ['ECT comments', 'c'], ['Extra', 'x']]);
// preSave: empty optional values go, at any depth; the body stays.
assert.deepEqual(e.prune({ kind: 'observation', mentor: '', focus: [], released: {}, answers: { a: '', b: false, c: 0 },
  signatures: [{ role: 'ect', imported: null }, {}], body: '' }, true),
{ kind: 'observation', answers: { b: false, c: 0 }, signatures: [{ role: 'ect' }], body: '' });
console.log('ectdocs.js: ok');
