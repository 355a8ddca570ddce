import type { AssetStatus, Money } from "../bindings";

export const STATUS_LABELS: Record<AssetStatus, string> = {
  pending: "Pending",
  deployable: "Ready to deploy",
  deployed: "Deployed",
  in_repair: "In repair",
  retired: "Retired",
  lost_stolen: "Lost / stolen",
  disposed: "Disposed",
};

export const STATUSES = Object.keys(STATUS_LABELS) as AssetStatus[];

/** The user's locale, except that a bare POSIX/C environment (which formats 5000 and
 * "€ 925.00" without grouping) falls back to a locale that groups digits. */
export const LOCALE: string | undefined = /posix|^c$/i.test(new Intl.NumberFormat().resolvedOptions().locale) || navigator.language === "C"
  ? "en-GB"
  : undefined;

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Money for display only: minor units are exact integers until this point. */
export function formatMoney(m: Money | null): string {
  if (!m) return "";
  let f = moneyFormats.get(m.currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat(LOCALE, { style: "currency", currency: m.currency });
    } catch {
      f = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2 });
    }
    moneyFormats.set(m.currency, f);
  }
  return f.format(m.minor / 100);
}

/** The amount as the form shows it ("1299.00"), built from integers. */
export function moneyInput(m: Money | null): string {
  if (!m) return "";
  return `${Math.trunc(m.minor / 100)}.${String(m.minor % 100).padStart(2, "0")}`;
}

export function formatCount(n: number): string {
  return new Intl.NumberFormat(LOCALE).format(n);
}

export function formatDate(iso: string | null): string {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(LOCALE, { year: "numeric", month: "short", day: "numeric" });
}

export function formatTimestamp(iso: string): string {
  return new Date(iso).toLocaleString(LOCALE, { dateStyle: "medium", timeStyle: "short" });
}

/** "expired 3 days ago" / "expires in 20 days" for warranty ends. */
export function warrantyNote(iso: string | null, today = new Date()): string {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  const end = Date.UTC(y, m - 1, d);
  const now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  const days = Math.round((end - now) / 86_400_000);
  if (days < 0) return `expired ${-days} day${days === -1 ? "" : "s"} ago`;
  if (days === 0) return "expires today";
  return `expires in ${days} day${days === 1 ? "" : "s"}`;
}

export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
