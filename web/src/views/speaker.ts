// The stakeholder's page as the speaker's view: when their pitch is the next one, "your pitch is next"; once it
// starts, its countdown on the server's clock with "one minute left" and "time is up" shown and announced politely;
// and the questions addressed to the pitch, most upvoted first, each with the answer form (live or in writing).

import { el, setAttr, setText, show } from '../dom';
import { t } from '../i18n';
import { KeyedList } from '../keyed-list';
import type { LiveSession } from '../session';
import type { Pitch, Question } from '../types';
import { announce } from '../ui';
import { PitchTimer, type PitchPhase } from './pitch-timer';
import { AnswerForm, QuestionCard } from './questions';
import { questionsFor } from './spotlight';

type SpeakerState = 'next' | PitchPhase;

const STATE_TEXT: Record<SpeakerState, () => string> = {
  next: () => t.speakerNext,
  running: () => t.speakerOnStage,
  'last-minute': () => t.speakerOneMinute,
  over: () => t.speakerTimeUp,
};

export class SpeakerView {
  readonly root: HTMLElement;
  private readonly state = el('p', { className: 'speaker-state', 'data-testid': 'speaker-state' });
  private readonly title = el('p', { className: 'speaker-title', 'data-testid': 'speaker-title' });
  private readonly planned = el('p', { className: 'help', 'data-testid': 'speaker-planned' });
  private readonly countdown = el('p', { className: 'countdown', 'data-testid': 'speaker-countdown', hidden: true });
  /** Part of the page from the start, so what is put in it is read out. */
  private readonly notice = el('p', { className: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'data-testid': 'speaker-notice' });
  private readonly list = el('ol', { className: 'questions', 'data-testid': 'speaker-questions' });
  private readonly cards: KeyedList<Question, number, QuestionCard>;
  private readonly timer: PitchTimer;
  private shown: { pitchId: number; state: SpeakerState } | null = null;

  constructor(private readonly session: LiveSession) {
    this.cards = new KeyedList<Question, number, QuestionCard>(this.list, {
      key: (question) => question.id,
      create: (question) => {
        const card = new QuestionCard(question.id, `speaker-question-${question.id}`);
        card.foot.append(new AnswerForm(session, question.id).root);
        return card;
      },
      node: (card) => card.li,
      update: (card, question) => card.fill(question, this.session.state),
      empty: el('li', { className: 'list-empty' }, t.speakerNoQuestions),
    });
    this.timer = new PitchTimer(this.countdown, session.clock, (phase) => this.enter(phase));
    const heading = el('h2', { id: 'speaker-heading' }, t.speakerHeading);
    this.root = el('section', { className: 'card speaker-card', 'aria-labelledby': 'speaker-heading', 'data-testid': 'speaker', hidden: true }, [
      heading,
      this.state,
      this.title,
      this.planned,
      this.countdown,
      el('h3', { className: 'eyebrow' }, t.speakerQuestions),
      this.list,
    ]);
  }

  /** The notice lives outside the card, which is hidden most of the afternoon. */
  get liveRegion(): HTMLElement {
    return this.notice;
  }

  update(): void {
    const state = this.session.state;
    const me = state.me?.id;
    const onStage = state.currentPitch?.speakerId === me && me !== undefined ? state.currentPitch : null;
    const next = !onStage && state.nextPitch?.speakerId === me && me !== undefined ? state.nextPitch : null;
    const pitch: Pitch | null = onStage ?? next;
    show(this.root, pitch !== null);
    this.timer.set(onStage?.id ?? null, onStage?.endsAt ?? null);
    if (!pitch) {
      this.shown = null;
      return;
    }
    if (next) this.enter('next', next.id);
    setText(this.title, pitch.title);
    setText(this.planned, t.speakerPlanned(pitch.plannedMinutes));
    this.cards.render(questionsFor(pitch, state));
  }

  /** Shows a new state of the speaker's pitch and reads it out once. */
  private enter(state: SpeakerState, pitchId = this.session.state.currentPitch?.id ?? -1): void {
    if (this.shown?.pitchId === pitchId && this.shown.state === state) return;
    this.shown = { pitchId, state };
    setText(this.state, STATE_TEXT[state]());
    setAttr(this.root, 'data-phase', state);
    announce(this.notice, STATE_TEXT[state](), 'info');
  }
}
