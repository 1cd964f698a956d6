/**
 * The CDKTF app of this repo (cdktf.json: `node dist/main.js`): the stack from vpc-lambda-gen.json in
 * VPC_LAMBDA_GEN_DIR or the working directory, shaped like every generated project's main.ts.
 */
import { buildApp } from './patterns/app';

const { app } = buildApp({ projectDir: process.env.VPC_LAMBDA_GEN_DIR ?? process.cwd() });

app.synth();
