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

/** Statuses a form or bulk edit may set: deploying goes through Check out and disposal
 * through Dispose (core refuses them otherwise), so they are offered only as the value
 * an asset already has. */
export function settableStatuses(current: AssetStatus | null = null): AssetStatus[] {
  return STATUSES.filter((s) => (s !== "deployed" && s !== "disposed") || s === current);
}

/** The user's locale, except that a bare POSIX/C environment (which formats 5000 and
 * "€ 925.00" without grouping) falls back to a locale that groups digits. */
export const LOCALE: string | undefined = /posix|^c$/i.test(new Intl.NumberFormat().resolvedOptions().locale) || (typeof navigator !== "undefined" && navigator.language === "C")
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

const countFormat = new Intl.NumberFormat(LOCALE);

export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** "1 asset", "1,234 assets". */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : nouns}`;
}

export function formatDate(iso: string | null): string {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(LOCALE, { year: "numeric", month: "short", day: "numeric" });
}

/** An event's time in the user's local time zone. */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(LOCALE, { dateStyle: "medium", timeStyle: "short" });
}

/** "just now", "5 min ago", "3 h ago", "2 days ago" — or the date once it is old. */
export function relativeTime(iso: string, now = Date.now()): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return "";
  const minutes = Math.round((now - t) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 30) return `${days} day${days === 1 ? "" : "s"} ago`;
  return "";
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

/** Today as YYYY-MM-DD in local time (for default file names). */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/**
 * A file name suggested from data (a supplier's name, an order number) made safe to
 * offer in a save dialog: no path separators or characters Windows and macOS refuse,
 * no control characters, no leading dots (hidden files) and at most 120 characters.
 * The dialog still lets the user pick the folder and name.
 */
export function safeFileName(name: string, fallback = "tagledger"): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "-")
    .replace(/\s+/g, " ")
    .replace(/-{2,}/g, "-")
    .replace(/^[\s.-]+|[\s.-]+$/g, "");
  if (!cleaned) return fallback;
  if (cleaned.length <= 120) return cleaned;
  // Keep the extension when shortening.
  const dot = cleaned.lastIndexOf(".");
  const ext = dot > 0 && cleaned.length - dot <= 6 ? cleaned.slice(dot) : "";
  return cleaned.slice(0, 120 - ext.length) + ext;
}
