// The participant's Q&A panel: asking (by default to what is on stage, else to the room, an agenda item or a
// proposal; optionally anonymous; one requestId per question, reused when the same question is sent again), and the
// questions everyone sees, sorted top or newest, with an upvote toggle and the answers as they arrive. Own questions
// are marked, and own questions the facilitator has not published show as waiting.

import { ApiError } from '../api';
import { byTestId, el, randomId, setAttr, setText, show } from '../dom';
import { formatNumber } from '../format';
import { t } from '../i18n';
import { KeyedList } from '../keyed-list';
import { checkLimit } from '../limits';
import type { LiveSession } from '../session';
import { sortQuestions, type EventState, type QuestionOrder } from '../state';
import type { Question, QuestionInput, QuestionTarget } from '../types';
import { announce, attempt } from '../ui';
import { QuestionCard } from './questions';

/** `now`, `room`, `agenda:<id>`, `proposal:<id>`: the values of the target select. */
export function targetValue(target: QuestionTarget): string {
  if (target.kind === 'now') return 'now';
  return target.kind === 'room' || target.id === null ? 'room' : `${target.kind}:${target.id}`;
}

export function parseTarget(value: string): QuestionTarget {
  if (value === 'now') return { kind: 'now', id: null };
  const match = /^(agenda|proposal):(\d+)$/.exec(value);
  if (!match) return { kind: 'room', id: null };
  return { kind: match[1] as 'agenda' | 'proposal', id: Number(match[2]) };
}

class ParticipantQuestion extends QuestionCard {
  readonly upvote: HTMLButtonElement;
  readonly count: HTMLElement;
  private readonly countWord = el('span', { className: 'count-word' });

  constructor(id: number) {
    super(id, `question-${id}`);
    this.upvote = el('button', {
      type: 'button', className: 'btn small upvote', 'aria-pressed': 'false', 'data-testid': `question-upvote-${id}`,
    }, [el('span', { 'aria-hidden': 'true' }, '▲'), t.upvote]);
    this.count = el('span', { className: 'count', 'data-testid': `question-upvotes-${id}` }, '0');
    this.foot.append(this.upvote, el('span', { className: 'count-pair' }, [this.count, ' ', this.countWord]));
  }

  update(question: Question, state: EventState, busy: boolean): void {
    this.fill(question, state);
    const mine = state.asked(question.id);
    const published = question.status === 'published';
    show(this.mineBadge, mine);
    setAttr(this.li, 'data-mine', mine ? 'true' : null);
    show(this.waiting, mine && !published);
    setText(this.count, formatNumber(question.upvotes));
    setText(this.countWord, t.upvotesWord(question.upvotes));
    const upvoted = state.hasUpvotedQuestion(question.id);
    setAttr(this.upvote, 'aria-pressed', upvoted ? 'true' : 'false');
    setAttr(this.upvote, 'aria-label', t.questionUpvoteLabel(question.text));
    setAttr(this.upvote, 'aria-busy', busy ? 'true' : null);
    // Nobody upvotes their own question, and only published questions take upvotes.
    this.upvote.disabled = busy || mine || !published;
    show(this.foot, published);
  }
}

export class QuestionPanel {
  private readonly form = byTestId<HTMLFormElement>('ask-form');
  private readonly text = byTestId<HTMLTextAreaElement>('ask-text');
  private readonly target = byTestId<HTMLSelectElement>('ask-target');
  private readonly anonymous = byTestId<HTMLInputElement>('ask-anonymous');
  private readonly submit = byTestId<HTMLButtonElement>('ask-submit');
  private readonly askNotice = byTestId('ask-notice');
  private readonly listNotice = byTestId('qa-notice');
  private readonly list = byTestId('question-list');
  private readonly sortTop = byTestId<HTMLButtonElement>('sort-top');
  private readonly sortNewest = byTestId<HTMLButtonElement>('sort-newest');
  private readonly empty = el('li', { className: 'list-empty', 'data-testid': 'questions-empty' }, t.qaEmpty);
  private readonly cards = new KeyedList<Question, number, ParticipantQuestion>(this.list, {
    key: (question) => question.id,
    create: (question) => {
      const card = new ParticipantQuestion(question.id);
      card.upvote.addEventListener('click', () => void this.toggleUpvote(question.id));
      return card;
    },
    node: (card) => card.li,
    update: (card, question) => card.update(question, this.session.state, this.busy.has(question.id)),
    empty: this.empty,
  });
  private readonly busy = new Set<number>();
  private order: QuestionOrder = 'top';
  private targetsKey = '';
  /** The target the asker chose themselves; until then the question goes to what is on stage, when something is. */
  private chosenTarget: string | null = null;
  private asking = false;
  /**
   * One id per question, kept when the same question is sent again after an unanswered attempt (it may have
   * gone through), and renewed once the server answered: with the question, or with a refusal (which
   * created nothing).
   */
  private requestId: string | null = null;
  /** What the panel has seen (id → answered), so only what arrives later is announced; null before the first update. */
  private seen: Map<number, boolean> | null = null;

  constructor(private readonly session: LiveSession) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.ask();
    });
    this.target.addEventListener('change', () => {
      this.chosenTarget = this.target.value;
    });
    this.sortTop.addEventListener('click', () => this.sort('top'));
    this.sortNewest.addEventListener('click', () => this.sort('newest'));
    checkLimit(this.text);
  }

  /** Preselects a target and puts the cursor in the question box ("Ask a question" on a proposal). */
  askAbout(target: QuestionTarget): void {
    this.update();
    const value = targetValue(target);
    if ([...this.target.options].some((o) => o.value === value)) {
      this.target.value = value;
      this.chosenTarget = value;
    }
    this.text.focus();
    this.form.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  update(): void {
    const state = this.session.state;
    this.updateTargets(state);
    this.submit.disabled = this.asking;
    setAttr(this.submit, 'aria-busy', this.asking ? 'true' : null);
    setAttr(this.sortTop, 'aria-pressed', this.order === 'top' ? 'true' : 'false');
    setAttr(this.sortNewest, 'aria-pressed', this.order === 'newest' ? 'true' : 'false');

    const visible = state.questions.filter((q) => q.status !== 'dismissed' && (q.status === 'published' || state.asked(q.id)));
    this.cards.render(sortQuestions(visible, this.order));
    this.announceArrivals(visible, state);
  }

  /**
   * New questions from others and new answers, read out politely (the list itself is not a live region: a
   * vote storm would make it chatter). Several at once are summed up in one message.
   */
  private announceArrivals(visible: Question[], state: EventState): void {
    const first = this.seen === null;
    const seen = this.seen ?? new Map<number, boolean>();
    const messages: string[] = [];
    for (const question of visible) {
      const answered = question.answer !== null;
      const known = seen.get(question.id);
      if (!first) {
        if (known === undefined && question.status === 'published' && !state.asked(question.id)) messages.push(t.newQuestion(question.text));
        if (answered && known !== true) messages.push(t.newAnswer(question.text));
      }
      seen.set(question.id, answered);
    }
    this.seen = seen;
    if (messages.length === 1) announce(this.listNotice, messages[0] ?? '');
    else if (messages.length > 1) announce(this.listNotice, t.newQuestionsAndAnswers(messages.length));
  }

  private sort(order: QuestionOrder): void {
    if (this.order === order) return;
    this.order = order;
    this.update();
  }


  /**
   * What is on stage now (the running pitch, else the current item) first, then the room, each agenda item, each
   * proposal; rebuilt only when they change. A question goes to what is on stage unless the asker chose otherwise.
   */
  private updateTargets(state: EventState): void {
    const items = state.agenda.items;
    const proposals = [...state.proposals].sort((a, b) => a.id - b.id);
    const stage = state.currentPitch?.title ?? state.current?.title ?? null;
    const key = JSON.stringify([stage, items.map((i) => [i.id, i.title]), proposals.map((p) => [p.id, p.title])]);
    if (key === this.targetsKey) return;
    this.targetsKey = key;
    const options: HTMLElement[] = [];
    if (stage !== null) options.push(el('option', { value: 'now', 'data-testid': 'ask-target-now' }, t.askTargetNow(stage)));
    options.push(el('option', { value: 'room' }, t.askTargetRoom));
    if (items.length) {
      options.push(el('optgroup', { label: t.askTargetAgenda }, items.map((item) => el('option', { value: `agenda:${item.id}` }, item.title))));
    }
    if (proposals.length) {
      options.push(el('optgroup', { label: t.askTargetProposals }, proposals.map((p) => el('option', { value: `proposal:${p.id}` }, p.title))));
    }
    this.target.replaceChildren(...options);
    const fallback = stage !== null ? 'now' : 'room';
    const chosen = this.chosenTarget ?? fallback;
    this.target.value = [...this.target.options].some((o) => o.value === chosen) ? chosen : fallback;
  }

  private async ask(): Promise<void> {
    if (this.asking) return;
    const text = this.text.value.trim();
    if (!text) {
      setAttr(this.text, 'aria-invalid', 'true');
      announce(this.askNotice, t.askEmpty, 'error');
      this.text.focus();
      return;
    }
    setAttr(this.text, 'aria-invalid', null);
    this.requestId ??= randomId();
    const input: QuestionInput = {
      text,
      target: parseTarget(this.target.value),
      anonymous: this.anonymous.checked,
      requestId: this.requestId,
    };
    this.asking = true;
    setText(this.submit, t.askSending);
    this.update();
    let questionId: number | null = null;
    const ok = await attempt(this.askNotice, async () => {
      try {
        const ack = await this.session.act('AskQuestion', input);
        questionId = ack.id;
      } catch (error) {
        // A refusal created nothing: the next attempt is a new question. Without an answer (offline: not
        // sent; network: perhaps applied) the same question keeps its requestId.
        if (error instanceof ApiError && !['offline', 'network', 'unknown'].includes(error.code)) this.requestId = null;
        throw error;
      }
    });
    this.asking = false;
    setText(this.submit, t.askSubmit);
    if (ok) {
      this.requestId = null;
      this.text.value = '';
      this.anonymous.checked = false;
      checkLimit(this.text);
      const pending = this.session.state.question(questionId)?.status === 'pending';
      announce(this.askNotice, pending ? t.askSentPending : t.askSent);
    }
    this.update();
  }

  private async toggleUpvote(id: number): Promise<void> {
    if (this.busy.has(id)) return;
    const upvoted = this.session.state.hasUpvotedQuestion(id);
    this.busy.add(id);
    this.update();
    await attempt(this.listNotice, () => this.session.act(upvoted ? 'WithdrawQuestionUpvote' : 'UpvoteQuestion', id));
    this.busy.delete(id);
    this.update();
  }
}
