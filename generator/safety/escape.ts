/**
 * The boundary where a user's string enters Terraform. Terraform reads every JSON string of a
 * resource, data source, output or local as a template, so a value such as `${file("/etc/passwd")}`
 * or `%{ for ... }` would be evaluated at plan time. Escaped, it is written literally, in the JSON
 * and (the HCL renderer keeps `$${` and `%%{` as they are) in the exported HCL.
 *
 * Not for variable defaults: Terraform takes those literally in JSON already (cdktf writes them
 * as given), so escaping there would add a `$`.
 */

/** `text` as a Terraform template that evaluates to exactly `text`: `${` → `$${`, `%{` → `%%{`. */
export function terraformLiteral(text: string): string {
  // Replacer functions: in a replacement string "$$" would mean one "$".
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** terraformLiteral over every value of a string map (keys are checked by validation, not escaped). */
export function terraformLiteralValues(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, terraformLiteral(v)]));
}
