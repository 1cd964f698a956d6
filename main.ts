/**
 * The CDKTF app of this repo (`cdktf synth` runs it): builds the stack from vpc-lambda-gen.json in
 * VPC_LAMBDA_GEN_DIR or the working directory, exactly as `vpc-lambda-gen synth` does.
 */
import { buildApp } from './patterns/app';
import { ConfigError } from './generator/config/errors';

try {
  buildApp({ projectDir: process.env.VPC_LAMBDA_GEN_DIR ?? process.cwd() }).app.synth();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(err.exitCode);
}
