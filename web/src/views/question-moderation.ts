// The question-moderation list of the facilitator's console and the moderator's page: each question with its status
// (or why the content filter held it), its upvotes, publish / dismiss / restore, "show on screen" and an answer form.
// The page owns everything around it (the sort select, the filter to the stage, the screen's status); it hands
// the questions here in the order it chose and re-renders itself when a call starts and ends.

import { el, setAttr, setText, show } from '../dom';
import { t } from '../i18n';
import { KeyedList } from '../keyed-list';
import type { LiveSession } from '../session';
import type { EventState } from '../state';
import type { Question } from '../types';
import { attempt } from '../ui';
import { AnswerForm, QuestionCard } from './questions';

interface ModRow {
  card: QuestionCard;
  onScreen: HTMLElement;
  upvotes: HTMLElement;
  publish: HTMLButtonElement;
  dismiss: HTMLButtonElement;
  restore: HTMLButtonElement;
  show: HTMLButtonElement;
  answer: AnswerForm;
  busy: boolean;
}

const QUESTION_STATUS_LABEL: Record<Question['status'], () => string> = {
  pending: () => t.questionStatusPending,
  published: () => t.questionStatusPublished,
  dismissed: () => t.questionStatusDismissed,
};

/** Pending first (oldest first: a queue), then published and dismissed ones, newest first. */
function moderationOrder(a: Question, b: Question): number {
  const rank = { pending: 0, published: 1, dismissed: 2 } as const;
  const byStatus = (rank[a.status] ?? 3) - (rank[b.status] ?? 3);
  if (byStatus) return byStatus;
  return a.status === 'pending' ? a.id - b.id : b.id - a.id;
}

/** The orders of the pages' sort select, by its value; anything else is the moderation order. */
const QUESTION_ORDERS: Record<string, (a: Question, b: Question) => number> = {
  status: moderationOrder,
  votes: (a, b) => b.upvotes - a.upvotes || a.id - b.id,
  newest: (a, b) => b.id - a.id,
};

export interface ModerationOptions {
  list: HTMLElement;
  /** Where a refused call is announced. */
  notice: HTMLElement;
  session: () => LiveSession | null;
  /** The page renders itself (this list included) again. */
  rerender: (state: EventState) => void;
}

export class ModeratedQuestions {
  /** A "show on screen" or "clear the screen" call is under way: the page disables its own screen buttons too. */
  screenBusy = false;
  private readonly rows: KeyedList<Question, number, ModRow>;

  constructor(private readonly options: ModerationOptions) {
    this.rows = new KeyedList<Question, number, ModRow>(options.list, {
      key: (question) => question.id,
      create: (question) => this.makeRow(question.id),
      node: (row) => row.card.li,
      update: (row, question) => this.fill(row, question, (options.session() as LiveSession).state),
      empty: el('li', { className: 'list-empty' }, t.facQuestionsEmpty),
    });
  }

  /** Shows these questions in the order of the sort select's value. */
  render(questions: readonly Question[], order: string): void {
    this.rows.render([...questions].sort(QUESTION_ORDERS[order] ?? moderationOrder));
  }

  /** Puts a question on the screen, or clears it (null). */
  async showQuestion(id: number | null): Promise<void> {
    const live = this.options.session();
    if (!live || this.screenBusy) return;
    this.screenBusy = true;
    this.options.rerender(live.state);
    await attempt(this.options.notice, () => live.act('ShowQuestion', id));
    this.screenBusy = false;
    this.options.rerender(live.state);
  }

  private async moderate(id: number, method: 'PublishQuestion' | 'DismissQuestion' | 'RestoreQuestion'): Promise<void> {
    const live = this.options.session();
    const row = this.rows.get(id);
    if (!live || !row || row.busy) return;
    row.busy = true;
    this.options.rerender(live.state);
    await attempt(this.options.notice, () => live.act(method, id));
    row.busy = false;
    this.options.rerender(live.state);
  }

  private makeRow(id: number): ModRow {
    const card = new QuestionCard(id, `mod-question-${id}`);
    const button = (testId: string, label: string, className = 'btn small') =>
      el('button', { type: 'button', className, 'data-testid': `${testId}-${id}` }, label);
    const row: ModRow = {
      card,
      onScreen: el('span', { className: 'badge on-screen', hidden: true, 'data-testid': 'question-on-screen' }, t.facOnScreen),
      upvotes: el('span', { className: 'question-upvotes', 'data-testid': `mod-upvotes-${id}` }),
      publish: button('publish', t.facPublish, 'btn small primary'),
      dismiss: button('dismiss', t.facDismiss, 'btn small danger-outline'),
      restore: button('restore', t.facRestore),
      show: button('show', t.facShow, 'btn small secondary'),
      answer: new AnswerForm(this.options.session() as LiveSession, id),
      busy: false,
    };
    card.meta.prepend(row.onScreen);
    card.meta.append(row.upvotes);
    const details = el('details', { className: 'answer-details' }, [el('summary', {}, t.answerLabel), row.answer.root]);
    card.foot.append(el('div', { className: 'button-row', role: 'group' }, [row.publish, row.show, row.dismiss, row.restore]), details);
    row.publish.addEventListener('click', () => void this.moderate(id, 'PublishQuestion'));
    row.dismiss.addEventListener('click', () => void this.moderate(id, 'DismissQuestion'));
    row.restore.addEventListener('click', () => void this.moderate(id, 'RestoreQuestion'));
    row.show.addEventListener('click', () => void this.showQuestion(id));
    return row;
  }

  private fill(row: ModRow, question: Question, state: EventState): void {
    const { card } = row;
    card.fill(question, state);
    // What the content filter held says why, so the facilitator or moderator can publish it or leave it.
    setText(card.statusBadge, question.heldFor ? t.polls.heldFor(question.heldFor) : (QUESTION_STATUS_LABEL[question.status]?.() ?? question.status));
    setAttr(card.statusBadge, 'data-status', question.status);
    show(card.statusBadge, true);
    setText(row.upvotes, `${question.upvotes} ${t.upvotesWord(question.upvotes)}`);
    const isOnScreen = state.screen.questionId === question.id;
    show(row.onScreen, isOnScreen);
    setAttr(card.li, 'data-on-screen', isOnScreen ? 'true' : null);
    const dismissed = question.status === 'dismissed';
    show(row.publish, question.status === 'pending');
    show(row.dismiss, !dismissed);
    show(row.restore, dismissed);
    show(row.show, !dismissed && !isOnScreen);
    for (const b of [row.publish, row.dismiss, row.restore]) b.disabled = row.busy;
    row.show.disabled = row.busy || this.screenBusy;
    setAttr(row.publish, 'aria-label', `${t.facPublish}: ${question.text}`);
    setAttr(row.dismiss, 'aria-label', `${t.facDismiss}: ${question.text}`);
    setAttr(row.restore, 'aria-label', `${t.facRestore}: ${question.text}`);
    setAttr(row.show, 'aria-label', `${t.facShow}: ${question.text}`);
  }
}
