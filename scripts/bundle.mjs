#!/usr/bin/env node
// Bundles js/ (+ the embedded wasm from build/wasm) into pkg/ with esbuild.
//
//   node scripts/bundle.mjs [outdir=pkg]
//
//   js/index.ts -> pkg/index.mjs (ESM, @ts-self-types -> types-deno/ for Deno) and pkg/index.cjs (CJS)
//   js/cli.ts   -> pkg/cli.mjs   (only if it exists; imports ./index.mjs at run time, so the
//                                 wasm is not embedded twice and both share one instance)
//
// The library bundles are platform-neutral and must not import any `node:` module; the
// build fails if they do. The CLI may import `node:*` builtins.
import { chmodSync, existsSync } from 'node:fs';
import { resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = resolve(root, process.argv[2] ?? 'pkg');
const libEntry = resolve(root, 'js/index.ts');
const cliEntry = resolve(root, 'js/cli.ts');

if (!existsSync(libEntry)) {
  console.error('bundle: error: js/index.ts does not exist');
  process.exit(1);
}

const common = {
  bundle: true,
  target: 'es2022',
  keepNames: true,
  charset: 'utf8', // keep 粤健通 dictionary labels readable instead of \uXXXX escapes
  legalComments: 'inline',
  sourcemap: false,
  logLevel: 'warning',
  // wasm-bindgen's web glue mentions import.meta.url only in the async default init
  // (`__wbg_init`), which we never call and esbuild tree-shakes. Define it away anyway,
  // so the CJS build can never contain an empty `import.meta` object.
  define: { 'import.meta.url': 'undefined' },
  absWorkingDir: root,
};

// Fails the library build if anything reachable from js/index.ts imports a Node builtin.
const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(build) {
    build.onResolve({ filter: /^node:|^(fs|path|crypto|url|os|util|stream|buffer|process|child_process|http|https|net|tls|zlib|events|worker_threads)$/ }, (args) => ({
      errors: [
        {
          text: `library code must not import '${args.path}' (imported by ${relative(root, args.importer)}); only js/cli.ts may use Node builtins`,
        },
      ],
    }));
  },
};

const lib = (format, outfile, banner) =>
  esbuild.build({
    ...common,
    entryPoints: [libEntry],
    outfile,
    format,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
    banner: banner ? { js: banner } : undefined,
    plugins: [noNodeBuiltins],
    metafile: true,
  });

const jobs = [
  // Deno reads @ts-self-types; pkg/index.d.ts uses `.js` specifiers that Deno does not map
  // to `.d.ts` for local paths / JSR, so point it at the Deno flavour of the declarations.
  lib('esm', resolve(outdir, 'index.mjs'), '/* @ts-self-types="./types-deno/js/index.d.ts" */'),
  lib('cjs', resolve(outdir, 'index.cjs')),
];

// Entries that use the library through its public entry (js/index.ts): the import is mapped to
// the published file, so the wasm is embedded once and every entry shares one instance.
const libAsExternal = (libFile) => ({
  name: 'lib-as-external',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData?.skip) return undefined;
      const r = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { skip: true },
      });
      if (r.errors.length) return { errors: r.errors };
      if (r.path === libEntry) return { path: libFile, external: true };
      if (r.path.startsWith(resolve(root, 'build/wasm')) || r.path === resolve(root, 'js/core.ts')) {
        return {
          errors: [{ text: `${relative(root, args.importer)} must use the wasm through js/index.ts, not ${relative(root, r.path)}` }],
        };
      }
      return undefined;
    });
  },
});

// js/mock.ts -> pkg/mock.mjs + pkg/mock.cjs (the `yjt-sso/mock` subpath). It may import
// node:http lazily (startMockGateway); createMockGateway itself is web-standard.
const mockEntry = resolve(root, 'js/mock.ts');
if (existsSync(mockEntry)) {
  for (const [format, file, lib] of [
    ['esm', 'mock.mjs', './index.mjs'],
    ['cjs', 'mock.cjs', './index.cjs'],
  ]) {
    jobs.push(
      esbuild.build({
        ...common,
        entryPoints: [mockEntry],
        outfile: resolve(outdir, file),
        format,
        platform: 'neutral',
        external: ['node:*'],
        banner: format === 'esm' ? { js: '/* @ts-self-types="./types-deno/js/mock.d.ts" */' } : undefined,
        plugins: [libAsExternal(lib)],
      }),
    );
  }
}

if (existsSync(cliEntry)) {
  jobs.push(
    esbuild.build({
      ...common,
      entryPoints: [cliEntry],
      outfile: resolve(outdir, 'cli.mjs'),
      format: 'esm',
      platform: 'node',
      banner: { js: '#!/usr/bin/env node' },
      plugins: [libAsExternal('./index.mjs')],
    }),
  );
}

let results;
try {
  results = await Promise.all(jobs);
} catch {
  // esbuild already printed the errors.
  process.exit(1);
}

if (existsSync(resolve(outdir, 'cli.mjs'))) chmodSync(resolve(outdir, 'cli.mjs'), 0o755);

for (const r of results) {
  for (const [file, meta] of Object.entries(r.metafile?.outputs ?? {})) {
    if (file.endsWith('index.mjs') || file.endsWith('index.cjs')) if (meta.imports.some((i) => i.external)) {
      console.error(`bundle: error: ${file} has external imports: ${meta.imports.map((i) => i.path).join(', ')}`);
      process.exit(1);
    }
  }
}
