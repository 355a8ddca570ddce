import { describe, expect, it } from "vitest";
import { ScanDetector } from "./scan";

function type(d: ScanDetector, text: string, start: number, gap: number): string | null {
  let t = start;
  let result: string | null = null;
  for (const ch of [...text, "Enter"]) {
    result = d.feed(ch, t);
    t += gap;
  }
  return result;
}

describe("ScanDetector", () => {
  it("recognises a fast burst ending in Enter", () => {
    expect(type(new ScanDetector(), "AT-000123", 1000, 8)).toBe("AT-000123");
  });
  it("never takes typing for a scan", () => {
    expect(type(new ScanDetector(), "AT-000123", 1000, 120)).toBeNull();
  });
  it("ignores what came before a pause", () => {
    const d = new ScanDetector();
    d.feed("x", 0);
    d.feed("y", 10);
    expect(type(d, "LAP-7", 2000, 5)).toBe("LAP-7");
  });
  it("ignores too-short bursts", () => {
    expect(type(new ScanDetector(), "ab", 0, 5)).toBeNull();
  });
});
