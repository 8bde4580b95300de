// The stakeholder's page: Now / Next, the questions addressed to them (about their proposals and the agenda
// items they present) with an answer form each, their own proposals (status, edit, who joined, joiners'
// CSV), the form to create or edit one, and the whole board read-only.

import '../styles.css';
import { byTestId, el, setText } from '../dom';
import { t } from '../i18n';
import type { LiveSession } from '../session';
import { compareQuestions } from '../state';
import type { Question } from '../types';
import { mountAttendeePage } from './attendee';
import { syncOrder } from './live';
import { ManagedProposals } from './manage';
import { ProposalForm } from './proposal-form';
import { keepFocus, ProposalBoard } from './proposals';
import { AnswerForm, QuestionCard } from './questions';

/** The questions addressed to me: unanswered first, then the most upvoted. */
class AddressedQuestions {
  private readonly list = byTestId('addressed-list');
  private readonly empty = el('li', { className: 'list-empty', 'data-testid': 'addressed-empty' }, t.addressedEmpty);
  private readonly cards = new Map<number, { card: QuestionCard; form: AnswerForm }>();

  constructor(private readonly session: LiveSession) {}

  update(): void {
    const state = this.session.state;
    const top = compareQuestions('top');
    const questions = state.questions
      .filter((q) => q.status === 'published' && state.addressedToMe(q))
      .sort((a: Question, b: Question) => Number(a.answer !== null) - Number(b.answer !== null) || top(a, b));
    const ordered: HTMLLIElement[] = [];
    const seen = new Set<number>();
    for (const question of questions) {
      seen.add(question.id);
      let entry = this.cards.get(question.id);
      if (!entry) {
        const card = new QuestionCard(question.id, `question-${question.id}`);
        const form = new AnswerForm(this.session, question.id);
        card.foot.append(form.root);
        entry = { card, form };
        this.cards.set(question.id, entry);
      }
      entry.card.fill(question, state);
      ordered.push(entry.card.li);
    }
    for (const [id, entry] of this.cards) {
      if (!seen.has(id)) {
        entry.card.li.remove();
        this.cards.delete(id);
      }
    }
    keepFocus(this.list, () => syncOrder(this.list, ordered.length ? ordered : [this.empty]));
  }
}

mountAttendeePage({
  page: 'stakeholder',
  panels: (session) => {
    const greeting = document.querySelector<HTMLElement>('[data-testid="greeting"]');
    const addressed = new AddressedQuestions(session);
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
          addressed.update();
          managed.update();
          form.update(live.state);
          board.update();
        },
      },
    ];
  },
});
