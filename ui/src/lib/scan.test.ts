import { describe, expect, it } from "vitest";
import { initialScanState, scanStep, ScanDetector } from "./scan";

/** Types `text` then Enter with `gap` ms between keys; returns what the last key said. */
function type(d: ScanDetector, text: string, start: number, gap: number): string | null {
  let t = start;
  let result: string | null = null;
  for (const ch of [...text, "Enter"]) {
    result = d.feed(ch, t);
    t += gap;
  }
  return result;
}

describe("scan detection", () => {
  it("recognises a fast burst ending in Enter", () => {
    expect(type(new ScanDetector(), "AT-000123", 1000, 8)).toBe("AT-000123");
  });

  it("never takes typing for a scan", () => {
    expect(type(new ScanDetector(), "AT-000123", 1000, 120)).toBeNull();
    expect(type(new ScanDetector(), "AT-000123", 1000, 51)).toBeNull();
  });

  it("needs every gap under 50 ms, the Enter's too", () => {
    expect(type(new ScanDetector(), "AT-1", 0, 50)).toBeNull();
    const d = new ScanDetector();
    for (const [i, ch] of [..."AT-1"].entries()) d.feed(ch, i * 10);
    expect(d.feed("Enter", 30 + 200)).toBeNull();
  });

  it("ignores what came before a pause", () => {
    const d = new ScanDetector();
    d.feed("x", 0);
    d.feed("y", 10);
    expect(type(d, "LAP-7", 2000, 5)).toBe("LAP-7");
  });

  it("ignores too-short bursts", () => {
    expect(type(new ScanDetector(), "ab", 0, 5)).toBeNull();
    expect(type(new ScanDetector(), "abc", 0, 5)).toBe("abc");
  });

  it("lets Shift through, as scanners press it for capitals", () => {
    const d = new ScanDetector();
    const keys = ["Shift", "A", "Shift", "T", "-", "1", "2", "Enter"];
    let code: string | null = null;
    keys.forEach((k, i) => (code = d.feed(k, 100 + i * 6)));
    expect(code).toBe("AT-12");
  });

  it("starts over after a non-character key", () => {
    const d = new ScanDetector();
    d.feed("a", 0);
    d.feed("b", 5);
    d.feed("ArrowDown", 10);
    expect(d.feed("Enter", 15)).toBeNull();
  });

  it("says when a key continues a burst", () => {
    const d = new ScanDetector();
    expect(d.continuesBurst(0)).toBe(false);
    d.feed("A", 0);
    expect(d.continuesBurst(10)).toBe(true);
    expect(d.continuesBurst(200)).toBe(false);
  });

  it("is a pure step function underneath", () => {
    const a = scanStep(initialScanState, "Q", 0);
    expect(a.state).toEqual({ buffer: "Q", last: 0 });
    expect(initialScanState.buffer).toBe("");
  });
});
