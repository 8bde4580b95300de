// The room screen: 1920×1080, no scrolling, large type. Event title, join URL and code, now presenting with
// a big countdown, next up, how many participants have checked in, the board's top proposals (ranked, up to
// six, each with a bar as long as its upvotes relative to the top one) and the question on the screen.

import '../styles.css';
import { byTestId, el, setAttr, setText, show } from '../dom';
import { formatNumber } from '../format';
import { t } from '../i18n';
import type { EventState } from '../state';
import type { Proposal } from '../types';
import { KeyedList } from '../keyed-list';
import { NowCard, startLivePage } from './live';
import { joinQrSrc, joinUrl } from './join-code';
import { statusText } from './proposals';
import { AnswerView, askerLabel, targetLabel } from './questions';
import { ProjectorPoll, ProjectorReactions } from './projector-poll';

/** Rows of the board; fewer while a question is on the screen, which then needs the room. */
const BOARD_ROWS = 6;
const BOARD_ROWS_WITH_QUESTION = 3;

const stage = byTestId('board-section').parentElement as HTMLElement;
const title = document.querySelector<HTMLElement>('[data-testid="event-title"]');
const code = document.querySelector<HTMLElement>('[data-testid="join-code"]');
const url = document.querySelector<HTMLElement>('[data-testid="join-url"]');
const attendance = document.querySelector<HTMLElement>('[data-testid="attendance"]');
const qr = byTestId<HTMLImageElement>('join-qr');
let now: NowCard | null = null;
const screenPoll = new ProjectorPoll();
const reactions = new ProjectorReactions();
stage.append(screenPoll.root, reactions.root);

// ---------------------------------------------------------------- the board

interface BoardRow {
  li: HTMLLIElement;
  rank: HTMLElement;
  title: HTMLElement;
  owner: HTMLElement;
  fill: HTMLElement;
  count: HTMLElement;
  countWord: HTMLElement;
  members: HTMLElement;
}

const boardSection = byTestId('board-section');
const board = byTestId('board');

function makeBoardRow(id: number): BoardRow {
  const row: BoardRow = {
    li: el('li', { className: 'board-row', 'data-testid': `board-row-${id}` }),
    rank: el('span', { className: 'board-rank', 'aria-hidden': 'true' }),
    title: el('p', { className: 'board-title', 'data-testid': 'board-title' }),
    owner: el('p', { className: 'board-owner', 'data-testid': 'board-owner' }),
    fill: el('span', { className: 'board-fill' }),
    count: el('span', { className: 'board-count', 'data-testid': 'board-count' }, '0'),
    countWord: el('span', { className: 'board-count-word' }),
    members: el('span', { className: 'board-members', 'data-testid': 'board-members' }),
  };
  row.li.append(
    row.rank,
    el('div', { className: 'board-body' }, [row.title, row.owner, el('div', { className: 'board-bar', 'aria-hidden': 'true' }, [row.fill])]),
    el('p', { className: 'board-counts' }, [row.count, row.countWord, row.members]),
  );
  return row;
}

/** A proposal on the board and its bar's length, relative to the top one's upvotes (0 to 1). */
interface Ranked {
  proposal: Proposal;
  share: number;
}

const boardRows = new KeyedList<Ranked, number, BoardRow>(board, {
  key: ({ proposal }) => proposal.id,
  create: ({ proposal }) => makeBoardRow(proposal.id),
  node: (row) => row.li,
  update: fillBoardRow,
});

function fillBoardRow(row: BoardRow, { proposal, share }: Ranked, index: number): void {
  setAttr(row.li, 'data-status', proposal.status);
  setText(row.rank, String(index + 1));
  setText(row.title, proposal.title);
  const owner = proposal.ownerOrganisation || proposal.ownerName;
  setText(row.owner, proposal.status === 'open' ? owner : `${owner} · ${statusText(proposal.status)}`);
  setText(row.count, formatNumber(proposal.upvotes));
  setText(row.countWord, t.upvotesWord(proposal.upvotes));
  setText(row.members, `${proposal.members} ${t.membersWord(proposal.members)}`);
  // Through the CSSOM, never through markup.
  const width = `${Math.round(share * 1000) / 10}%`;
  if (row.fill.style.width !== width) row.fill.style.width = width;
}

function renderBoard(state: EventState): void {
  const top: Proposal[] = state.rankedProposals.slice(0, state.screenQuestion ? BOARD_ROWS_WITH_QUESTION : BOARD_ROWS);
  const most = Math.max(0, ...top.map((p) => p.upvotes));
  boardRows.render(top.map((proposal) => ({ proposal, share: most > 0 ? proposal.upvotes / most : 0 })));
  show(boardSection, top.length > 0);
  setAttr(stage, 'data-board', top.length > 0 ? 'true' : null);
}

// ---------------------------------------------------------------- the question on the screen

const screenSection = byTestId('screen-question');
const screenText = byTestId('screen-question-text');
const screenMeta = byTestId('screen-question-meta');
const screenAnswer = new AnswerView('screen-question');
screenSection.append(screenAnswer.root);

function renderScreen(state: EventState): void {
  const question = state.screenQuestion;
  show(screenSection, question !== null);
  setAttr(stage, 'data-screen', question ? 'true' : null);
  if (!question) return;
  setText(screenText, question.text);
  setText(screenMeta, [askerLabel(question), targetLabel(question, state)].join(' · '));
  screenAnswer.fill(question.answer ?? null);
}

/** The join QR, drawn by this hub (`/api/qr/join/{code}.svg`) for the same address the page shows in text. */
function renderQr(img: HTMLImageElement, code: string): void {
  if (!code) return;
  const src = joinQrSrc(code);
  if (img.getAttribute('src') !== src) img.src = src;
  setAttr(img, 'alt', t.qrJoinAlt);
  show(img, true);
}

// ---------------------------------------------------------------- start

startLivePage({
  page: 'projector',
  render(session) {
    const state = session.state;
    now ??= new NowCard(document, session.clock);
    if (title) setText(title, state.event.title);
    if (state.event.title) document.title = `${state.event.title} · StakeholderHub`;
    if (code) setText(code, state.event.joinCode);
    if (url) setText(url, state.event.joinCode ? joinUrl(state.event.joinCode) : '');
    renderQr(qr, state.event.joinCode);
    if (attendance) setText(attendance, t.projectorCheckedIn(state.attendance.participants));
    now.update(state);
    renderBoard(state);
    renderScreen(state);
    // A poll on the screen takes the board's place (and the question's): the room answers it now.
    if (screenPoll.update(state)) {
      show(boardSection, false);
      show(screenSection, false);
      setAttr(stage, 'data-screen', null);
      setAttr(stage, 'data-board', null);
      setAttr(stage, 'data-poll', 'true');
    } else {
      setAttr(stage, 'data-poll', null);
    }
    reactions.update(state);
  },
});
