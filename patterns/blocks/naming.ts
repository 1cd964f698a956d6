/** Resource names: "<stack>-<part>-<part>", readable in the console and stable across syntheses. */
export function awsName(stackName: string, ...parts: string[]): string {
  return [stackName, ...parts].join('-');
}

/** "eu-west-1b" → "b": the suffix that names per-AZ resources. */
export function azSuffix(az: string): string {
  return az.slice(-1);
}
