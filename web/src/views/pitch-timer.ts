// A pitch's countdown on the server's clock, with its phase: running, the last minute, time up. The room screen and
// the speaker's page show the same phase from the same endsAt, so both turn at the same second.

import { formatCountdown, onTick, parseTime, type ServerClock } from '../clock';
import { setAttr, setText, show } from '../dom';
import { t } from '../i18n';

export type PitchPhase = 'running' | 'last-minute' | 'over';

export function pitchPhase(endsAtMs: number, nowMs: number): PitchPhase {
  const left = endsAtMs - nowMs;
  if (left <= 0) return 'over';
  return left <= 60_000 ? 'last-minute' : 'running';
}

/**
 * Ticks `node` with mm:ss left (or +mm:ss over) and sets its `data-phase`; `onPhase` hears each phase a pitch enters,
 * the one it is in when it first shows included.
 */
export class PitchTimer {
  private endsAt: number | null = null;
  private pitchId: number | null = null;
  private phase: PitchPhase | null = null;

  constructor(
    private readonly node: HTMLElement,
    private readonly clock: ServerClock,
    private readonly onPhase: (phase: PitchPhase) => void = () => {},
  ) {
    onTick(() => this.tick());
  }

  set(pitchId: number | null, endsAt: string | null): void {
    if (pitchId !== this.pitchId) this.phase = null;
    this.pitchId = pitchId;
    this.endsAt = pitchId === null ? null : parseTime(endsAt);
    this.tick();
  }

  private tick(): void {
    if (this.endsAt === null) {
      show(this.node, false);
      setAttr(this.node, 'data-phase', null);
      return;
    }
    const now = this.clock.now();
    const { text, overrun } = formatCountdown(this.endsAt, now);
    setText(this.node, text);
    setAttr(this.node, 'aria-label', `${overrun ? t.overrunLabel : t.countdownLabel} ${text}`);
    const phase = pitchPhase(this.endsAt, now);
    setAttr(this.node, 'data-phase', phase);
    show(this.node, true);
    if (phase !== this.phase) {
      this.phase = phase;
      this.onPhase(phase);
    }
  }
}
