/**
 * The CDKTF app of this repo (`cdktf synth` runs it): builds the stack from vpc-lambda-gen.json in
 * VPC_LAMBDA_GEN_DIR or the working directory, exactly as `vpc-lambda-gen synth` does.
 */
import { buildApp } from './patterns/app';
import type { ConfigError } from './generator/config/errors';

try {
  buildApp({ projectDir: process.env.VPC_LAMBDA_GEN_DIR ?? process.cwd() }).app.synth();
} catch (err) {
  // By code, not instanceof: the constructs bundle (dist/index.js) has its own copy of the class.
  const e = err as ConfigError;
  if (e?.code !== 'VLG_CONFIG_INVALID') throw err;
  console.error(e.message);
  process.exit(e.exitCode);
}
