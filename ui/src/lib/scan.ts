// Keyboard-wedge scanners type a code and Enter faster than any person. This detector
// is fed every key with its time and says when a burst was a scan.

/** Longest gap between a scanner's keystrokes; people type much slower. */
export const MAX_GAP_MS = 50;
/** Shorter bursts are probably a person's quick double tap. */
export const MIN_LENGTH = 3;

export class ScanDetector {
  private buffer = "";
  private last = -Infinity;

  /**
   * Feeds one key (KeyboardEvent.key) pressed at `time` ms. Returns the scanned code
   * when this key is the Enter that ends a fast burst, else null.
   */
  feed(key: string, time: number): string | null {
    const gap = time - this.last;
    this.last = time;
    if (key === "Enter") {
      const code = this.buffer;
      this.buffer = "";
      return gap <= MAX_GAP_MS && code.length >= MIN_LENGTH ? code : null;
    }
    if (key.length !== 1) {
      this.buffer = "";
      return null;
    }
    // A slow key starts a new burst; a fast one extends it.
    this.buffer = gap <= MAX_GAP_MS ? this.buffer + key : key;
    return null;
  }

  /** True while the keys so far look like the start of a scan. */
  get inBurst(): boolean {
    return this.buffer.length >= 2;
  }

  reset(): void {
    this.buffer = "";
    this.last = -Infinity;
  }
}
