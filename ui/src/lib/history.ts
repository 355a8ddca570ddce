// Turns an event's before/after snapshots into lines a person reads:
// "Name: Old laptop → New laptop".
import type { Event } from "../bindings";
import { formatDate, formatMoney, STATUS_LABELS } from "./format";

export type Change = { label: string; before: string | null; after: string };

const LABELS: Record<string, string> = {
  tag: "Tag", serial: "Serial", name: "Name", modelName: "Model", categoryName: "Category",
  locationName: "Location", status: "Status", assignedToName: "Assigned to", purchaseDate: "Purchase date",
  purchaseCost: "Cost", supplierName: "Supplier", orderReference: "Order reference", warrantyEnd: "Warranty end",
  notes: "Notes", reason: "Reason", source: "Source",
};
// Snapshots carry ids beside the names they point at; the names say it better.
const ORDER = Object.keys(LABELS);

function show(v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "object" && "minor" in v && "currency" in v) return formatMoney(v as { minor: number; currency: string });
  if (typeof v === "string") {
    if (v in STATUS_LABELS) return STATUS_LABELS[v as keyof typeof STATUS_LABELS];
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v);
    return v;
  }
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === "" || (typeof v === "object" && Object.keys(v as object).length === 0);
const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});

export function eventChanges(e: Event): Change[] {
  const before = asRecord(e.before);
  const after = asRecord(e.after);
  // A creation (or import) has no "before": list what was set, skipping empty fields.
  const creation = e.before === null;
  const out: Change[] = [];
  const keys = ORDER.filter((k) => k in after || k in before);
  for (const k of keys) {
    if (creation && isEmpty(after[k])) continue;
    const onlyAfter = creation || !(k in before);
    out.push({ label: LABELS[k], before: onlyAfter ? null : show(before[k]), after: show(after[k]) });
  }
  // Custom fields change one by one, e.g. "RAM (GB): 8 → 16".
  if ("customFields" in after || "customFields" in before) {
    const b = asRecord(before.customFields);
    const a = asRecord(after.customFields);
    for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
      if (creation && isEmpty(a[k])) continue;
      if (!creation && b[k] === a[k]) continue;
      out.push({ label: k, before: creation ? null : show(b[k]), after: show(a[k]) });
    }
  }
  return out;
}
