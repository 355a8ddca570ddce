import { describe, expect, it } from "vitest";
import { moneyInput, plural, safeFileName, warrantyNote } from "./format";
import { eventChanges } from "./history";
import { toError, fieldErrors } from "./api";

describe("formatting", () => {
  it("builds the form's amount from integer minor units", () => {
    expect(moneyInput({ minor: 129900, currency: "EUR" })).toBe("1299.00");
    expect(moneyInput({ minor: 5, currency: "EUR" })).toBe("0.05");
    expect(moneyInput(null)).toBe("");
  });

  it("says how a warranty stands", () => {
    const today = new Date(2025, 0, 10);
    expect(warrantyNote("2025-01-20", today)).toBe("expires in 10 days");
    expect(warrantyNote("2025-01-11", today)).toBe("expires in 1 day");
    expect(warrantyNote("2025-01-10", today)).toBe("expires today");
    expect(warrantyNote("2025-01-07", today)).toBe("expired 3 days ago");
  });

  it("pluralises", () => {
    expect(plural(1, "asset")).toBe("1 asset");
    expect(plural(0, "asset")).toBe("0 assets");
  });
});

describe("history lines", () => {
  const base = { id: 1, at: "2025-01-01T10:00:00Z", actor: "me", entity: "asset", entityId: 1 };

  it("shows before → after for an update, names rather than ids", () => {
    const lines = eventChanges({
      ...base,
      action: "updated",
      before: { name: "Old", locationId: 1, locationName: "Room A" },
      after: { name: "New", locationId: 2, locationName: "Room B" },
    });
    expect(lines).toEqual([
      { label: "Name", before: "Old", after: "New" },
      { label: "Location", before: "Room A", after: "Room B" },
    ]);
  });

  it("expands custom fields one by one", () => {
    const lines = eventChanges({
      ...base,
      action: "updated",
      before: { customFields: { "RAM (GB)": "8", OS: "Linux" } },
      after: { customFields: { "RAM (GB)": "16", OS: "Linux" } },
    });
    expect(lines).toEqual([{ label: "RAM (GB)", before: "8", after: "16" }]);
  });

  it("lists what a creation set, skipping empty fields", () => {
    const lines = eventChanges({ ...base, action: "created", before: null, after: { tag: "AT-1", serial: null, notes: "" } });
    expect(lines).toEqual([{ label: "Tag", before: null, after: "AT-1" }]);
  });

  it("shows a retirement's reason on its own", () => {
    const lines = eventChanges({ ...base, action: "retired", before: { status: "deployed" }, after: { status: "retired", reason: "Broken" } });
    expect(lines).toContainEqual({ label: "Reason", before: null, after: "Broken" });
    expect(lines).toContainEqual({ label: "Status", before: "Deployed", after: "Retired" });
  });
});

describe("command errors", () => {
  it("turns anything thrown into a CommandError", () => {
    expect(toError("disk on fire")).toEqual({ code: "internal", message: "Disk on fire", field: null, fields: [] });
    expect(toError(new Error("boom")).message).toBe("Boom");
    const e = toError({ code: "invalid", message: "2 problems", field: "tag", fields: [{ field: "tag", message: "is required" }] });
    expect(e.code).toBe("invalid");
    expect(fieldErrors(e)).toEqual({ tag: "This field is required" });
  });
});

describe("safeFileName", () => {
  it("keeps ordinary names", () => {
    expect(safeFileName("scorecard-cdw-2026-01-01-2026-12-31.pdf")).toBe("scorecard-cdw-2026-01-01-2026-12-31.pdf");
    expect(safeFileName("PO-000012.pdf")).toBe("PO-000012.pdf");
  });
  it("cannot leave the chosen folder or hide the file", () => {
    expect(safeFileName("../../etc/passwd")).toBe("etc-passwd");
    expect(safeFileName("scorecard-A/B Supplies: \"best\"?.pdf")).toBe("scorecard-A-B Supplies- -best-.pdf");
    expect(safeFileName(".hidden")).toBe("hidden");
    expect(safeFileName("tab\there\nnewline")).toBe("tab-here-newline");
  });
  it("falls back when nothing is left and shortens long names keeping the extension", () => {
    expect(safeFileName("///")).toBe("tagledger");
    const long = safeFileName("x".repeat(300) + ".pdf");
    expect(long.length).toBe(120);
    expect(long.endsWith(".pdf")).toBe(true);
  });
});
