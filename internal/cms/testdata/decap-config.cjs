// Reads two config.yml files as Decap CMS 3 reads its configuration
// (decap-cms-core's actions/config.ts parseConfig: the yaml package from
// node_modules, merge keys on, no limit to aliases) and checks that they
// are the same configuration; run by TestCompactInDecap.
//
//   node decap-config.cjs COMPACT.yml FULL.yml
'use strict';
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '../../..');
const yaml = require(require.resolve('yaml', { paths: [path.join(root, 'node_modules/decap-cms-core'), root] }));

const read = f => yaml.parse(fs.readFileSync(f, 'utf8'), { maxAliasCount: -1, prettyErrors: true, merge: true });
const [compact, full] = process.argv.slice(2).map(read);
// JSON: what Decap holds once it has copied the configuration (deepmerge),
// without the objects that aliases share.
assert.deepEqual(JSON.parse(JSON.stringify(compact)), JSON.parse(JSON.stringify(full)));
console.log('the same ' + compact.collections.length + ' collections');
