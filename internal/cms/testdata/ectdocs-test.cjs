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

// The workflow: which steps are due, who may take them, what they write.
const people = {
  'ect/9900104': { key: 'ect/9900104', id: '9900104', name: 'Harriet Pennington', roles: ['ect'] },
  '990101/j-okonkwo': { key: '990101/j-okonkwo', id: 'j-okonkwo', name: 'Joseph Okonkwo', roles: ['tutor'] },
  '990101/n-hussain': { key: '990101/n-hussain', id: 'n-hussain', name: 'Nadia Hussain', roles: ['mentor'] },
  '990101/h-ward': { key: '990101/h-ward', id: 'h-ward', name: 'Helen Ward', roles: ['headteacher'] },
  'ab/d-osei': { key: 'ab/d-osei', id: 'd-osei', name: 'Daniel Osei', roles: ['ab_reviewer'] },
  'ab/g-bhatt': { key: 'ab/g-bhatt', id: 'g-bhatt', name: 'Gita Bhatt', roles: ['ab_admin'] },
};
const labels = (d) => e.steps(d, 990101, people).steps.map(s => s.label);
const review = { kind: 'progress-review', ect: '9900104', tutor: 'j-okonkwo', headteacher: 'h-ward', body: '## ECT comments\n\n' };
// Being written: the tutor releases it; nothing else is due.
assert.deepEqual(labels(review), ['Release to the ECT']);
assert.match(e.steps(review, 990101, people).state, /Being written by the induction tutor, Joseph Okonkwo/);
const released = e.apply(review, e.record(e.steps(review, 990101, people).steps[0], people['990101/j-okonkwo'], '2026-12-18'));
assert.deepEqual(released.released, { by: 'j-okonkwo', on: '2026-12-18' });
assert.equal('workflow' in released, false);
// Released: the ECT signs first (after commenting); the tutor cannot yet.
assert.deepEqual(labels(released), ['Sign as the ECT']);
const ectSign = e.steps(released, 990101, people).steps[0];
assert.equal(e.refusal(ectSign, people['ect/9900104'], released, people), 'Write your comments under "ECT comments" first: the ECT comments, then signs (SG 2.61).');
assert.equal(e.refusal(ectSign, people['990101/n-hussain'], released, people),
  'You are Nadia Hussain, but the report\'s ECT is Harriet Pennington: only they can sign as the ECT.');
assert.equal(e.refusal(ectSign, null, released, people), 'Say who you are first.');
const commented = Object.assign({}, released, { body: '## ECT comments\n\nAgreed.\n' });
assert.equal(e.refusal(ectSign, people['ect/9900104'], commented, people), '');
const ectSigned = e.apply(commented, e.record(ectSign, people['ect/9900104'], '2026-12-18'));
assert.deepEqual(ectSigned.signatures, [{ role: 'ect', by: '9900104', on: '2026-12-18' }]);
// A progress review has no headteacher's signature; a formal assessment has.
assert.deepEqual(labels(ectSigned), ['Sign as the induction tutor', 'Reopen for changes (removes every signature)']);
assert.deepEqual(labels(Object.assign({}, ectSigned, { kind: 'formal-assessment' })),
  ['Sign as the induction tutor', 'Sign as the headteacher', 'Reopen for changes (removes every signature)']);
const tutorSign = e.steps(ectSigned, 990101, people).steps[0];
assert.match(e.refusal(tutorSign, people['990101/h-ward'], ectSigned, people), /^You are Helen Ward, but the report's induction tutor is Joseph Okonkwo: only they can sign as the induction tutor\.$/);
const signed = e.apply(ectSigned, e.record(tutorSign, people['990101/j-okonkwo'], '2026-12-18'));
// Signed by everyone: the AB accepts or returns; only its reviewers may.
assert.deepEqual(labels(signed), ['Accept', 'Return with feedback', 'Reopen for changes (removes every signature)']);
const [accept, ret] = e.steps(signed, 990101, people).steps;
assert.match(e.refusal(accept, people['ab/g-bhatt'], signed, people), /not an ab_lead or ab_reviewer/);
assert.match(e.refusal(accept, people['990101/j-okonkwo'], signed, people), /not an ab_lead or ab_reviewer/);
assert.equal(e.refusal(accept, people['ab/d-osei'], signed, people), '');
const returned = e.apply(signed, e.record(ret, people['ab/d-osei'], '2026-12-19', '  Give the\nevidence  for TS3. '));
assert.deepEqual(returned.ab_review, { by: 'd-osei', on: '2026-12-19', decision: 'returned', feedback: 'Give the evidence for TS3.' });
assert.match(e.steps(returned, 990101, people).state, /Returned by the appropriate body on 2026-12-19: Give the evidence for TS3\./);
// Returned: the old signatures do not count for a new review; reopening removes them all.
assert.deepEqual(labels(returned), ['Reopen for changes (removes every signature)']);
const reopened = e.apply(returned, e.record(e.steps(returned, 990101, people).steps[0], people['990101/j-okonkwo'], '2026-12-19'));
assert.equal('signatures' in reopened, false);
assert.deepEqual(reopened.released, released.released);
assert.deepEqual(labels(reopened), ['Sign as the ECT']);
assert.match(e.steps(returned, 990101, people).state, /The induction tutor reopens it to make the changes\.$/);
// Signed again after a return: the AB reviews it again; on the day of the return the dates cannot tell.
const resigned = Object.assign({}, returned, { signatures: [{ role: 'ect', by: '9900104', on: '2026-12-21' }, { role: 'tutor', by: 'j-okonkwo', on: '2026-12-21' }] });
assert.deepEqual(labels(resigned), ['Accept', 'Return with feedback', 'Reopen for changes (removes every signature)']);
assert.match(e.steps(resigned, 990101, people).state, /Signed again by everyone since: waiting for the appropriate body to review it again\.$/);
const sameDay = Object.assign({}, returned, { ab_review: Object.assign({}, returned.ab_review, { on: '2026-12-18' }) });
assert.deepEqual(labels(sameDay), ['Accept', 'Return with feedback', 'Reopen for changes (removes every signature)']);
assert.match(e.steps(sameDay, 990101, people).state, /if not, the induction tutor reopens it to make them\.$/);
// Accepted: nothing more is due.
const accepted = e.apply(signed, e.record(accept, people['ab/d-osei'], '2026-12-19'));
assert.deepEqual(labels(accepted), []);
assert.match(e.steps(accepted, 990101, people).state, /^Accepted by the appropriate body on 2026-12-19/);
// The buttons' school is the URN the collection's name begins with
// (internal/editform): a school's kind, a start collection; none else.
assert.equal(e.schoolOf('990101-progress-review'), '990101');
assert.equal(e.schoolOf('990102-start-9900108-2026-27-summer-final-assessment'), '990102');
assert.equal(e.schoolOf('body'), '');
assert.equal(e.schoolOf(undefined), '');
assert.equal(e.steps(review, e.schoolOf('990101-start-9900101-2026-27-spring-progress-review'), people).steps[0].who, '990101/j-okonkwo');
console.log('ectdocs.js: ok');
