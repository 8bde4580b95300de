// The stakeholder's page: their pitch when it is next or on stage (speaker.ts), Now / Next, the questions addressed to them (about their proposals and the agenda
// items they present) with an answer form each, their own proposals (status, edit, who joined, joiners'
// CSV), the form to create or edit one, and the whole board read-only.

import '../styles.css';
import { byTestId, el, setText } from '../dom';
import { t } from '../i18n';
import { KeyedList } from '../keyed-list';
import type { LiveSession } from '../session';
import { compareQuestions } from '../state';
import type { Question } from '../types';
import { mountAttendeePage } from './attendee';
import { ManagedProposals } from './manage';
import { ProposalForm } from './proposal-form';
import { ProposalBoard } from './proposals';
import { AnswerForm, QuestionCard } from './questions';
import { SpeakerView } from './speaker';

/** The questions addressed to me: unanswered first, then the most upvoted. */
class AddressedQuestions {
  private readonly list = byTestId('addressed-list');
  private readonly empty = el('li', { className: 'list-empty', 'data-testid': 'addressed-empty' }, t.addressedEmpty);
  private readonly cards = new KeyedList<Question, number, { card: QuestionCard; form: AnswerForm }>(this.list, {
    key: (question) => question.id,
    create: (question) => {
      const card = new QuestionCard(question.id, `question-${question.id}`);
      const form = new AnswerForm(this.session, question.id);
      card.foot.append(form.root);
      return { card, form };
    },
    node: (entry) => entry.card.li,
    update: (entry, question) => entry.card.fill(question, this.session.state),
    empty: this.empty,
  });

  constructor(private readonly session: LiveSession) {}

  update(): void {
    const state = this.session.state;
    const top = compareQuestions('top');
    const questions = state.questions
      .filter((q) => q.status === 'published' && state.addressedToMe(q))
      .sort((a: Question, b: Question) => Number(a.answer !== null) - Number(b.answer !== null) || top(a, b));
    this.cards.render(questions);
  }
}

mountAttendeePage({
  page: 'stakeholder',
  panels: (session) => {
    const greeting = document.querySelector<HTMLElement>('[data-testid="greeting"]');
    const addressed = new AddressedQuestions(session);
    const speaker = new SpeakerView(session);
    byTestId('speaker-slot').replaceWith(speaker.root, speaker.liveRegion);
    let mine: ManagedProposals | null = null;
    const form = new ProposalForm(session, { chooseOwner: false, onEdited: (id) => mine?.focusEdit(id) });
    byTestId('proposal-form-card').append(form.root);
    mine = new ManagedProposals(session, {
      list: byTestId('my-proposal-list'),
      testIdPrefix: 'my-proposal',
      showOwner: false,
      include: (proposal, state) => proposal.ownerId === state.me?.id,
      emptyText: t.myProposalsEmpty,
      onEdit: (proposal) => form.edit(proposal),
    });
    const board = new ProposalBoard(session, { list: byTestId('proposal-list'), notice: byTestId('board-notice'), interactive: false });
    const managed = mine;
    return [
      {
        update(live) {
          const name = live.state.me?.name ?? '';
          if (greeting) setText(greeting, name ? t.stakeholderGreeting(name) : '');
          speaker.update();
          addressed.update();
          managed.update();
          form.update(live.state);
          board.update();
        },
      },
    ];
  },
});
