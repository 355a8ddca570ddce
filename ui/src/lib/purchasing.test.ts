import { describe, expect, it } from "vitest";
import { bpToPercent, lastMonth, lastTwelveMonths, percent, percentToBp, share, signedDays, signedPercent, wholeNumber } from "./purchasing";

describe("purchasing words", () => {
  it("says rates as one-decimal percentages and shares of lines", () => {
    expect(percent(0)).toBe("0.0%");
    expect(percent(2 / 3)).toBe("66.7%");
    expect(percent(null)).toBe("—");
    expect(share(0, 1)).toBe("0 of 1 line");
    expect(share(3, 4)).toBe("3 of 4 lines");
  });

  it("signs day and price differences with a real minus, and calls a rounding zero 0", () => {
    expect(signedDays(3)).toBe("+3.0 days");
    expect(signedDays(-0.5)).toBe("−0.5 days");
    expect(signedDays(1)).toBe("+1.0 day");
    expect(signedDays(0.01)).toBe("0.0 days");
    expect(signedPercent(-2.25)).toBe("−2.3%");
    expect(signedPercent(null)).toBe("—");
  });

  it("takes whole months for the default periods", () => {
    // 1 Dec 2026: the last 12 months start on 1 Jan 2026; last month is November.
    const now = new Date(2026, 11, 1);
    expect(lastTwelveMonths(now)).toEqual({ from: "2026-01-01", to: "2026-12-01" });
    expect(lastMonth(now)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    // January's last month is the previous December.
    expect(lastMonth(new Date(2026, 0, 15))).toEqual({ from: "2025-12-01", to: "2025-12-31" });
  });

  it("reads typed percentages as basis points and back", () => {
    expect(percentToBp("95")).toBe(9500);
    expect(percentToBp("12.5%")).toBe(1250);
    expect(percentToBp("99,99")).toBe(9999);
    expect(percentToBp("")).toBeNull();
    expect(percentToBp("lots")).toBeNaN();
    expect(bpToPercent(9500)).toBe("95");
    expect(bpToPercent(1250)).toBe("12.5");
    expect(bpToPercent(null)).toBe("");
  });

  it("reads whole numbers, blank as none", () => {
    expect(wholeNumber(" 12 ")).toBe(12);
    expect(wholeNumber("")).toBeNull();
    expect(wholeNumber("1.5")).toBeNaN();
    expect(wholeNumber("-3")).toBeNaN();
  });
});
