// The room screen: 1920×1080 down to 1024×768, no scrolling, type read from the back row. Event title, join QR,
// address and code, now presenting with a big countdown, next up, how many participants have checked in, and one
// view at a time (projector-modes.ts): the board's top proposals (ranked, each with a bar as long as its upvotes
// relative to the top one), the spotlight on the pitch running (spotlight.ts), the question on the screen, the join
// panel alone, or a pause. Long texts are fitted to their boxes by fit.ts after every render.

import '../styles.css';
import '../projector.css';
import { byTestId, el, setAttr, setText, show } from '../dom';
import { formatNumber, shownName } from '../format';
import { fitAll } from '../fit';
import { t } from '../i18n';
import type { EventState } from '../state';
import type { Proposal } from '../types';
import { KeyedList } from '../keyed-list';
import { NowCard, startLivePage } from './live';
import { joinQrSrc, joinUrl } from './join-code';
import { statusText } from './proposals';
import { AnswerView, askerLabel, targetLabel } from './questions';
import { ProjectorPoll, ProjectorReactions } from './projector-poll';
import { joinAddressParts, stageView } from './projector-modes';
import { Spotlight } from './spotlight';

/** Rows of the board at most; fit.ts drops the last ones a smaller screen has no room for. */
const BOARD_ROWS = 6;

const stage = byTestId('board-section').closest('main') as HTMLElement;
const title = document.querySelector<HTMLElement>('[data-testid="event-title"]');
const code = document.querySelector<HTMLElement>('[data-testid="join-code"]');
const url = document.querySelector<HTMLElement>('[data-testid="join-url"]');
const attendance = document.querySelector<HTMLElement>('[data-testid="attendance"]');
const qr = byTestId<HTMLImageElement>('join-qr');
const pause = byTestId('pause');
let now: NowCard | null = null;
const screenPoll = new ProjectorPoll();
const reactions = new ProjectorReactions();
stage.append(screenPoll.root, reactions.root);
let spotlight: Spotlight | null = null;
let joinAddress = '';

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
    li: el('li', { className: 'board-row', 'data-testid': `board-row-${id}`, 'data-droppable': '' }),
    rank: el('span', { className: 'board-rank', 'aria-hidden': 'true' }),
    title: el('p', { className: 'board-title', 'data-testid': 'board-title', 'data-lines': '2' }),
    owner: el('p', { className: 'board-owner', 'data-testid': 'board-owner', 'data-lines': '1' }),
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
  const owner = proposal.ownerOrganisation || shownName(proposal.ownerName);
  setText(row.owner, proposal.status === 'open' ? owner : `${owner} · ${statusText(proposal.status)}`);
  setText(row.count, formatNumber(proposal.upvotes));
  setText(row.countWord, t.upvotesWord(proposal.upvotes));
  setText(row.members, `${proposal.members} ${t.membersWord(proposal.members)}`);
  // Through the CSSOM, never through markup.
  const width = `${Math.round(share * 1000) / 10}%`;
  if (row.fill.style.width !== width) row.fill.style.width = width;
}

function renderBoard(state: EventState, visible: boolean): void {
  const top: Proposal[] = state.rankedProposals.slice(0, BOARD_ROWS);
  const most = Math.max(0, ...top.map((p) => p.upvotes));
  boardRows.render(top.map((proposal) => ({ proposal, share: most > 0 ? proposal.upvotes / most : 0 })));
  show(boardSection, visible && top.length > 0);
  setAttr(stage, 'data-board', visible && top.length > 0 ? 'true' : null);
}

// ---------------------------------------------------------------- the question on the screen

const screenSection = byTestId('screen-question');
const screenText = byTestId('screen-question-text');
const screenMeta = byTestId('screen-question-meta');
const screenAnswer = new AnswerView('screen-question');
screenSection.append(screenAnswer.root);
for (const part of screenAnswer.root.querySelectorAll<HTMLElement>('.answer-text, .answer-note')) part.dataset['lines'] = '4';

function renderScreen(state: EventState, visible: boolean): void {
  const question = state.screenQuestion;
  show(screenSection, visible && question !== null);
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

/** The join address, breakable only between its parts (projector-modes.ts), rebuilt only when it changes. */
function renderJoinAddress(node: HTMLElement, address: string): void {
  if (address === joinAddress) return;
  joinAddress = address;
  node.replaceChildren(...joinAddressParts(address));
}

// ---------------------------------------------------------------- start

startLivePage({
  page: 'projector',
  render(session) {
    const state = session.state;
    now ??= new NowCard(document, session.clock);
    if (!spotlight) {
      spotlight = new Spotlight(session.clock);
      byTestId('stage-body').append(spotlight.root);
    }
    if (title) setText(title, state.event.title);
    if (state.event.title) document.title = `${state.event.title} · StakeholderHub`;
    if (code) setText(code, state.event.joinCode);
    if (url) renderJoinAddress(url, state.event.joinCode ? joinUrl(state.event.joinCode) : '');
    renderQr(qr, state.event.joinCode);
    if (attendance) setText(attendance, t.projectorCheckedIn(state.attendance.participants));

    // A poll on the screen takes the place of every other view: the room answers it now.
    const polling = screenPoll.update(state);
    const view: string = polling ? 'poll' : stageView(state);
    setAttr(stage, 'data-view', view);
    setAttr(stage, 'data-qr', view === 'qr' ? 'shown' : state.projector.qr);
    setAttr(stage, 'data-poll', polling ? 'true' : null);
    now.update(state);
    renderBoard(state, view === 'board');
    renderScreen(state, view === 'question');
    spotlight.update(view === 'spotlight' ? state.currentPitch : null, state);
    show(spotlight.root, view === 'spotlight');
    show(pause, view === 'blank');
    reactions.update(state);
    fitAll(stage);
  },
});

// A new window size changes every box; fit once the resizing settles.
let resizing: number | undefined;
window.addEventListener('resize', () => {
  window.clearTimeout(resizing);
  resizing = window.setTimeout(() => fitAll(stage), 100);
});
