import { describe, expect, it } from "vitest";
import type { ShelfStock } from "../bindings";
import { addScan, defaultOwner, linesForShelf, signed, splitLineErrors, variances, type ScannedLine } from "./stock";

const keyboard = { id: 1, sku: "KB-01", name: "USB keyboard", unit: "each" };
const mouse = { id: 2, sku: "MS-01", name: "Mouse", unit: "each" };
const shelf = (itemId: number, ownerSupplierId: number | null, onHand: number): ShelfStock => ({
  itemId, sku: itemId === 1 ? "KB-01" : "MS-01", name: itemId === 1 ? "USB keyboard" : "Mouse", unit: "each", ownerSupplierId, ownerName: ownerSupplierId ? "CDW" : null, onHand,
});

describe("scanning into a basket or a count", () => {
  it("adds a line for a new item and bumps it on the next scan", () => {
    let lines: ScannedLine[] = [];
    lines = addScan(lines, keyboard, null);
    lines = addScan(lines, mouse, null);
    const before = lines;
    lines = addScan(lines, keyboard, null);
    expect(lines.map((l) => [l.sku, l.quantity])).toEqual([["KB-01", 2], ["MS-01", 1]]);
    expect(before[0].quantity).toBe(1);
  });

  it("keeps our stock and a supplier's consignment stock on separate lines", () => {
    const lines = addScan(addScan([], keyboard, null), keyboard, 7);
    expect(lines.map((l) => [l.ownerSupplierId, l.quantity])).toEqual([[null, 1], [7, 1]]);
  });

  it("issues from our stock unless only consignment stock is here", () => {
    expect(defaultOwner([shelf(1, 7, 5), shelf(1, null, 2)], 1)).toBe(null);
    expect(defaultOwner([shelf(1, 7, 5), shelf(1, null, 0)], 1)).toBe(7);
    expect(defaultOwner([shelf(2, 7, 5)], 1)).toBe(null);
  });
});

describe("a count", () => {
  it("compares each line with what is on hand, differences first", () => {
    const lines = [
      { itemId: 2, sku: "MS-01", name: "Mouse", unit: "each", ownerSupplierId: null, quantity: 4 },
      { itemId: 1, sku: "KB-01", name: "USB keyboard", unit: "each", ownerSupplierId: null, quantity: 6 },
    ];
    const v = variances(lines, [shelf(1, null, 7), shelf(1, 7, 5), shelf(2, null, 4)]);
    expect(v.map((x) => [x.line.sku, x.onHand, x.variance])).toEqual([["KB-01", 7, -1], ["MS-01", 4, 0]]);
  });

  it("adds what the shelf should hold, for this owner, as lines of 0", () => {
    const scanned = addScan([], keyboard, null);
    const lines = linesForShelf(scanned, [shelf(1, null, 7), shelf(2, null, 3), shelf(2, 7, 9)], null);
    expect(lines.map((l) => [l.sku, l.ownerSupplierId, l.quantity])).toEqual([["KB-01", null, 1], ["MS-01", null, 0]]);
  });
});

describe("a basket's errors", () => {
  it("go to their line, or once to the field every line shares", () => {
    const { lines, shared } = splitLineErrors([
      { field: "lines.1.quantity", message: "line 2: cannot issue 3 × MS-01 Mouse" },
      { field: "lines.0.issuedTo", message: "say whom it is for" },
      { field: "lines.0.reason", message: "is required" },
      { field: "lines", message: "scan or add at least one item" },
    ]);
    expect(lines).toEqual({ 1: "line 2: cannot issue 3 × MS-01 Mouse" });
    expect(shared).toEqual({ issuedTo: "say whom it is for", reason: "is required", lines: "scan or add at least one item" });
  });
});

it("signs quantities as the ledger shows them", () => {
  expect([signed(10), signed(-3), signed(0)]).toEqual(["+10", "−3", "0"]);
});
