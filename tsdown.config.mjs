// Bundles js/ into pkg/ (the npm package) and build/testing/ (the test build, never packed).
// Run by scripts/build.sh after wasm-bindgen and wasm-opt have written build/wasm/.
// tsdown is pinned to 0.21, the last line that runs on Node 20; package.json overrides its
// typescript peer (^5 || ^6) with our TypeScript 7, which it does not use: declarations come
// from oxc's isolated-declarations emitter, so exported API needs explicit types.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig } from 'tsdown';

// The wasm ships once per output directory, base64 in `wasm.json`, shared by the ESM entry
// (import attribute `type: 'json'`) and the CJS entry (`require`). JSON because a .cjs file costs
// an ES module ~8 ms of CommonJS export detection in Node, and a .mjs needs require(esm).
const wasm = readFileSync('build/wasm/yjt_sso_bg.wasm');
writeFileSync('build/wasm/wasm.json', JSON.stringify(wasm.toString('base64')));

/** Keeps `wasm.json` out of the bundles (imported as `./wasm.json`) and copies it next to them. */
const sharedWasm = (outDir) => ({
  name: 'shared-wasm',
  resolveId: (id) => (id.endsWith('/build/wasm/wasm.json') ? { id: './wasm.json', external: true } : null),
  writeBundle: () => copyFileSync('build/wasm/wasm.json', `${outDir}/wasm.json`),
});

/** Library chunks import no Node builtin; the mock may load node:http lazily, the CLI anything. */
const noNodeBuiltins = {
  name: 'no-node-builtins',
  generateBundle(_, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk' || chunk.name === 'cli') continue;
      const used = [...chunk.imports, ...(chunk.name === 'mock' ? [] : chunk.dynamicImports)].filter(isBuiltin);
      if (used.length) this.error(`${chunk.fileName} imports ${used.join(', ')}: only the CLI (js/cli.ts, js/cli/) may use Node builtins`);
    }
  },
};

const version = JSON.parse(execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1', '--offline'], { encoding: 'utf8' }))
  .packages.find((p) => p.name === 'yjt-sso').version;

/** The documents every package ships; each must exist at the repository root (README: pkg-template/). */
const DOCS = ['README.md', 'SECURITY.md', 'CHANGELOG.md', 'LICENSE-MIT', 'LICENSE-APACHE'];
/** Files written by the bundler after this hook may run (checked by the tarball test instead). */
const GENERATED = ['index.mjs', 'index.cjs', 'index.d.mts', 'index.d.cts', 'mock.mjs', 'mock.cjs', 'mock.d.mts', 'mock.d.cts', 'cli.mjs', 'wasm.json', 'jsr.json'];

/** package.json and jsr.json from the templates with the crate's version, plus the documents. */
let finished = false;
function finishPkg() {
  if (finished) return; // the hook runs once per format
  finished = true;
  const template = (f) => ({ ...JSON.parse(readFileSync(`pkg-template/${f}`, 'utf8')), version });
  const pkg = template('package.json');
  if (Object.keys(pkg.dependencies ?? {}).length) throw new Error('the package must have zero dependencies');
  writeFileSync('pkg/package.json', `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync('pkg/jsr.json', `${JSON.stringify(template('jsr.json'), null, 2)}\n`);
  // The package README is its own (pkg-template/README.md: install, quick start, API summary), not
  // the repository's (which documents building and testing this workspace).
  copyFileSync('pkg-template/README.md', 'pkg/README.md');
  // The OpenAPI document of `yjt-sso serve` (also bundled into cli.mjs, which serves it).
  copyFileSync('js/serve/openapi.json', 'pkg/openapi.json');
  for (const f of readdirSync('.')) if (/^(SECURITY|CHANGELOG)\.md$|^LICEN[CS]E/i.test(f)) copyFileSync(f, `pkg/${f}`);
  // `files` (and jsr.json's `include`) must name only files that exist.
  const missing = [...pkg.files, ...template('jsr.json').publish.include].filter((f) => !DOCS.includes(f) && !existsSync(`pkg/${f}`) && !GENERATED.includes(f));
  if (missing.length) throw new Error(`pkg-template lists missing files: ${missing.join(', ')}`);
  for (const f of DOCS) if (!existsSync(`pkg/${f}`)) throw new Error(`pkg/${f} was not copied`);
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`yjt-sso@${version}: wasm ${kib(wasm.length)}, ${kib(gzipSync(wasm, { level: 9 }).length)} gzipped`);
}

// Deno reads the types of a local or JSR module from `@ts-self-types`; the CLI runs as a script.
const esmBanner = ({ fileName }) =>
  ({
    'index.mjs': '/* @ts-self-types="./index.d.mts" */',
    'mock.mjs': '/* @ts-self-types="./mock.d.mts" */',
    'cli.mjs': '#!/usr/bin/env node',
  })[fileName] ?? '';

/**
 * The mock (js/mock.ts, js/mock/**) and the CLI (js/cli.ts, js/cli/**) use the library (and the
 * CLI the mock) through the published entries: an import that resolves to js/index.ts or
 * js/mock.ts becomes ./index.js or ./mock.js. js/errors.ts (reached from js/transport.ts, which
 * the CLI's doctor sends with) is re-exported by the index and becomes ./index.js too, so the CLI
 * carries no second core.
 */
const ENTRIES = { 'js/index': './index.js', 'js/errors': './index.js', 'js/mock': './mock.js' };
const libraryEntry = {
  name: 'library-entry',
  resolveId(id, importer) {
    if (!id.startsWith('.') || !/[/\\]js[/\\](mock\.|mock[/\\]|cli\.|cli[/\\]|serve[/\\]|transport\.|store[/\\])/.test(importer ?? '')) return null;
    const target = relative(process.cwd(), resolve(dirname(importer), id)).replace(/\\/g, '/').replace(/(\.d)?\.[cm]?[jt]s$/, '');
    return ENTRIES[target] ? { id: ENTRIES[target], external: true } : null;
  },
};

/** The CLI and the mock bundle no copy of the core (it lives in the index entry). */
const noSecondCore = {
  name: 'no-second-core',
  generateBundle(_, bundle) {
    for (const chunk of Object.values(bundle)) {
      const core = chunk.type === 'chunk' && chunk.moduleIds.find((m) => /[/\\]js[/\\](core|errors)\.ts$|[/\\]build[/\\]wasm[/\\]/.test(m));
      if (core) this.error(`${chunk.fileName} bundles ${core}: the CLI and the mock must use the library through ./index.js`);
    }
  },
};
/** JS without JSDoc (the docs live in the .d.mts / .d.cts; a third of the tarball), the ESM
 *  banners, and ./index.js named after the format. */
const output = (o, format, { cjsDts }) => ({
  ...o,
  comments: { legal: true, annotation: true, jsdoc: false },
  banner: format === 'es' && !cjsDts ? esmBanner : undefined,
  paths: (id) => (id === './index.js' || id === './mock.js' ? id.replace(/js$/, format === 'cjs' || cjsDts ? 'cjs' : 'mjs') : id),
});

const common = {
  platform: 'neutral',
  target: 'es2022',
  fixedExtension: true,
  hash: false,
  // Whitespace out and local names shortened, function and class names kept (stack traces and
  // messages that name a class stay readable): a third less JavaScript for V8 to parse at import,
  // ~1 ms of cold start. No compress pass: the code that runs is the code that was tested.
  minify: { compress: false, mangle: { keepNames: true }, codegen: { removeWhitespace: true } },
  report: false,
  clean: false, // scripts/build.sh empties pkg/ and build/testing/ once
  // The glue's async init (which reads import.meta.url) is never called and tree-shaken.
  define: { 'import.meta.url': 'undefined' },
  deps: { neverBundle: [/^node:/, 'undici', 'redis'] }, // undici, redis: the CLI's optional dependencies (proxy, serve's store), never bundled
  outputOptions: output,
};

export default defineConfig([
  {
    ...common,
    entry: { index: 'js/index.ts' },
    format: ['esm', 'cjs'],
    outDir: 'pkg',
    dts: { oxc: true },
    plugins: [sharedWasm('pkg'), noNodeBuiltins],
    hooks: { 'build:done': finishPkg },
  },
  {
    ...common,
    entry: { mock: 'js/mock.ts' },
    format: ['esm', 'cjs'],
    plugins: [libraryEntry, noSecondCore, noNodeBuiltins],
    outDir: 'pkg',
    dts: { oxc: true },
  },
  {
    ...common,
    entry: { cli: 'js/cli.ts' },
    format: 'esm',
    outDir: 'pkg',
    plugins: [libraryEntry, noSecondCore],
  },
  {
    ...common,
    entry: { index: 'js/testing.ts' },
    format: 'esm',
    outDir: 'build/testing',
    outputOptions: (o, format, ctx) => ({ ...output(o, format, ctx), banner: undefined }),
    plugins: [sharedWasm('build/testing'), noNodeBuiltins],
  },
]);
