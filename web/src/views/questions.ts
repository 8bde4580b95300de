// Q&A pieces every page shares (docs/protocol.md "Q&A"): a question's card (text, who asked, what it is
// about, its answer) and the answer form of the stakeholder it is addressed to and of the facilitator.

import { el, setAttr, setText, show } from '../dom';
import { shownName } from '../format';
import { t } from '../i18n';
import type { LiveSession } from '../session';
import type { EventState } from '../state';
import type { Answer, AnswerInput, Question } from '../types';
import { announce, attempt } from '../ui';

export function targetLabel(question: Question, state: EventState): string {
  switch (question.target.kind) {
    case 'room':
      return t.targetRoom;
    case 'agenda': {
      const item = state.agendaItem(question.target.id);
      return item ? t.targetAgenda(item.title) : t.targetUnknown;
    }
    case 'proposal': {
      const proposal = state.proposal(question.target.id);
      return proposal ? t.targetProposal(proposal.title) : t.targetUnknown;
    }
    default:
      return t.targetUnknown;
  }
}

export function askerLabel(question: Question): string {
  if (question.anonymous || question.askerName == null) return t.questionAnonymous;
  const name = shownName(question.askerName);
  return question.askerOrganisation ? `${name} · ${question.askerOrganisation}` : name;
}

/**
 * An answer: `question-answer` holds exactly the written text, or "Answered live"; who answered is beside it
 * (`question-answer-by`), and a note given with a live answer under it (`question-answer-note`).
 */
export class AnswerView {
  readonly root: HTMLElement;
  private readonly by: HTMLElement;
  private readonly text: HTMLElement;
  private readonly note: HTMLElement;

  constructor(prefix = 'question') {
    this.by = el('p', { className: 'answer-by', 'data-testid': `${prefix}-answer-by` });
    this.text = el('p', { className: 'answer-text', 'data-testid': `${prefix}-answer` });
    this.note = el('p', { className: 'answer-note', 'data-testid': `${prefix}-answer-note`, hidden: true });
    this.root = el('div', { className: 'answer', hidden: true }, [this.by, this.text, this.note]);
  }

  fill(answer: Answer | null): void {
    show(this.root, answer !== null);
    setAttr(this.root, 'data-live', answer?.live ? 'true' : null);
    if (!answer) {
      setText(this.text, '');
      return;
    }
    setText(this.by, t.answerFrom(shownName(answer.byName)));
    setText(this.text, answer.live ? t.answeredLive : answer.text ?? '');
    const note = answer.live ? (answer.text ?? '') : '';
    setText(this.note, note);
    show(this.note, note !== '');
  }
}

/** The parts of a question card; each page adds its own controls to `foot`. */
export class QuestionCard {
  readonly li: HTMLLIElement;
  readonly meta: HTMLElement;
  readonly mineBadge: HTMLElement;
  readonly statusBadge: HTMLElement;
  readonly asker: HTMLElement;
  readonly target: HTMLElement;
  readonly text: HTMLElement;
  readonly waiting: HTMLElement;
  readonly answer = new AnswerView();
  readonly foot: HTMLElement;

  constructor(readonly id: number, testId: string) {
    this.mineBadge = el('span', { className: 'badge', hidden: true, 'data-testid': 'question-mine' }, t.questionYours);
    this.statusBadge = el('span', { className: 'badge status-badge', hidden: true, 'data-testid': 'question-status' });
    this.asker = el('span', { className: 'question-asker', 'data-testid': 'question-asker' });
    this.target = el('span', { className: 'question-target', 'data-testid': 'question-target' });
    this.meta = el('p', { className: 'question-meta' }, [this.mineBadge, this.statusBadge, this.asker, this.target]);
    this.text = el('p', { className: 'question-text', 'data-testid': 'question-text' });
    this.waiting = el('p', { className: 'question-waiting', hidden: true, 'data-testid': 'question-waiting' }, t.questionWaiting);
    this.foot = el('div', { className: 'question-foot' });
    this.li = el('li', { className: 'question', 'data-testid': testId, 'data-question-id': id }, [
      this.meta,
      this.text,
      this.waiting,
      this.answer.root,
      this.foot,
    ]);
  }

  fill(question: Question, state: EventState): void {
    setAttr(this.li, 'data-status', question.status);
    setAttr(this.li, 'data-answered', question.answer ? 'true' : null);
    setText(this.asker, askerLabel(question));
    setText(this.target, targetLabel(question, state));
    setText(this.text, question.text);
    this.answer.fill(question.answer ?? null);
  }
}

/**
 * The answer form of a question: a written answer (`answer-text-<id>`, `answer-submit-<id>`) or "answered
 * live" (`answer-live-<id>`, with the text as an optional note). A new answer replaces the previous one.
 */
export class AnswerForm {
  readonly root: HTMLElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly send: HTMLButtonElement;
  private readonly live: HTMLButtonElement;
  private readonly notice: HTMLElement;
  private busy = false;

  constructor(
    private readonly session: LiveSession,
    private readonly id: number,
  ) {
    const inputId = `answer-text-${id}`;
    this.textarea = el('textarea', { id: inputId, 'data-max-chars': 2000, rows: 2, 'data-testid': inputId });
    this.send = el('button', { type: 'button', className: 'btn primary small', 'data-testid': `answer-submit-${id}` }, t.answerSend);
    this.live = el('button', { type: 'button', className: 'btn small', 'data-testid': `answer-live-${id}` }, t.answerLive);
    this.notice = el('p', { className: 'live-notice', role: 'status', 'aria-live': 'polite', 'data-testid': `answer-notice-${id}` });
    this.root = el('div', { className: 'answer-form' }, [
      el('label', { for: inputId }, t.answerLabel),
      this.textarea,
      el('div', { className: 'button-row' }, [this.send, this.live]),
      this.notice,
    ]);
    this.send.addEventListener('click', () => void this.answer(false));
    this.live.addEventListener('click', () => void this.answer(true));
  }

  private async answer(live: boolean): Promise<void> {
    if (this.busy) return;
    const text = this.textarea.value.trim();
    if (!live && !text) {
      announce(this.notice, t.answerEmpty, 'error');
      this.textarea.focus();
      return;
    }
    const input: AnswerInput = { text, live };
    this.busy = true;
    this.refresh();
    const button = live ? this.live : this.send;
    button.setAttribute('aria-busy', 'true');
    const ok = await attempt(this.notice, () => this.session.act('AnswerQuestion', this.id, input));
    button.removeAttribute('aria-busy');
    this.busy = false;
    this.refresh();
    if (ok) {
      this.textarea.value = '';
      announce(this.notice, t.answerSent);
    }
  }

  refresh(): void {
    this.send.disabled = this.busy;
    this.live.disabled = this.busy;
  }
}
