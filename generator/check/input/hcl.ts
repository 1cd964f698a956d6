/**
 * HCL → the Terraform JSON shape the model reads, through @cdktn/hcl2json (HashiCorp's hcl/v2 parser
 * compiled to WebAssembly): blocks become lists of objects, expressions `"${...}"` strings, heredocs
 * strings, exactly as Terraform's JSON syntax writes them. Loaded only when HCL is read (the WASM
 * start-up costs a few hundred milliseconds), so checking JSON never pays it.
 */
import { badPath } from '../load';

type Hcl2Json = typeof import('@cdktn/hcl2json');

let parser: Hcl2Json | undefined;

/** One HCL file (configuration or tfvars) as a JSON object. Syntax errors are bad input naming the file. */
export async function parseHcl(file: string, text: string): Promise<Record<string, unknown>> {
  parser ??= require('@cdktn/hcl2json') as Hcl2Json;
  try {
    const json = (await parser.parse(file, text)) as unknown;
    return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  } catch (e) {
    const message = (e as Error).message.split('\n')[0].replace(/^.*?:\s*/, '');
    throw badPath(file, `is not valid HCL: ${message}`);
  }
}
