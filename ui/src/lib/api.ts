// The backend, as generated from Rust, plus the one helper every caller needs.
import type { CommandError } from "../bindings";

export { commands } from "../bindings";

/** Turns whatever a failed command threw into a CommandError to show. */
export function toError(e: unknown): CommandError {
  if (e && typeof e === "object" && "message" in e && "code" in e) return e as CommandError;
  const message = e instanceof Error ? e.message : String(e);
  return { code: "internal", message, field: null, fields: [] };
}

/** Field errors by field name, for forms. */
export function fieldErrors(e: CommandError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of e.fields) out[f.field] ??= f.message;
  return out;
}
