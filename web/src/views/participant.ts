import '../styles.css';
import { byTestId } from '../dom';
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
    byTestId('proposal-list').closest('section')?.before(reactions.root, polls.root);
    return [reactions, polls, { update: () => board.update() }, questions, new PracticeWall(session), new ReflectionPanel(session), new BadgePanel(session)];
  },
});
