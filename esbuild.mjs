// Bundles the three processes of the product into one file each under dist/:
// the extension (client), the language server and the `okr` CLI.
// Usage: node esbuild.mjs [--production] [--watch] [--outdir <dir>] (default dist/; the benchmark builds elsewhere)
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt >= 0 ? process.argv[outdirAt + 1] : 'dist';

/** Prints errors in the `file:line:col: error: text` form that VS Code's $esbuild-watch matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's `main` is a UMD build whose dynamic requires a bundle cannot follow; prefer ES modules.
  mainFields: ['module', 'main'],
  plugins: watch ? [problemMatcher] : [],
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: `${outdir}/client.js`, external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: `${outdir}/server.js` },
  { entryPoints: ['server/src/cli.ts'], outfile: `${outdir}/okr.js`, banner: { js: '#!/usr/bin/env node' } },
];

const contexts = await Promise.all(entries.map((entry) => esbuild.context({ ...common, ...entry })));
try {
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
  } else {
    await Promise.all(contexts.map((ctx) => ctx.rebuild()));
    await Promise.all(contexts.map((ctx) => ctx.dispose()));
  }
} catch {
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  process.exit(1);
}
