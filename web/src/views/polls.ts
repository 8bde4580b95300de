// Polls and word clouds on the participant's phone (PollPanel), the reaction buttons (ReactionBar), and the two
// results views every page shares: bars with counts and percentages (ResultBars) and the word cloud (CloudView).

import { el, setAttr, setText, show } from '../dom';
import { t } from '../i18n';
import { KeyedList } from '../keyed-list';
import type { LiveSession } from '../session';
import type { Activity } from '../activity';
import { REACTIONS, type CloudWord, type Poll, type PollResults, type Reaction } from '../types';
import { announce, attempt } from '../ui';
import type { Panel } from './attendee';

export const REACTION_EMOJI: Record<Reaction, string> = { clap: '👏', idea: '💡', heart: '❤️', think: '🤔' };

/** Whether the room sees a poll's results now: live while open, or once closed. */
export function resultsPublic(poll: Poll): boolean {
  return poll.status !== 'draft' && (poll.results === 'live' || (poll.results === 'closed' && poll.status === 'closed'));
}

// ---------------------------------------------------------------- results as bars

interface BarRow {
  li: HTMLLIElement;
  label: HTMLElement;
  fill: HTMLElement;
  value: HTMLElement;
}

/** One bar per option: its label, a bar as long as its share, and "count · percent" (a ranking: points). */
export class ResultBars {
  readonly root = el('ol', { className: 'poll-bars' });
  private readonly rows = new KeyedList<{ poll: Poll; results: PollResults | null; index: number }, number, BarRow>(this.root, {
    key: ({ index }) => index,
    create: ({ index }) => {
      const row: BarRow = {
        li: el('li', { className: 'poll-bar', 'data-testid': `poll-bar-${index}` }),
        label: el('span', { className: 'poll-bar-label' }),
        fill: el('span', { className: 'poll-bar-fill' }),
        value: el('span', { className: 'poll-bar-value', 'data-testid': 'poll-bar-value' }),
      };
      row.li.append(row.label, el('span', { className: 'poll-bar-track', 'aria-hidden': 'true' }, [row.fill]), row.value);
      return row;
    },
    node: (row) => row.li,
    update: (row, { poll, results, index }) => {
      const label = poll.kind === 'rating' ? '★'.repeat(index + 1) : (poll.options[index] ?? '');
      setText(row.label, label);
      setAttr(row.label, 'aria-label', poll.kind === 'rating' ? t.polls.rating(index + 1) : null);
      const count = results?.counts[index] ?? 0;
      const percent = results?.percents[index] ?? 0;
      const points = results?.points[index] ?? 0;
      setText(row.value, poll.kind === 'ranking' ? `${t.polls.points(points)} · ${percent}%` : `${count} · ${percent}%`);
      const width = `${Math.min(100, percent)}%`;
      if (row.fill.style.width !== width) row.fill.style.width = width;
    },
  });

  render(poll: Poll, results: PollResults | null): void {
    this.rows.render(poll.options.map((_, index) => ({ poll, results, index })));
  }
}

// ---------------------------------------------------------------- the word cloud

/**
 * The cloud: one word per group, sized by its count against the most frequent. A word keeps its place once drawn
 * (new words join at the end; a vote only grows or shrinks its word), so the wall never reshuffles.
 */
export class CloudView {
  readonly root: HTMLElement;
  private readonly words = new Map<string, HTMLElement>();

  constructor(testId: string, private readonly staff = false, private readonly onToggle?: (word: CloudWord) => void) {
    this.root = el('ul', { className: 'cloud', 'data-testid': testId });
  }

  render(words: readonly CloudWord[]): void {
    const max = Math.max(1, ...words.map((w) => w.count));
    const seen = new Set<string>();
    for (const word of words) {
      seen.add(word.key);
      let node = this.words.get(word.key);
      if (!node) {
        node = el('li', { className: 'cloud-word', 'data-testid': 'cloud-word', 'data-key': word.key });
        this.words.set(word.key, node);
        this.root.append(node);
      }
      this.fill(node, word, max);
    }
    for (const [key, node] of this.words) {
      if (!seen.has(key)) {
        node.remove();
        this.words.delete(key);
      }
    }
  }

  private fill(node: HTMLElement, word: CloudWord, max: number): void {
    const scale = (0.9 + 2.6 * Math.sqrt(word.count / max)).toFixed(2);
    node.style.setProperty('--scale', scale);
    setAttr(node, 'data-count', String(word.count));
    setAttr(node, 'data-hidden', word.hidden ? 'true' : null);
    setAttr(node, 'data-held', word.held ? 'true' : null);
    if (!this.staff) {
      setText(node, word.text);
      setAttr(node, 'title', t.polls.voters(word.count));
      return;
    }
    node.replaceChildren(
      el('span', { className: 'cloud-text' }, word.text),
      el('span', { className: 'cloud-count' }, ` ${word.count}${word.held ? ` +${word.held}` : ''}`),
    );
    if (word.heldReason) node.append(el('span', { className: 'held-reason' }, ` · ${t.polls.heldFor(word.heldReason)}`));
    if (word.hidden) node.append(el('span', { className: 'badge' }, t.polls.hiddenWord));
    const toggle = el('button', { type: 'button', className: 'btn small', 'data-testid': `word-toggle-${word.key}` },
      word.hidden || word.held ? t.polls.showWord : t.polls.hideWord);
    toggle.addEventListener('click', () => this.onToggle?.(word));
    node.append(toggle);
  }
}

// ---------------------------------------------------------------- the participant's polls

interface PollCard {
  li: HTMLLIElement;
  question: HTMLElement;
  status: HTMLElement;
  controls: HTMLElement;
  notice: HTMLElement;
  results: HTMLElement;
  bars: ResultBars;
  cloud: CloudView;
  /** Fills the controls from the poll and one's own answer; made once per poll. */
  fill(poll: Poll, activity: Activity): void;
}

/** The open (and closed, with visible results) polls on a participant's or stakeholder's phone. */
export class PollPanel implements Panel {
  readonly root: HTMLElement;
  private readonly list = el('ol', { className: 'polls', 'data-testid': 'poll-list' });
  private readonly cards: KeyedList<Poll, number, PollCard>;

  constructor(private readonly session: LiveSession) {
    const heading = el('h2', { id: 'polls-heading' }, t.polls.heading);
    this.root = el('section', { className: 'card poll-card', id: 'polls', 'aria-labelledby': 'polls-heading', 'data-testid': 'poll-panel', hidden: true },
      [heading, this.list]);
    this.cards = new KeyedList<Poll, number, PollCard>(this.list, {
      key: (poll) => poll.id,
      create: (poll) => this.makeCard(poll),
      node: (card) => card.li,
      update: (card, poll) => this.fillCard(card, poll),
    });
  }

  update(): void {
    const activity = this.session.state.activity;
    const polls = activity.polls
      .filter((p) => p.status === 'open' || (p.status === 'closed' && activity.results.has(p.id)))
      .sort((a, b) => (a.status === b.status ? b.id - a.id : a.status === 'open' ? -1 : 1));
    this.cards.render(polls);
    show(this.root, polls.length > 0);
  }

  private fillCard(card: PollCard, poll: Poll): void {
    const activity = this.session.state.activity;
    setText(card.question, poll.question);
    setText(card.status, poll.status === 'open' ? t.polls.open : t.polls.closed);
    setAttr(card.li, 'data-status', poll.status);
    card.fill(poll, activity);
    const results = activity.results.get(poll.id) ?? null;
    if (poll.kind === 'words') card.cloud.render(results?.words ?? []);
    else card.bars.render(poll, results);
    show(card.results, results !== null);
    if (!results && poll.status === 'open' && poll.results !== 'live') {
      setText(card.notice, poll.results === 'closed' ? t.polls.resultsLater : t.polls.resultsNever);
    }
  }

  private makeCard(poll: Poll): PollCard {
    const card: PollCard = {
      li: el('li', { className: 'poll', 'data-testid': `poll-${poll.id}` }),
      question: el('h3', { className: 'poll-question', 'data-testid': 'poll-question' }),
      status: el('span', { className: 'badge', 'data-testid': 'poll-status' }),
      controls: el('div', { className: 'poll-controls' }),
      notice: el('p', { className: 'live-notice', role: 'status', 'aria-live': 'polite', 'data-testid': 'poll-notice' }),
      results: el('div', { className: 'poll-results', 'data-testid': 'poll-results' }),
      bars: new ResultBars(),
      cloud: new CloudView(`poll-cloud-${poll.id}`),
      fill: () => undefined,
    };
    card.results.append(poll.kind === 'words' ? card.cloud.root : card.bars.root);
    card.li.append(el('div', { className: 'poll-head' }, [card.question, card.status]), card.controls, card.notice, card.results);
    card.fill = this.controlsFor(poll, card);
    return card;
  }

  private vote(card: PollCard, poll: Poll, vote: { choices?: number[]; words?: string[] }, buttons: HTMLButtonElement[]): void {
    buttons.forEach((b) => (b.disabled = true));
    void attempt(card.notice, () => this.session.act('VotePoll', poll.id, vote)).then((ok) => {
      buttons.forEach((b) => (b.disabled = false));
      if (ok) announce(card.notice, t.polls.voted);
      this.update();
    });
  }

  /** Builds the controls for the poll's kind; answers how to refresh them. */
  private controlsFor(poll: Poll, card: PollCard): (poll: Poll, activity: Activity) => void {
    const closed = (p: Poll) => p.status !== 'open';
    if (poll.kind === 'single' || poll.kind === 'rating') {
      const buttons = poll.options.map((option, index) => {
        const button = el('button', { type: 'button', className: 'btn poll-option', 'aria-pressed': 'false', 'data-testid': `poll-option-${index}` },
          poll.kind === 'rating' ? String(index + 1) : option);
        if (poll.kind === 'rating') setAttr(button, 'aria-label', t.polls.rating(index + 1));
        button.addEventListener('click', () => this.vote(card, poll, { choices: [index] }, buttons));
        return button;
      });
      card.controls.append(el('div', { className: poll.kind === 'rating' ? 'poll-rating' : 'poll-options' }, buttons));
      return (p, activity) => {
        const mine = activity.mine.get(p.id)?.choices ?? [];
        buttons.forEach((b, i) => {
          setAttr(b, 'aria-pressed', mine.includes(i) ? 'true' : 'false');
          b.disabled = closed(p);
        });
      };
    }
    if (poll.kind === 'multiple') {
      const boxes = poll.options.map((option, index) => {
        const id = `poll-${poll.id}-option-${index}`;
        const box = el('input', { type: 'checkbox', id, 'data-testid': `poll-check-${index}` });
        return { box, label: el('label', { for: id, className: 'check' }, [box, ` ${option}`]) };
      });
      const submit = el('button', { type: 'submit', className: 'btn primary', 'data-testid': 'poll-submit' }, t.polls.vote);
      const form = el('form', { className: 'stack', novalidate: true },
        [el('p', { className: 'help' }, t.polls.chooseUpTo(poll.maxChoices)), ...boxes.map((b) => b.label), submit]);
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const choices = boxes.flatMap((b, i) => (b.box.checked ? [i] : []));
        this.vote(card, poll, { choices }, [submit]);
      });
      card.controls.append(form);
      let filled = false;
      return (p, activity) => {
        const mine = activity.mine.get(p.id)?.choices;
        if (!filled && mine) boxes.forEach((b, i) => (b.box.checked = mine.includes(i)));
        filled ||= mine !== undefined;
        boxes.forEach((b) => (b.box.disabled = closed(p)));
        submit.disabled = closed(p);
      };
    }
    if (poll.kind === 'ranking') {
      let order = poll.options.map((_, i) => i);
      const list = el('ol', { className: 'poll-ranking', 'data-testid': 'poll-ranking' });
      const submit = el('button', { type: 'button', className: 'btn primary', 'data-testid': 'poll-submit' }, t.polls.vote);
      const draw = (disabled: boolean) => {
        list.replaceChildren(...order.map((option, place) => {
          const name = poll.options[option] ?? '';
          const up = el('button', { type: 'button', className: 'btn small', 'aria-label': t.polls.moveUp(name), disabled: disabled || place === 0 }, '↑');
          const down = el('button', { type: 'button', className: 'btn small', 'aria-label': t.polls.moveDown(name), disabled: disabled || place === order.length - 1 }, '↓');
          const move = (by: number) => {
            const next = [...order];
            [next[place], next[place + by]] = [next[place + by] as number, next[place] as number];
            order = next;
            draw(disabled);
            // The focus follows the option it moved.
            list.children[place + by]?.querySelector<HTMLButtonElement>(by < 0 ? 'button' : 'button:last-of-type')?.focus();
          };
          up.addEventListener('click', () => move(-1));
          down.addEventListener('click', () => move(1));
          return el('li', { className: 'poll-rank' }, [el('span', {}, name), el('span', { className: 'button-row' }, [up, down])]);
        }));
      };
      submit.addEventListener('click', () => this.vote(card, poll, { choices: order }, [submit]));
      card.controls.append(el('p', { className: 'help' }, t.polls.rankHelp), list, submit);
      let filled = false;
      return (p, activity) => {
        const mine = activity.mine.get(p.id)?.choices;
        if (!filled && mine && mine.length === p.options.length) order = [...mine];
        filled ||= mine !== undefined;
        draw(closed(p));
        submit.disabled = closed(p);
      };
    }
    // A word cloud: up to three short answers; one's own answers below, held ones as waiting.
    const inputs = [1, 2, 3].map((n) => {
      const id = `poll-${poll.id}-word-${n}`;
      const input = el('input', { id, maxlength: 40, autocomplete: 'off', 'data-testid': `poll-word-${n}` });
      return { input, field: el('div', { className: 'field' }, [el('label', { for: id, className: 'visually-hidden' }, t.polls.wordLabel(n)), input]) };
    });
    const submit = el('button', { type: 'submit', className: 'btn primary', 'data-testid': 'poll-submit' }, t.polls.send);
    const mineList = el('ul', { className: 'poll-mine', 'data-testid': 'poll-mine' });
    const form = el('form', { className: 'stack poll-words', novalidate: true },
      [el('p', { className: 'help' }, t.polls.wordsHelp), ...inputs.map((i) => i.field), submit]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const words = inputs.map((i) => i.input.value.trim()).filter((w) => w.length > 0);
      this.vote(card, poll, { words }, [submit]);
    });
    card.controls.append(form, mineList);
    let filled = false;
    return (p, activity) => {
      const mine = activity.mine.get(p.id)?.words ?? [];
      if (!filled && mine.length > 0) mine.forEach((w, i) => inputs[i] && (inputs[i].input.value = w.text));
      filled ||= mine.length > 0;
      mineList.replaceChildren(...mine.map((w) =>
        el('li', { 'data-waiting': w.waiting ? 'true' : null }, w.waiting ? [w.text, ' ', el('span', { className: 'badge' }, t.polls.waiting)] : w.text)));
      inputs.forEach((i) => (i.input.disabled = closed(p)));
      submit.disabled = closed(p);
    };
  }
}

// ---------------------------------------------------------------- reactions

/** Four reaction buttons while an agenda item is running; a tap is answered at once and counted on the wall. */
export class ReactionBar implements Panel {
  readonly root: HTMLElement;

  constructor(private readonly session: LiveSession) {
    const notice = el('p', { className: 'live-notice', role: 'status', 'aria-live': 'polite' });
    const buttons = REACTIONS.map((reaction) => {
      const button = el('button', { type: 'button', className: 'btn reaction', 'aria-label': t.polls.reactionLabel[reaction] ?? reaction,
        'data-testid': `react-${reaction}` }, REACTION_EMOJI[reaction]);
      button.addEventListener('click', () => {
        button.classList.remove('reacted');
        void button.offsetWidth;
        button.classList.add('reacted');
        void attempt(notice, () => this.session.invoke('React', reaction));
      });
      return button;
    });
    this.root = el('section', { className: 'card reaction-card', 'aria-label': t.polls.reactionsHeading, 'data-testid': 'reaction-bar', hidden: true },
      [el('div', { className: 'reactions' }, buttons), notice]);
  }

  update(): void {
    show(this.root, this.session.state.current !== null);
  }
}
