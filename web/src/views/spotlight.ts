// The room screen while a pitch runs: the proposal large (title, owner, the partners it seeks), its upvotes and joins
// with how far they moved since the pitch began, the pitch's countdown, and the published questions addressed to it,
// most upvoted first.

import type { ServerClock } from '../clock';
import { el, setAttr, setText, show } from '../dom';
import { shownName } from '../format';
import { t } from '../i18n';
import { KeyedList } from '../keyed-list';
import { sortQuestions, type EventState } from '../state';
import type { Pitch, Question } from '../types';
import { PitchTimer } from './pitch-timer';

/** More would not be read from the back row during a five-minute pitch; the box drops what does not fit. */
const QUESTIONS = 4;

/** The published questions addressed to a pitch: to its proposal, or, for a platform slot, to its agenda item. */
export function questionsFor(pitch: Pitch, state: EventState): Question[] {
  const addressed = state.questions.filter((question) =>
    question.status === 'published' &&
    (pitch.proposalId !== null
      ? question.target.kind === 'proposal' && question.target.id === pitch.proposalId
      : question.target.kind === 'agenda' && question.target.id === pitch.agendaItemId));
  return sortQuestions(addressed, 'top');
}

interface Counts {
  upvotes: number;
  members: number;
}

export class Spotlight {
  readonly root: HTMLElement;
  private readonly label = el('p', { className: 'eyebrow', 'data-testid': 'spotlight-label' });
  private readonly title = el('h2', { className: 'spot-title', 'data-testid': 'spotlight-title', 'data-lines': '3' });
  private readonly owner = el('p', { className: 'spot-owner', 'data-testid': 'spotlight-owner', 'data-lines': '2' });
  private readonly partnersLabel = el('p', { className: 'eyebrow' }, t.spotlightPartners);
  private readonly partners = el('p', { className: 'spot-partners', 'data-testid': 'spotlight-partners', 'data-lines': '3' });
  private readonly partnersBox = el('div', { className: 'spot-partners-box' }, [this.partnersLabel, this.partners]);
  private readonly countdown = el('p', { className: 'countdown spot-countdown', 'data-testid': 'spotlight-countdown', hidden: true });
  private readonly upvotes = new CountView('spotlight-upvotes');
  private readonly members = new CountView('spotlight-members');
  private readonly counts = el('div', { className: 'spot-counts' }, [this.upvotes.root, this.members.root]);
  private readonly list = el('ol', { className: 'spot-questions', 'data-testid': 'spotlight-questions' });
  private readonly empty = el('p', { className: 'spot-empty', 'data-testid': 'spotlight-no-questions' }, t.spotlightNoQuestions);
  private readonly rows: KeyedList<Question, number, QuestionRow>;
  private readonly timer: PitchTimer;
  /** Each pitch's counts when the screen first showed it: the movement is measured from there. */
  private readonly baselines = new Map<number, Counts>();

  constructor(clock: ServerClock) {
    this.rows = new KeyedList<Question, number, QuestionRow>(this.list, {
      key: (question) => question.id,
      create: (question) => new QuestionRow(question.id),
      node: (row) => row.li,
      update: (row, question) => row.fill(question),
    });
    this.timer = new PitchTimer(this.countdown, clock);
    this.root = el('section', { className: 'stage-spotlight', 'data-testid': 'spotlight', 'aria-labelledby': 'spotlight-title', 'data-fit': '', hidden: true }, [
      el('div', { className: 'spot-main' }, [this.label, this.title, this.owner, this.partnersBox]),
      el('div', { className: 'spot-side' }, [this.countdown, this.counts]),
      el('div', { className: 'spot-qa' }, [el('h3', { className: 'eyebrow' }, t.spotlightQuestions), this.list, this.empty]),
    ]);
    this.title.id = 'spotlight-title';
  }

  /** Fills the spotlight for a pitch (null: nothing on stage, the spotlight shows the current item's title only). */
  update(pitch: Pitch | null, state: EventState): void {
    this.timer.set(pitch?.id ?? null, pitch?.endsAt ?? null);
    const item = pitch ? state.agendaItem(pitch.agendaItemId) : state.current;
    const running = item?.pitches ?? [];
    setText(this.label, pitch ? t.spotlightPitchOf(pitch.position, running.length) : t.projectorNowPresenting);
    const proposal = state.proposal(pitch?.proposalId);
    setText(this.title, proposal?.title ?? pitch?.title ?? item?.title ?? t.nothingNow);
    const owner = proposal ? [shownName(proposal.ownerName), proposal.ownerOrganisation].filter(Boolean).join(' · ') : pitch?.speaker ?? '';
    setText(this.owner, owner);
    show(this.owner, owner !== '');
    setText(this.partners, proposal?.partnersSought ?? '');
    show(this.partnersBox, !!proposal?.partnersSought);

    show(this.counts, proposal !== null);
    if (pitch && proposal) {
      const base = this.baselines.get(pitch.id) ?? { upvotes: proposal.upvotes, members: proposal.members };
      this.baselines.set(pitch.id, base);
      this.upvotes.fill(proposal.upvotes, proposal.upvotes - base.upvotes, t.upvotesWord(proposal.upvotes));
      this.members.fill(proposal.members, proposal.members - base.members, t.membersWord(proposal.members));
    }

    const questions = pitch ? questionsFor(pitch, state).slice(0, QUESTIONS) : [];
    this.rows.render(questions);
    show(this.empty, questions.length === 0);
    setAttr(this.root, 'data-questions', String(questions.length));
  }
}

/** A big number, its movement since the pitch began (+n, only when it moved) and its word. */
class CountView {
  readonly root: HTMLElement;
  private readonly value = el('span', { className: 'spot-count-value' });
  private readonly move = el('span', { className: 'spot-count-move' });
  private readonly word = el('span', { className: 'spot-count-word' });

  constructor(testId: string) {
    this.root = el('p', { className: 'spot-count', 'data-testid': testId }, [this.value, this.move, this.word]);
  }

  fill(value: number, moved: number, word: string): void {
    setText(this.value, String(value));
    setText(this.move, moved > 0 ? `+${moved}` : '');
    show(this.move, moved > 0);
    setText(this.word, word);
  }
}

class QuestionRow {
  readonly li: HTMLLIElement;
  private readonly votes = el('span', { className: 'spot-q-votes', 'data-testid': 'spotlight-question-votes' });
  private readonly text = el('p', { className: 'spot-q-text', 'data-testid': 'spotlight-question-text', 'data-lines': '2' });

  constructor(id: number) {
    this.li = el('li', { className: 'spot-q', 'data-testid': `spotlight-question-${id}`, 'data-droppable': '' }, [this.votes, this.text]);
  }

  fill(question: Question): void {
    setText(this.votes, String(question.upvotes));
    setAttr(this.votes, 'aria-label', `${question.upvotes} ${t.upvotesWord(question.upvotes)}`);
    setText(this.text, question.text);
  }
}
