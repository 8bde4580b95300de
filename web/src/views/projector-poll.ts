// The projector's poll panel (the poll the facilitator put on the screen: its question, bars with counts and
// percentages, or the word cloud) and its reactions: the running item's counts and a light animation, at most a
// few floating emoji per flush whatever the number of taps.

import { el, setAttr, setText, show } from '../dom';
import { t } from '../i18n';
import type { EventState } from '../state';
import { REACTIONS } from '../types';
import { CloudView, REACTION_EMOJI, ResultBars, resultsPublic } from './polls';

/** The most emoji one flush sends floating up: light, whatever the room does. */
const MAX_FLOATING = 6;

export class ProjectorPoll {
  readonly root = el('section', { className: 'stage-poll', 'aria-labelledby': 'poll-heading', 'data-testid': 'screen-poll', hidden: true });
  private readonly question = el('p', { className: 'screen-poll-question', id: 'poll-heading', 'data-testid': 'screen-poll-question' });
  private readonly meta = el('p', { className: 'screen-poll-meta', 'data-testid': 'screen-poll-meta' });
  private readonly body = el('div', { className: 'screen-poll-body' });
  private bars: ResultBars | null = null;
  private cloud: CloudView | null = null;
  private shownId: number | null = null;

  constructor() {
    this.root.append(this.question, this.meta, this.body);
  }

  /** Draws the poll on the screen; answers whether there is one. */
  update(state: EventState): boolean {
    const poll = state.activity.screenPoll;
    show(this.root, poll !== null);
    if (!poll) {
      this.shownId = null;
      return false;
    }
    if (this.shownId !== poll.id) {
      this.shownId = poll.id;
      this.bars = poll.kind === 'words' ? null : new ResultBars();
      this.cloud = poll.kind === 'words' ? new CloudView('screen-cloud') : null;
      this.body.replaceChildren((this.bars ?? this.cloud)!.root);
    }
    const results = state.activity.results.get(poll.id) ?? null;
    setText(this.question, poll.question);
    const status = poll.status === 'open' ? t.polls.open : t.polls.closed;
    const later = poll.results === 'closed' ? t.polls.resultsLater : t.polls.resultsNever;
    setText(this.meta, `${status} · ${results ? t.polls.voters(results.voters) : later}`);
    setAttr(this.root, 'data-results', results && resultsPublic(poll) ? 'true' : null);
    if (this.cloud) this.cloud.render(results && resultsPublic(poll) ? results.words : []);
    this.bars?.render(poll, results && resultsPublic(poll) ? results : null);
    return true;
  }
}

export class ProjectorReactions {
  readonly root = el('div', { className: 'stage-reactions', 'data-testid': 'screen-reactions', 'aria-hidden': 'true' });
  private readonly counts = el('p', { className: 'reaction-counts', 'data-testid': 'reaction-counts' });
  private readonly sky = el('div', { className: 'reaction-sky' });

  constructor() {
    this.root.append(this.sky, this.counts);
  }

  update(state: EventState): void {
    const item = state.current?.id ?? 0;
    const counts = state.activity.reactions.get(item)?.counts ?? {};
    const total = REACTIONS.reduce((sum, r) => sum + (counts[r] ?? 0), 0);
    show(this.counts, total > 0);
    setText(this.counts, REACTIONS.filter((r) => (counts[r] ?? 0) > 0).map((r) => `${REACTION_EMOJI[r]} ${counts[r]}`).join('   '));
    const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    for (const burst of state.activity.takeBursts()) {
      if (reduced || burst.agendaItemId !== item) continue;
      const taps = REACTIONS.flatMap((r) => Array<string>(Math.min(MAX_FLOATING, burst.added[r] ?? 0)).fill(REACTION_EMOJI[r]));
      for (const emoji of taps.slice(0, MAX_FLOATING)) this.float(emoji);
    }
  }

  private float(emoji: string): void {
    const node = el('span', { className: 'reaction-float' }, emoji);
    node.style.left = `${Math.round(Math.random() * 80)}%`;
    node.style.animationDelay = `${Math.round(Math.random() * 600)}ms`;
    node.addEventListener('animationend', () => node.remove());
    this.sky.append(node);
  }
}
