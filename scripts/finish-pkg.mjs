#!/usr/bin/env node
// Completes pkg/ after bundling and `tsc -p tsconfig.build.json` (which emits pkg/types/js/*.d.ts):
//   - copies the public wasm declarations (build/wasm/exports.d.ts) next to them,
//   - makes relative specifiers in the declarations explicit (`./x` -> `./x.js`) so they
//     resolve under moduleResolution node16/nodenext and in Deno,
//   - mirrors pkg/types into pkg/types-cjs (a "type": "commonjs" scope) for `require` users,
//   - and into pkg/types-deno with `.d.ts` specifiers (the target of index.mjs's @ts-self-types),
//   - writes pkg/index.d.ts and pkg/index.d.cts,
//   - writes pkg/package.json and pkg/jsr.json from pkg-template/ with the crate version,
//   - copies README.md, SECURITY.md, LICENSE*, CHANGELOG.md from the repo root if present.
//
//   node scripts/finish-pkg.mjs <version> [outdir=pkg]
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const version = process.argv[2];
const outdir = resolve(root, process.argv[3] ?? 'pkg');
const fail = (msg) => {
  console.error(`finish-pkg: error: ${msg}`);
  process.exit(1);
};
if (!version || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version)) {
  fail(`usage: finish-pkg.mjs <semver version>; got '${version ?? ''}'`);
}

const types = join(outdir, 'types');
const typesEntry = join(types, 'js', 'index.d.ts');
if (!existsSync(typesEntry)) fail(`${relative(root, typesEntry)} missing: did tsc -p tsconfig.build.json run?`);

// 1. Public wasm declarations, at the same relative place as in the source tree.
mkdirSync(join(types, 'build', 'wasm'), { recursive: true });
cpSync(join(root, 'build/wasm/exports.d.ts'), join(types, 'build/wasm/exports.d.ts'));

// 2. Explicit extensions in relative specifiers of every declaration file.
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.d.ts') ? [p] : [];
  });
const SPEC = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"]*)\2/g;
for (const file of walk(types)) {
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(SPEC, (all, pre, q, spec) => {
    if (/\.(m|c)?js$/.test(spec)) return all;
    const base = resolve(dirname(file), spec);
    if (existsSync(`${base}.d.ts`)) return `${pre}${q}${spec}.js${q}`;
    if (existsSync(join(base, 'index.d.ts'))) return `${pre}${q}${spec}/index.js${q}`;
    fail(`${relative(root, file)}: cannot resolve '${spec}'`);
    return all;
  });
  if (fixed !== text) writeFileSync(file, fixed);
}

// 3. Same declarations in a CommonJS scope, for the `require` condition.
const typesCjs = join(outdir, 'types-cjs');
rmSync(typesCjs, { recursive: true, force: true });
cpSync(types, typesCjs, { recursive: true });
writeFileSync(join(typesCjs, 'package.json'), '{ "type": "commonjs" }\n');

// 4. Same declarations with `.d.ts` specifiers for Deno, which resolves a specifier in a
//    declaration file literally (no `.js` -> `.d.ts` mapping outside node_modules) when it
//    follows `@ts-self-types` from a local path or JSR. tsc rejects `.d.ts` specifiers
//    (TS2846), hence a separate tree.
const typesDeno = join(outdir, 'types-deno');
rmSync(typesDeno, { recursive: true, force: true });
cpSync(types, typesDeno, { recursive: true });
for (const file of walk(typesDeno)) {
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(SPEC, (all, pre, q, spec) => {
    const dts = spec.replace(/\.js$/, '.d.ts');
    if (dts === spec || !existsSync(resolve(dirname(file), dts))) fail(`${relative(root, file)}: cannot map '${spec}' for Deno`);
    return `${pre}${q}${dts}${q}`;
  });
  if (fixed !== text) writeFileSync(file, fixed);
}

// 5. Entry declarations.
writeFileSync(join(outdir, 'index.d.ts'), `export * from './types/js/index.js';\n`);
writeFileSync(join(outdir, 'index.d.cts'), `export * from './types-cjs/js/index.js';\n`);
if (existsSync(join(outdir, 'mock.mjs'))) {
  writeFileSync(join(outdir, 'mock.d.ts'), `export * from './types/js/mock.js';\n`);
  writeFileSync(join(outdir, 'mock.d.cts'), `export * from './types-cjs/js/mock.js';\n`);
}

// 6. package.json / jsr.json from the templates.
const tpl = (name) => JSON.parse(readFileSync(join(root, 'pkg-template', name), 'utf8'));
const pkg = tpl('package.json');
pkg.version = version;
if (!existsSync(join(outdir, 'cli.mjs'))) {
  delete pkg.bin;
  pkg.files = pkg.files.filter((f) => f !== 'cli.mjs');
}
if (pkg.dependencies && Object.keys(pkg.dependencies).length) fail('the package must have zero dependencies');
writeFileSync(join(outdir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);

if (existsSync(join(root, 'pkg-template', 'jsr.json'))) {
  const jsr = tpl('jsr.json');
  jsr.version = version;
  writeFileSync(join(outdir, 'jsr.json'), `${JSON.stringify(jsr, null, 2)}\n`);
}

// 7. Documents.
for (const name of readdirSync(root)) {
  if (/^(README\.md|SECURITY\.md|CHANGELOG\.md|LICEN[CS]E.*)$/i.test(name)) cpSync(join(root, name), join(outdir, name));
}
