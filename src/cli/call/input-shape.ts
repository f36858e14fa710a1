// `call --input`: member names checked against the operation's input shape before any request,
// so `{"NoSuchField":1}` is a usage error instead of a request the SDK silently trims.
// The shape is the one the SDK client ships: since the schema-based clients (@aws-sdk 3.8xx and
// later, @smithy/core/schema) every command instance carries its operation schema, a static
// `[9, namespace, name, traits, input, output]` array (see @smithy/core/schema's `op()` and
// `StaticOperationSchema`; `NormalizedSchema` reads the input structure's members).
import { deref, NormalizedSchema } from "@smithy/core/schema";
import { FleetError } from "../../errors.js";
import { untrusted } from "../../untrusted.js";
import { suggest } from "../args/suggest.js";

/** What was checked: "checked", or why the client offers no shape to check against. */
export type InputCheck = "checked" | "no-schema";

/** Throws ERR_INVALID_INPUT (option --input) for the first member `input` has that its shape lacks. */
export function checkInputMembers(Command: new (input: Record<string, unknown>) => unknown, operation: string, input: Record<string, unknown>): InputCheck {
  const schema = inputSchema(Command);
  if (schema === undefined) return "no-schema";
  walk(schema, input, "", `${operation}'s input`);
  return "checked";
}

function inputSchema(Command: new (input: Record<string, unknown>) => unknown): NormalizedSchema | undefined {
  const opSchema = (new Command({}) as { schema?: unknown }).schema;
  let input: unknown;
  if (Array.isArray(opSchema) && opSchema[0] === 9) input = opSchema[4];
  else if (opSchema !== null && typeof opSchema === "object" && "input" in opSchema) input = (opSchema as { input: unknown }).input;
  if (input === undefined) return undefined;
  const normalized = NormalizedSchema.of(deref(input as never) as never);
  return normalized.isStructSchema() ? normalized : undefined;
}

function walk(schema: NormalizedSchema, value: unknown, path: string, name: string): void {
  if (value === null || typeof value !== "object") return; // type errors are the service's to name
  if (schema.isListSchema()) {
    if (Array.isArray(value)) value.forEach((item, i) => walk(schema.getValueSchema(), item, `${path}[${i}]`, name));
    return;
  }
  if (schema.isMapSchema()) {
    for (const [key, item] of Object.entries(value)) walk(schema.getValueSchema(), item, `${path}.${key}`, name);
    return;
  }
  if (!schema.isStructSchema() || Array.isArray(value)) return;
  const members = Object.keys(schema.getMemberSchemas());
  const shape = path === "" ? name : schema.getName() ?? "its structure";
  for (const [key, item] of Object.entries(value)) {
    const here = path === "" ? key : `${path}.${key}`;
    if (!members.includes(key)) {
      const hint = suggest(key, members);
      const list = members.length === 0 ? " (it has none)" : hint ? `; did you mean "${hint}"?` : ` (members: ${members.join(", ")})`;
      throw new FleetError("ERR_INVALID_INPUT", `--input: ${untrusted(here)} is not a member of ${shape}${list}`, { option: "--input" });
    }
    walk(schema.getMemberSchema(key), item, here, name);
  }
}
