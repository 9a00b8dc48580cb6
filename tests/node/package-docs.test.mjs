// The packed tarball (build/yjt-sso-<version>.tgz) ships the licenses, the changelog, the security
// policy and the package's own README (pkg-template/README.md, not the repository README); the
// package's `files` names only files that exist; the README mentions no repository-only command
// or file, and its relative links point at files in the tarball.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ROOT, PKG_DIR, PKG_JSON } from './_pkg.mjs';

const TGZ = path.join(ROOT, 'build', `yjt-sso-${PKG_JSON.version}.tgz`);

/** name → content of every regular file in a .tgz (ustar; npm writes `package/…`). */
function untar(file) {
  const buf = gunzipSync(readFileSync(file));
  const out = new Map();
  for (let off = 0; off + 512 <= buf.length;) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const str = (a, b) => header.subarray(a, b).toString('utf8').replace(/\0.*$/s, '');
    const name = (str(345, 500) ? `${str(345, 500)}/` : '') + str(0, 100);
    const size = parseInt(str(124, 136).trim() || '0', 8);
    const type = str(156, 157);
    if (type === '0' || type === '') out.set(name.replace(/^package\//, ''), buf.subarray(off + 512, off + 512 + size).toString('utf8'));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

const files = untar(TGZ);
const DOCS = ['README.md', 'CHANGELOG.md', 'SECURITY.md', 'LICENSE-MIT', 'LICENSE-APACHE'];

test('the tarball contains the licenses, CHANGELOG, SECURITY and the package README', () => {
  for (const f of DOCS) assert.ok(files.has(f), `${f} missing from ${path.basename(TGZ)}: ${[...files.keys()].join(', ')}`);
  assert.match(files.get('LICENSE-MIT'), /^Copyright \(c\) \d{4} yjt-sso contributors\n/);
  assert.match(files.get('LICENSE-MIT'), /Permission is hereby granted, free of charge/);
  assert.match(files.get('LICENSE-APACHE'), /Apache License\s+Version 2\.0, January 2004/);
  assert.match(files.get('LICENSE-APACHE'), /END OF TERMS AND CONDITIONS/);
  assert.match(files.get('CHANGELOG.md'), /^## \[Unreleased\]$/m);
  assert.equal(PKG_JSON.license, 'MIT OR Apache-2.0');
  // The package README is pkg-template/README.md, not the repository's.
  assert.equal(files.get('README.md'), readFileSync(path.join(ROOT, 'pkg-template/README.md'), 'utf8'));
  assert.notEqual(files.get('README.md'), readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
  // The installed copy is the same.
  for (const f of DOCS) assert.equal(readFileSync(path.join(PKG_DIR, f), 'utf8'), files.get(f), `installed ${f}`);
});

test("package.json `files` names only files that exist in the tarball, and every packed file is listed", () => {
  for (const f of PKG_JSON.files) assert.ok(files.has(f), `files lists ${f}, which is not in the tarball`);
  for (const f of files.keys()) assert.ok(f === 'package.json' || PKG_JSON.files.includes(f), `${f} is packed but not in files`);
  const jsr = JSON.parse(files.get('jsr.json') ?? readFileSync(path.join(ROOT, 'pkg/jsr.json'), 'utf8'));
  for (const f of jsr.publish.include) assert.ok(existsSync(path.join(ROOT, 'pkg', f)), `jsr.json includes ${f}, which pkg/ lacks`);
});

test('the package README is Chinese first, names no repository-only command or file, links only packed files', () => {
  const readme = files.get('README.md');
  assert.ok(readme.indexOf('## 中文') >= 0 && readme.indexOf('## 中文') < readme.indexOf('## English'), 'Chinese section first');
  for (const s of ['npm install yjt-sso', 'exchangeCode', 'GatewayClient', 'onEvent', 'yjt-sso doctor', 'CHANGELOG.md', 'SECURITY.md']) {
    assert.ok(readme.includes(s), `README does not mention ${s}`);
  }
  const repoOnly = [
    /bash\s+scripts\//, /\bscripts\/\w/, /\btests\//, /\bjs\/\w+\.ts/, /\bsrc\/\w/, /pkg-template/, /\bpkg\//, /\.tmp\//, /\bbuild\//,
    /tsdown\.config/, /Cargo\.(toml|lock)/, /\bcargo\s/, /\bnpm run\b/, /\.ci\//, /examples\//, /generated\.ts/, /bench\//, /fuzz\//,
  ];
  for (const re of repoOnly) assert.doesNotMatch(readme, re, `the package README mentions a repository-only command or file (${re})`);
  for (const [, target] of readme.matchAll(/\]\(([^)]+)\)/g)) {
    if (/^(https?:|#)/.test(target)) continue;
    assert.ok(files.has(target.replace(/^\.\//, '')), `README links ${target}, which is not in the tarball`);
  }
});
