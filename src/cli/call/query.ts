// `--query`: a JMESPath expression (the AWS CLI's query language) applied to each target's
// output, with the maintained `jmespath` package rather than a parser of our own.
import { createRequire } from "node:module";
import { invalidInput } from "../../errors.js";

interface JmesPath {
  search(data: unknown, expression: string): unknown;
  compile(expression: string): unknown;
}

let loaded: JmesPath | undefined;
// Loaded on first use, so commands without --query never pay for it.
const jmespath = (): JmesPath => (loaded ??= createRequire(import.meta.url)("jmespath") as JmesPath);

/** Checks the expression's syntax before any request; a bad one is ERR_INVALID_INPUT naming --query. */
export function checkQuery(expression: string): string {
  try {
    jmespath().compile(expression);
  } catch (error) {
    throw invalidInput("--query", expression, `a JMESPath expression such as "length(OptionGroupsList)" (${(error as Error).message})`);
  }
  return expression;
}

/**
 * The expression applied to `value` as the AWS CLI would: on the output as JSON (dates as ISO
 * strings), so `length(...)`, projections and filters see what `--format json` shows.
 */
export function applyQuery(value: unknown, expression: string): unknown {
  const json: unknown = JSON.parse(JSON.stringify(value ?? null));
  return jmespath().search(json, expression);
}
