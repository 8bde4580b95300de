import '../styles.css';
import { byTestId, el, setText, show } from '../dom';
import { t } from '../i18n';
import { mountAttendeePage } from './attendee';
import { BadgePanel, PracticeWall, ReflectionPanel } from './badge';
import { ProposalBoard } from './proposals';
import { PollPanel, ReactionBar } from './polls';
import { QuestionPanel } from './qa';

// No token (or a refused one): the participant joins first.
mountAttendeePage({
  page: 'participant',
  redirectWhenInvalid: '/join',
  panels: (session) => {
    const questions = new QuestionPanel(session);
    const board = new ProposalBoard(session, {
      list: byTestId('proposal-list'),
      notice: byTestId('board-notice'),
      interactive: true,
      onAsk: (id) => questions.askAbout({ kind: 'proposal', id }),
    });
    // The polls and the reactions go above the board: they are what the room is asked to do now.
    const polls = new PollPanel(session);
    const reactions = new ReactionBar(session);
    // A name the content filter held at check-in: the room sees a placeholder; the person sees theirs waiting.
    const nameWaiting = el('p', { className: 'held-reason', 'data-testid': 'name-waiting', hidden: true });
    const name = {
      update: () => {
        const me = session.state.me;
        setText(nameWaiting, me?.nameWaiting ? t.nameWaiting(me.name) : '');
        show(nameWaiting, me?.nameWaiting === true);
      },
    };
    byTestId('proposal-list').closest('section')?.before(nameWaiting, reactions.root, polls.root);
    return [name, reactions, polls, { update: () => board.update() }, questions, new PracticeWall(session), new ReflectionPanel(session), new BadgePanel(session)];
  },
});
