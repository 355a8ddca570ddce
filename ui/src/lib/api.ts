// The backend, as generated from Rust, plus the helpers every caller needs.
import type { CommandError, ErrorCode } from "../bindings";

export { commands } from "../bindings";

/** Turns whatever a failed command threw into a CommandError to show. */
export function toError(e: unknown): CommandError {
  if (e && typeof e === "object" && "message" in e) {
    const o = e as Partial<CommandError> & { message: unknown };
    return {
      code: (typeof o.code === "string" ? o.code : "internal") as ErrorCode,
      message: sentence(String(o.message)),
      field: typeof o.field === "string" ? o.field : null,
      fields: Array.isArray(o.fields) ? o.fields : [],
    };
  }
  return { code: "internal", message: sentence(typeof e === "string" ? e : String(e)), field: null, fields: [] };
}

/** Core's messages start in lower case (they are also used mid-sentence by the CLI). */
function sentence(s: string): string {
  return s.charAt(0).toLocaleUpperCase() + s.slice(1);
}

/** Field errors by field name (the first message per field), for forms. */
export function fieldErrors(e: CommandError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of e.fields) out[f.field] ??= readable(f.message);
  if (e.field && !(e.field in out) && e.code === "invalid") out[e.field] = readable(e.message);
  return out;
}

/** Core words field errors to follow the field's name ("is required"); under an input
 * that already has its label, a whole sentence reads better. */
function readable(message: string): string {
  return /^(is|must|should|cannot|can't) /.test(message) ? `This field ${message}` : message;
}
