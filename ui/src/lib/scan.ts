// Keyboard-wedge scanners type a code and Enter faster than any person. The detector is
// a pure step function fed every key with its time; it says when a burst was a scan.

/** A scanner's keystrokes come closer together than this; people type much slower. */
export const MAX_GAP_MS = 50;
/** Shorter bursts are probably a person's quick double tap. */
export const MIN_LENGTH = 3;

/** Keys a scanner presses around characters (Shift for capitals) that say nothing. */
const MODIFIERS = new Set(["Shift", "Control", "Alt", "AltGraph", "Meta", "CapsLock", "NumLock", "Dead", "Unidentified"]);

export type ScanState = { readonly buffer: string; readonly last: number };

export const initialScanState: ScanState = { buffer: "", last: -Infinity };

/**
 * One key (KeyboardEvent.key) at `time` ms. Returns the next state and the scanned code
 * when this key is the Enter that ends a fast enough, long enough burst.
 */
export function scanStep(state: ScanState, key: string, time: number): { state: ScanState; code: string | null } {
  if (MODIFIERS.has(key)) return { state, code: null };
  const fast = time - state.last < MAX_GAP_MS;
  if (key === "Enter") {
    const code = fast && state.buffer.length >= MIN_LENGTH ? state.buffer : null;
    return { state: { buffer: "", last: time }, code };
  }
  if (key.length !== 1) return { state: { buffer: "", last: time }, code: null };
  // A slow key starts a new burst; a fast one extends it.
  return { state: { buffer: fast ? state.buffer + key : key, last: time }, code: null };
}

/** The step function with its state kept, for the app's one global listener. */
export class ScanDetector {
  private state: ScanState = initialScanState;

  /** Feeds one key; returns the scanned code when this key completes a scan. */
  feed(key: string, time: number): string | null {
    const { state, code } = scanStep(this.state, key, time);
    this.state = state;
    return code;
  }

  /**
   * True when a key at `time` would continue a burst already under way, so single-key
   * shortcuts ("/", "?", Space) must not fire in the middle of a scanned code.
   */
  continuesBurst(time: number): boolean {
    return this.state.buffer.length > 0 && time - this.state.last < MAX_GAP_MS;
  }

  reset(): void {
    this.state = initialScanState;
  }
}
