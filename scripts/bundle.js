#!/usr/bin/env node
/**
 * Bundles the shipped JavaScript with esbuild, so the package's runtime dependencies are only cdktf and
 * constructs (kept external: cdktf checks class identity across the app), and the few provider
 * modules the patterns use travel inside the bundle instead of the 390 MB @cdktf/provider-aws.
 *
 *   dist/cli.js    the command line: yargs, config, catalog, checks; nothing of cdktf
 *   dist/index.js  the constructs (buildApp, blocks, patterns): loaded by `synth` and by main.ts
 *   dist/main.js   this repo's own CDKTF app (cdktf.json)
 *   dist/aws.js    the commands that call AWS (snapshot, verify), with the AWS SDK clients: loaded only by them
 */
'use strict';
const path = require('node:path');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, "dist");
const ENGINE = path.join(ROOT, 'patterns');

/** Imports of patterns/ from the CLI and main.ts go to dist/index.js at run time, not into their bundle. */
const engineExternal = {
  name: 'engine-external',
  setup(build) {
    build.onResolve({ filter: /patterns\// }, (args) => {
      const resolved = path.resolve(args.resolveDir, args.path);
      return resolved.startsWith(ENGINE) ? { path: './index.js', external: true } : undefined;
    });
  },
};

/** The CLI loads the AWS commands from dist/aws.js when one runs, never at start-up. */
const awsExternal = {
  name: 'aws-external',
  setup(build) {
    build.onResolve({ filter: /\/aws-runtime$/ }, () => ({ path: './aws.js', external: true }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // cdktf and constructs: one copy per app (class identity); @inquirer/prompts: loaded only when a question is asked;
  // @cdktn/hcl2json: loads its WebAssembly parser from its own folder, only when check reads HCL.
  external: ['cdktf', 'constructs', '@inquirer/prompts', '@cdktn/hcl2json'],
  legalComments: 'none',
  logLevel: 'warning',
  // handlebars' node entry registers require.extensions; the runtime build is all we use.
  alias: { handlebars: 'handlebars/dist/cjs/handlebars.js' },
};

async function main() {
  await Promise.all([
    esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'generator/cli.ts')], outfile: path.join(OUT, 'cli.js'), plugins: [engineExternal, awsExternal] }),
    // ESM entry points let esbuild drop the SDK commands nobody calls; minified, the SDK clients stay small.
    esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'generator/aws-runtime.ts')], outfile: path.join(OUT, 'aws.js'), mainFields: ['module', 'main'], minify: true }),
    esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'main.ts')], outfile: path.join(OUT, 'main.js'), plugins: [engineExternal] }),
    esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'patterns/index.ts')], outfile: path.join(OUT, 'index.js') }),
  ]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
