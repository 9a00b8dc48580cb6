// A CommonJS consumer: `require('yjt-sso')` from the installed tarball, in a .cjs file.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { createRequire } = require('node:module');

const CONSUMER = process.env.YJT_CONSUMER || path.resolve(__dirname, '../../.tmp/consumer');
const consumerRequire = createRequire(path.join(CONSUMER, 'package.json'));

test('require("yjt-sso") loads the CJS build synchronously, with the whole API', () => {
  const resolved = consumerRequire.resolve('yjt-sso');
  assert.ok(resolved.startsWith(path.join(CONSUMER, 'node_modules', 'yjt-sso')), resolved);
  assert.match(resolved, /\.cjs$/);
  const m = consumerRequire('yjt-sso');
  for (const name of ['Sm4', 'YjtClient', 'YjtExchange', 'YjtError', 'encryptEcb', 'decryptEcb', 'verifyEcb',
    'gatewaySignature', 'gatewayHeaders', 'verifyGatewayHeaders', 'buildExchangeRequest', 'parseExchangeResponse',
    'NATIONS', 'isValidIdCard', 'maskPhone']) {
    assert.ok(name in m, name);
  }
  assert.equal(m.encryptEcb('A7E2D00B4058086CBD3D4B8A5E0B2697', '小明'), '0a504c329ff631c16bd487b2fdc3489f');
  assert.equal(m.decryptEcb('A7E2D00B4058086CBD3D4B8A5E0B2697', '791410f8740fede1ad58d8ebd8ba1b0d'), '13800138000');
  assert.equal(m.NATIONS['29'], '柯尔克孜族');
  assert.throws(() => new m.Sm4('short'), (e) => e instanceof m.YjtError && e.code === 'INVALID_KEY');
  // the same module object on a second require
  assert.equal(consumerRequire('yjt-sso'), m);
});

test('require("yjt-sso/package.json") is exported', () => {
  const pkg = consumerRequire('yjt-sso/package.json');
  assert.equal(pkg.name, 'yjt-sso');
  assert.deepEqual(pkg.dependencies ?? {}, {}, 'zero runtime dependencies');
  // every file the exports map names is in the tarball
  const fs = require('node:fs');
  const dir = path.dirname(consumerRequire.resolve('yjt-sso/package.json'));
  const dot = pkg.exports['.'];
  for (const f of [dot.import.types, dot.import.default, dot.require.types, dot.require.default, pkg.types, pkg.main]) {
    assert.ok(fs.existsSync(path.join(dir, f)), f);
  }
  assert.match(dot.require.types, /\.d\.cts$/);
});
