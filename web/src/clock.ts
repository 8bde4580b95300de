// The server's clock as seen from here, and the countdown text. docs/protocol.md: a client shows
// `endsAt - (now + offset)` where offset = server clock - local clock.

import type { ClockResult } from './types';

export class ServerClock {
  /** server clock minus local clock, in ms */
  private offset = 0;
  private quality: 'none' | 'rough' | 'measured' = 'none';
  private bestRtt = Number.POSITIVE_INFINITY;
  private measuredAt = 0;

  /** Server time now, in ms since the epoch. */
  now(): number {
    return Date.now() + this.offset;
  }

  get offsetMs(): number {
    return this.offset;
  }

  /**
   * A one-way sample: a server timestamp (snapshot or batch `serverTime`) that just arrived. It lags by the
   * transit time, so it only counts until a round-trip measurement exists, or when it shows the local
   * clock has jumped (then it returns true: measure again).
   */
  observe(serverTime: string | null | undefined, receivedAt = Date.now()): boolean {
    const server = parseTime(serverTime);
    if (server === null) return false;
    const sample = server - receivedAt;
    if (this.quality !== 'measured') {
      this.offset = sample;
      this.quality = 'rough';
      return false;
    }
    // A one-way sample can be too small by the transit time, never too large. More than 2 s either way
    // means the local clock was changed under us.
    if (sample > this.offset + 2000 || sample < this.offset - 5000) {
      this.offset = sample;
      this.quality = 'rough';
      this.bestRtt = Number.POSITIVE_INFINITY;
      return true;
    }
    return false;
  }

  /**
   * Round-trip measurement with the hub's `Clock()`: a few calls, keeping the one with the shortest round
   * trip (its midpoint is the best guess of when the server read its clock).
   */
  async measure(call: () => Promise<ClockResult>, rounds = 3): Promise<void> {
    // Samples older than ten minutes no longer win on round-trip time alone: clocks drift.
    if (Date.now() - this.measuredAt > 10 * 60_000) this.bestRtt = Number.POSITIVE_INFINITY;
    for (let i = 0; i < rounds; i++) {
      const startedPerf = performance.now();
      const startedWall = Date.now();
      const result = await call();
      const rtt = performance.now() - startedPerf;
      const server = parseTime(result.serverTime);
      if (server === null) continue;
      if (rtt <= this.bestRtt || this.quality !== 'measured') {
        this.offset = server - (startedWall + rtt / 2);
        this.bestRtt = rtt;
        this.quality = 'measured';
        this.measuredAt = Date.now();
      }
    }
  }
}

export function parseTime(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

export interface CountdownText {
  text: string;
  overrun: boolean;
}

/**
 * `mm:ss` left until endsAt; once past, `+mm:ss` over time. Seconds left round up, so the display reads
 * 00:01, 00:00, +00:01, … and never shows 00:00 twice.
 */
export function formatCountdown(endsAtMs: number, nowMs: number): CountdownText {
  const seconds = Math.ceil((endsAtMs - nowMs) / 1000);
  const overrun = seconds < 0;
  const abs = Math.abs(seconds);
  const mm = Math.floor(abs / 60);
  const ss = abs % 60;
  const body = `${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
  return { text: overrun ? `+${body}` : body, overrun };
}

type Tick = () => void;
const ticks = new Set<Tick>();
let timer: number | undefined;

/** Runs fn every 250 ms (one shared timer per page). Returns a function that stops it. */
export function onTick(fn: Tick): () => void {
  ticks.add(fn);
  if (timer === undefined) {
    timer = window.setInterval(() => {
      for (const tick of ticks) tick();
    }, 250);
  }
  fn();
  return () => {
    ticks.delete(fn);
    if (ticks.size === 0 && timer !== undefined) {
      window.clearInterval(timer);
      timer = undefined;
    }
  };
}
