// The moderator's page (/moderator, opened with the personal link the facilitator made): Now / Next, the Q&A to
// moderate (moderation on or off, publish, dismiss, restore, answer or mark answered, the question on the screen and
// whether it stays there when the programme moves on) and the practice wall (hide, show again, what the content
// filter held and why). Nothing of the agenda, the polls, the badges or the people: the hub refuses those to a
// moderator and sends a moderator none of their data (docs/protocol.md, "Roles").

import '../styles.css';
import { byTestId, el, setAttr, setText, show } from '../dom';
import { t } from '../i18n';
import { KeyedList } from '../keyed-list';
import type { LiveSession } from '../session';
import type { EventState } from '../state';
import type { Practice } from '../types';
import { attempt } from '../ui';
import { PracticeCard } from './badge';
import { NowCard, startLivePage } from './live';
import { ModeratedQuestions } from './question-moderation';

let session: LiveSession | null = null;

setText(byTestId('moderator-role'), t.moderator.title);
setText(byTestId('moderator-intro'), t.moderator.intro);
setText(byTestId('practices-intro'), t.moderator.practicesIntro);
setText(byTestId('screen-pin-label'), t.moderator.pin);

// ---------------------------------------------------------------- questions

const moderationToggle = byTestId<HTMLInputElement>('moderation-toggle');
const screenStatus = byTestId('screen-status');
const screenClear = byTestId<HTMLButtonElement>('screen-clear');
const screenPin = byTestId<HTMLInputElement>('screen-pin');
const questionSort = byTestId<HTMLSelectElement>('question-sort');
const questionsNotice = byTestId('questions-notice');
let moderationBusy = false;
let pinBusy = false;

const questions = new ModeratedQuestions({
  list: byTestId('mod-question-list'),
  notice: questionsNotice,
  session: () => session,
  rerender: (state) => render(state),
});

moderationToggle.addEventListener('change', () => {
  const live = session;
  if (!live || moderationBusy) return;
  const on = moderationToggle.checked;
  moderationBusy = true;
  render(live.state);
  void attempt(questionsNotice, () => live.act('SetModeration', on)).then(() => {
    moderationBusy = false;
    render(live.state); // back to the real setting after a refusal
  });
});

screenPin.addEventListener('change', () => {
  const live = session;
  if (!live || pinBusy) return;
  const pinned = screenPin.checked;
  pinBusy = true;
  render(live.state);
  void attempt(questionsNotice, () => live.act('PinScreen', pinned)).then(() => {
    pinBusy = false;
    render(live.state);
  });
});

screenClear.addEventListener('click', () => void questions.showQuestion(null));
questionSort.addEventListener('change', () => {
  if (session) render(session.state);
});

// ---------------------------------------------------------------- practices

interface PracticeRow {
  card: PracticeCard;
  hidden: HTMLElement;
  held: HTMLElement;
  toggle: HTMLButtonElement;
  busy: boolean;
}

const practicesNotice = byTestId('practices-notice');
const practiceRows = new KeyedList<Practice, number, PracticeRow>(byTestId('mod-practice-list'), {
  key: (practice) => practice.id,
  create: (practice) => makePracticeRow(practice.id),
  node: (row) => row.card.li,
  update: (row, practice) => fillPractice(row, practice),
  empty: el('li', { className: 'list-empty' }, t.practicesEmpty),
});

function makePracticeRow(id: number): PracticeRow {
  const card = new PracticeCard(id, `mod-practice-${id}`);
  const hidden = el('span', { className: 'badge', hidden: true }, t.facPracticeHidden);
  const held = el('p', { className: 'held-reason', hidden: true, 'data-testid': `practice-held-${id}` });
  const toggle = el('button', { type: 'button', className: 'btn small', 'data-testid': `practice-toggle-${id}` });
  card.li.prepend(hidden);
  card.li.append(held, el('div', { className: 'button-row' }, [toggle]));
  toggle.addEventListener('click', () => void togglePractice(id));
  return { card, hidden, held, toggle, busy: false };
}

function fillPractice(row: PracticeRow, practice: Practice): void {
  row.card.fill(practice);
  show(row.hidden, practice.hidden);
  setText(row.held, practice.heldFor ? t.polls.heldFor(practice.heldFor) : '');
  show(row.held, Boolean(practice.heldFor));
  setText(row.toggle, practice.hidden ? t.facShowPractice : t.facHidePractice);
  // The visible words begin the accessible name (WCAG 2.5.3), then the practice it acts on.
  setAttr(row.toggle, 'aria-label', `${practice.hidden ? t.facShowPractice : t.facHidePractice}: ${practice.title}`);
  row.toggle.disabled = row.busy;
}

async function togglePractice(id: number): Promise<void> {
  const live = session;
  const row = practiceRows.get(id);
  const practice = live?.state.practices.find((p) => p.id === id);
  if (!live || !row || !practice || row.busy) return;
  row.busy = true;
  render(live.state);
  await attempt(practicesNotice, () => live.act(practice.hidden ? 'ShowPractice' : 'HidePractice', id));
  row.busy = false;
  render(live.state);
}

// ---------------------------------------------------------------- start

const title = byTestId('event-title');
const greeting = byTestId('greeting');
let now: NowCard | null = null;

function render(state: EventState): void {
  if (!moderationBusy) moderationToggle.checked = state.settings.moderation;
  moderationToggle.disabled = moderationBusy;
  setAttr(moderationToggle, 'aria-busy', moderationBusy ? 'true' : null);
  if (!pinBusy) screenPin.checked = state.projector.pinned;
  screenPin.disabled = pinBusy;
  const onScreen = state.screenQuestion;
  setText(screenStatus, onScreen ? t.facScreenShowing(onScreen.text) : t.facScreenEmpty);
  screenClear.disabled = questions.screenBusy || state.screen.questionId === null;
  questions.render(state.questions, questionSort.value);
  // Newest first; what waits for a decision (held by the filter) before the rest.
  practiceRows.render([...state.practices].sort((a, b) => Number(Boolean(b.heldFor)) - Number(Boolean(a.heldFor)) || b.id - a.id));
}

session = startLivePage({
  page: 'moderator',
  render(live) {
    const state = live.state;
    now ??= new NowCard(document, live.clock);
    setText(title, state.event.title);
    document.title = state.event.title ? `${t.moderator.title} · ${state.event.title}` : t.moderator.title;
    const name = state.me?.name ?? '';
    setText(greeting, name ? t.moderator.greeting(name) : '');
    now.update(state);
    render(state);
  },
});
