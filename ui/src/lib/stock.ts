// Consumables stock on the screen: the words for movement kinds and stockout causes,
// the scanned lines of the service desk's basket and of a count, and where a basket's
// field errors ("lines.1.quantity") belong.
import type { FieldError, MovementKind, ShelfStock, StockItem, StockoutCause } from "../bindings";

export const MOVEMENT_LABELS: Record<MovementKind, string> = {
  receive: "Received",
  issue: "Issued",
  transfer_out: "Transferred out",
  transfer_in: "Transferred in",
  adjust: "Adjusted",
  count: "Counted",
  return_to_supplier: "Returned to supplier",
  dispose: "Disposed of",
};

export const CAUSE_LABELS: Record<StockoutCause, string> = {
  demand_spike: "Demand spike",
  late_supplier: "Late supplier",
  reorder_point_too_low: "Reorder point too low",
  count_error: "Count error",
  other: "Other",
};

/** What people usually give as the reason for an issue (offered, not imposed). */
export const ISSUE_REASONS = ["new starter", "replacement", "damaged", "lost", "project", "loan"];

/** "−3" and "+10": the ledger's signed quantities, with a real minus sign. */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0";
}

/** The same owner: both our own stock (null) or the same supplier's. */
const sameOwner = (a: number | null, b: number | null) => (a ?? 0) === (b ?? 0);

/** One scanned item in a basket or a count: `quantity` is what is issued or counted. */
export type ScannedLine = {
  itemId: number;
  sku: string;
  name: string;
  unit: string;
  ownerSupplierId: number | null;
  quantity: number;
};

/**
 * A scan of `item`: bumps its line (same item, same owner) by one or adds a line of one
 * at the end. Returns new lines; the old array is left alone.
 */
export function addScan(lines: ScannedLine[], item: Pick<StockItem, "id" | "sku" | "name" | "unit">, ownerSupplierId: number | null): ScannedLine[] {
  const i = lines.findIndex((l) => l.itemId === item.id && sameOwner(l.ownerSupplierId, ownerSupplierId));
  if (i >= 0) return lines.map((l, j) => (j === i ? { ...l, quantity: l.quantity + 1 } : l));
  return [...lines, { itemId: item.id, sku: item.sku, name: item.name, unit: item.unit, ownerSupplierId, quantity: 1 }];
}

/** What a location holds of one item for one owner (0 when it has none). */
export function onHandAt(shelf: ShelfStock[], itemId: number, ownerSupplierId: number | null): number {
  return shelf.find((s) => s.itemId === itemId && sameOwner(s.ownerSupplierId, ownerSupplierId))?.onHand ?? 0;
}

/**
 * Whose stock a scanned item is issued from by default: ours when we have some here,
 * else the first supplier with consignment stock here, else ours (and core will say
 * there is none).
 */
export function defaultOwner(shelf: ShelfStock[], itemId: number): number | null {
  const held = shelf.filter((s) => s.itemId === itemId && s.onHand > 0);
  if (held.length === 0 || held.some((s) => s.ownerSupplierId === null)) return null;
  return held[0].ownerSupplierId;
}

/** Items stocked at a location for one owner, as count lines of 0 (not yet seen). */
export function linesForShelf(lines: ScannedLine[], shelf: ShelfStock[], ownerSupplierId: number | null): ScannedLine[] {
  const missing = shelf
    .filter((s) => sameOwner(s.ownerSupplierId, ownerSupplierId) && !lines.some((l) => l.itemId === s.itemId && sameOwner(l.ownerSupplierId, ownerSupplierId)))
    .map((s) => ({ itemId: s.itemId, sku: s.sku, name: s.name, unit: s.unit, ownerSupplierId, quantity: 0 }));
  return [...lines, ...missing];
}

export type Variance = { line: ScannedLine; onHand: number; variance: number };

/** Each count line against what is on hand; the lines that differ come first. */
export function variances(lines: ScannedLine[], shelf: ShelfStock[]): Variance[] {
  const all = lines.map((line) => {
    const onHand = onHandAt(shelf, line.itemId, line.ownerSupplierId);
    return { line, onHand, variance: line.quantity - onHand };
  });
  return [...all.filter((v) => v.variance !== 0), ...all.filter((v) => v.variance === 0)];
}

/**
 * A basket's field errors split by where the form shows them: `lines.N.quantity` and
 * `lines.N.stock.*` at line N; what every line shares (recipient, reason) once, under
 * its own field; anything else as it is.
 */
export function splitLineErrors(fields: FieldError[]): { lines: Record<number, string>; shared: Record<string, string> } {
  const lines: Record<number, string> = {};
  const shared: Record<string, string> = {};
  for (const { field, message } of fields) {
    const m = /^lines\.(\d+)\.(.+)$/.exec(field);
    if (m && (m[2] === "quantity" || m[2] === "counted" || m[2].startsWith("stock."))) lines[Number(m[1])] ??= message;
    else shared[m ? m[2] : field] ??= message;
  }
  return { lines, shared };
}
