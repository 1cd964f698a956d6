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
 *   dist/index.d.ts  the public types in one file: the provider classes and config types they use are
 *                  inlined, so a generated project, which has only cdktf and constructs, resolves
 *                  every type without the 390 MB @cdktf/provider-aws
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
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

/**
 * One declaration file for patterns/index.ts; imports only cdktf, constructs and node's own types.
 * It takes a whole compile (~20 s of CPU), so it is made again only when a source it may read changed:
 * its first line holds their hash.
 */
function bundleDeclarations() {
  const file = path.join(OUT, 'index.d.ts');
  const hash = sourcesHash();
  const banner = `// vpc-lambda-gen public types, bundled from sources ${hash}\n`;
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').startsWith(banner)) return;
  const { generateDtsBundle } = require('dts-bundle-generator');
  const [text] = generateDtsBundle(
    [
      {
        filePath: path.join(ENGINE, 'index.ts'),
        libraries: { inlinedLibraries: ['@cdktf/provider-aws', 'zod'], importedLibraries: ['cdktf', 'constructs'], allowedTypesLibraries: ['node'] },
        output: { noBanner: true, exportReferencedTypes: false },
      },
    ],
    { preferredConfigPath: path.join(ROOT, 'tsconfig.json') },
  );
  fs.writeFileSync(file, banner + text);
}

function sourcesHash() {
  const hash = crypto.createHash('sha256');
  const files = ['package-lock.json', 'tsconfig.json', __filename];
  for (const dir of ['patterns', 'generator']) {
    for (const rel of fs.readdirSync(path.join(ROOT, dir), { recursive: true }).sort()) {
      if (String(rel).endsWith('.ts')) files.push(path.join(ROOT, dir, String(rel)));
    }
  }
  for (const f of files) hash.update(path.relative(ROOT, path.resolve(ROOT, f))).update(fs.readFileSync(path.resolve(ROOT, f)));
  return hash.digest('hex').slice(0, 16);
}

async function main() {
  const bundles = Promise.all([
    esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'generator/cli.ts')], outfile: path.join(OUT, 'cli.js'), plugins: [engineExternal, awsExternal] }),
    // ESM entry points let esbuild drop the SDK commands nobody calls; minified, the SDK clients stay small.
    esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'generator/aws-runtime.ts')], outfile: path.join(OUT, 'aws.js'), mainFields: ['module', 'main'], minify: true }),
    esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'main.ts')], outfile: path.join(OUT, 'main.js'), plugins: [engineExternal] }),
    esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'patterns/index.ts')], outfile: path.join(OUT, 'index.js') }),
  ]);
  // esbuild works in its own process meanwhile.
  bundleDeclarations();
  await bundles;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
