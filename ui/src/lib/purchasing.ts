// Purchasing on the screen: the words for order statuses, rates and periods, and the
// typed percentages the reorder and scorecard forms turn into basis points.
import type { Money, OrderStatus, Period } from "../bindings";
import { plural, today } from "./format";

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  draft: "Draft",
  approved: "Approved",
  sent: "Sent",
  partially_received: "Partially received",
  received: "Received",
  closed: "Closed",
  cancelled: "Cancelled",
};

export const ORDER_STATUSES = Object.keys(ORDER_STATUS_LABELS) as OrderStatus[];

/** Minor units of a currency as Money (for formatMoney). */
export function money(minor: number, currency: string): Money {
  return { minor, currency };
}

/** "66.7%" from a fraction; "—" when there is nothing to divide by. */
export function percent(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(1)}%`;
}

/** "0 of 1 line", "3 of 4 lines". */
export function share(part: number, whole: number): string {
  return `${part} of ${plural(whole, "line")}`;
}

/** "+1.5 days", "−0.5 days": signed, with a real minus sign. */
export function signedDays(days: number | null): string {
  if (days === null) return "—";
  const rounded = Math.abs(days) < 0.05 ? 0 : days;
  const sign = rounded > 0 ? "+" : rounded < 0 ? "−" : "";
  return `${sign}${Math.abs(rounded).toFixed(1)} ${Math.abs(rounded) === 1 ? "day" : "days"}`;
}

/** "+2.5%", "−1.0%" for a percentage that is already × 100. */
export function signedPercent(pct: number | null): string {
  if (pct === null) return "—";
  const rounded = Math.abs(pct) < 0.05 ? 0 : pct;
  const sign = rounded > 0 ? "+" : rounded < 0 ? "−" : "";
  return `${sign}${Math.abs(rounded).toFixed(1)}%`;
}

function iso(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** The last 12 months as whole months: from the first of the month eleven months ago to today. */
export function lastTwelveMonths(now = new Date()): Period {
  return { from: iso(new Date(now.getFullYear(), now.getMonth() - 11, 1)), to: iso(now) };
}

/** The previous calendar month, as a consignment statement usually covers. */
export function lastMonth(now = new Date()): Period {
  return { from: iso(new Date(now.getFullYear(), now.getMonth() - 1, 1)), to: iso(new Date(now.getFullYear(), now.getMonth(), 0)) };
}

export { today };

/** Basis points as a percentage people type: 9500 → "95", 1250 → "12.5". */
export function bpToPercent(bp: number | null): string {
  if (bp === null) return "";
  return String(bp / 100);
}

/** A typed percentage ("95", "12.5", "95%") as basis points; null when blank, NaN when not a number. */
export function percentToBp(text: string): number | null {
  const t = text.trim().replace(/%$/, "").replace(",", ".").trim();
  if (t === "") return null;
  if (!/^\d+(\.\d{0,2})?$/.test(t)) return Number.NaN;
  return Math.round(Number(t) * 100);
}

/** A whole number typed in a form; null when blank, NaN when not a whole number. */
export function wholeNumber(text: string): number | null {
  const t = text.trim();
  if (t === "") return null;
  return /^\d+$/.test(t) ? Number(t) : Number.NaN;
}
