/** Resource names: "<stack>-<part>-<part>", readable in the console and stable across syntheses. */
export function awsName(stackName: string, ...parts: string[]): string {
  return [stackName, ...parts].join('-');
}

/** "eu-west-1b" → "b": the suffix that names per-AZ resources. */
export function azSuffix(az: string): string {
  return az.slice(-1);
}

/**
 * Load balancer and target group names: at most 32 characters (stack names are at most 20, so keep
 * suffixes short), and an ELB name may not begin with "internal-": then the suffix goes first.
 */
export function loadBalancerName(stackName: string, suffix: string): string {
  const name = awsName(stackName, suffix);
  return name.startsWith('internal-') ? awsName(suffix, stackName) : name;
}
