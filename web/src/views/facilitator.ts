// The facilitator's page: the run-of-show bar that stays in view (now and next, the pitch's and the item's timers,
// Next, +1, +5, clearing the screen, the projector's mode; Alt+N, Alt+1 and Alt+C), the agenda editor (start, edit,
// remove, move, add; its total against the session's end; import and export; its pitches and the session's times in
// ./pitch-editor.ts), the questions (sorted, filtered to
// what is on stage), the join code and link, the people who joined (searchable), stakeholder and moderator invites, and the badge
// panel (./badge-admin.ts).

import '../styles.css';
import { downloadFile, getJson, imageUrl, postFile, postJson, readable } from '../api';
import { formatCountdown, onTick, parseTime } from '../clock';
import { byId, byTestId, el, setAttr, setText, show } from '../dom';
import { countryName, formatTime } from '../format';
import type { HubArgs, HubChange } from '../hub';
import { t } from '../i18n';
import { KeyedList } from '../keyed-list';
import type { LiveSession, StateReason } from '../session';
import type { EventState } from '../state';
import {
  AGENDA_KINDS,
  type AgendaItem,
  type AgendaItemInput,
  type AgendaKind,
  type Invited,
  type Person,
  type ProjectorMode,
  type QrPanel,
  type Question,
} from '../types';
import { announce, askFirst, attempt, toast } from '../ui';
import { BadgeAdmin } from './badge-admin';
import { HeldUpdates } from './held-updates';
import { PitchEditor } from './pitch-editor';
import { PollAdmin } from './poll-admin';
import { PrivacyAdmin } from './privacy-admin';
import { fillAgendaRow, NowCard, startLivePage } from './live';
import { joinQrSrc, joinUrl } from './join-code';
import { ModeratedQuestions } from './question-moderation';
import { ManagedProposals } from './manage';
import { ProposalForm } from './proposal-form';

// ---------------------------------------------------------------- busy: one agenda call at a time

/**
 * Agenda calls run one at a time: a move computes the full id order from the state, so it must see the
 * previous call's result first. While one runs, every agenda button is disabled; `act` resolves once the
 * change is in our state, so the buttons come back on over the updated agenda.
 */
let busy = false;
let session: LiveSession | null = null;

async function agendaCall<M extends HubChange>(button: HTMLButtonElement | null, method: M, ...args: HubArgs<M>): Promise<boolean> {
  if (busy || !session) return false;
  busy = true;
  button?.setAttribute('aria-busy', 'true');
  refreshControls();
  try {
    await session.act(method, ...args);
    return true;
  } catch (error) {
    toast(readable(error));
    return false;
  } finally {
    busy = false;
    button?.removeAttribute('aria-busy');
    refreshControls();
  }
}

function kindSelect(attrs: Record<string, string>, value: AgendaKind = 'talk'): HTMLSelectElement {
  const select = el('select', attrs);
  for (const kind of AGENDA_KINDS) select.append(el('option', { value: kind }, t.kind[kind]));
  select.value = value;
  return select;
}

/**
 * Fills a presenter-stakeholder select (`""` = none) with the event's stakeholders, keeping its value; an id no
 * longer among them stays as an option so an edit does not silently drop it.
 */
function fillStakeholderSelect(select: HTMLSelectElement, people: readonly Person[], value: string = select.value): void {
  const stakeholders = people.filter((p) => p.role === 'stakeholder');
  const key = JSON.stringify([stakeholders.map((p) => [p.id, p.name, p.organisation]), value]);
  if (select.dataset['key'] === key) return;
  select.dataset['key'] = key;
  const options = [el('option', { value: '' }, t.facFieldStakeholderNone)];
  for (const person of stakeholders) {
    options.push(el('option', { value: String(person.id) }, person.organisation ? `${person.name} · ${person.organisation}` : person.name));
  }
  if (value && !stakeholders.some((p) => String(p.id) === value)) options.push(el('option', { value }, `#${value}`));
  select.replaceChildren(...options);
  select.value = value;
}

// ---------------------------------------------------------------- queue control

const nextButton = byTestId<HTMLButtonElement>('next-item');
const extend5 = byTestId<HTMLButtonElement>('extend-5');
const extend1 = byTestId<HTMLButtonElement>('extend-1');
const barClear = byTestId<HTMLButtonElement>('bar-clear-screen');
nextButton.addEventListener('click', () => void agendaCall(nextButton, 'NextAgendaItem'));
extend5.addEventListener('click', () => void extend(extend5, 5));
extend1.addEventListener('click', () => void extend(extend1, 1));
barClear.addEventListener('click', () => void questions.showQuestion(null));

/** More minutes for what is on stage: the running pitch (and so its item), else the current item. */
function extend(button: HTMLButtonElement, minutes: number): Promise<boolean> {
  return session?.state.currentPitch
    ? agendaCall(button, 'ExtendPitch', minutes)
    : agendaCall(button, 'ExtendAgendaItem', minutes);
}

// Alt+N, Alt+1, Alt+C (announced with aria-keyshortcuts and the hint under the bar). By the key's place, not its
// character: Alt+N types "˜" on a Mac.
const SHORTCUTS: Record<string, HTMLButtonElement> = { KeyN: nextButton, Digit1: extend1, KeyC: barClear };
document.addEventListener('keydown', (event) => {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const button = SHORTCUTS[event.code];
  if (!button) return;
  event.preventDefault();
  if (!button.disabled) button.click();
});

// The item's own countdown beside the pitch's, while a pitch runs (the main countdown then shows the pitch's).
const itemTimer = byTestId('item-timer');
const itemCountdown = byTestId('item-countdown');
onTick(() => {
  tickItemTimer();
  // While an item overruns, the agenda's planned end moves with the clock.
  if (session) renderAgendaTotal(session.state);
});

function tickItemTimer(): void {
  const state = session?.state;
  const endsAt = state?.currentPitch ? parseTime(state.current?.endsAt) : null;
  show(itemTimer, endsAt !== null);
  if (endsAt === null || !session) return;
  const { text, overrun } = formatCountdown(endsAt, session.clock.now());
  setText(itemCountdown, text);
  setAttr(itemCountdown, 'data-overrun', overrun ? 'true' : null);
}

// ---------------------------------------------------------------- the projector's mode

const PROJECTOR_MODES: readonly ProjectorMode[] = ['auto', 'board', 'spotlight', 'question', 'qr', 'blank'];
const QR_PANELS: readonly QrPanel[] = ['shown', 'small', 'hidden'];
const projectorMode = byTestId<HTMLSelectElement>('projector-mode');
const projectorQr = byTestId<HTMLSelectElement>('projector-qr');
projectorMode.append(...PROJECTOR_MODES.map((mode) => el('option', { value: mode }, t.projectorModes[mode])));
projectorQr.append(...QR_PANELS.map((qr) => el('option', { value: qr }, t.qrSizes[qr])));
let projectorBusy = false;

for (const select of [projectorMode, projectorQr]) {
  select.addEventListener('change', () => {
    const live = session;
    if (!live || projectorBusy) return;
    projectorBusy = true;
    renderProjector(live.state);
    const input = { mode: projectorMode.value as ProjectorMode, qr: projectorQr.value as QrPanel };
    void attempt(questionsNotice, () => live.act('SetProjector', input)).then(() => {
      projectorBusy = false;
      renderProjector(live.state); // back to the real setting after a refusal
    });
  });
}

function renderProjector(state: EventState): void {
  if (!projectorBusy) {
    projectorMode.value = state.projector.mode;
    projectorQr.value = state.projector.qr;
  }
  projectorMode.disabled = projectorBusy;
  projectorQr.disabled = projectorBusy;
}

// ---------------------------------------------------------------- agenda editor

interface Row {
  li: HTMLLIElement;
  start: HTMLButtonElement;
  up: HTMLButtonElement;
  down: HTMLButtonElement;
  edit: HTMLButtonElement;
  remove: HTMLButtonElement;
  view: HTMLElement;
  confirm: HTMLElement;
  confirmYes: HTMLButtonElement;
  form: HTMLFormElement | null;
}

const agendaList = byTestId<HTMLOListElement>('agenda-list');
let editingId: number | null = null;
const rows = new KeyedList<AgendaItem, number, Row>(agendaList, {
  key: (item) => item.id,
  create: (item) => makeRow(item),
  node: (row) => row.li,
  update: fillRow,
  empty: el('li', { className: 'agenda-empty', 'data-status': 'empty' }, t.agendaEmpty),
  removed: (id) => {
    if (editingId === id) editingId = null;
  },
});

function itemIds(state: EventState): number[] {
  return state.agenda.items.map((item) => item.id);
}

function makeRow(item: AgendaItem): Row {
  const id = item.id;
  const button = (testId: string, label: string, className = 'btn small') =>
    el('button', { type: 'button', className, 'data-testid': `${testId}-${id}` }, label);
  const start = button('start-item', t.facStart, 'btn small primary');
  const up = button('move-up', '↑', 'btn small icon');
  const down = button('move-down', '↓', 'btn small icon');
  const edit = button('edit-item', t.facEdit);
  const remove = button('remove-item', t.facRemove, 'btn small danger-outline');
  const actions = el('div', { className: 'row-actions', role: 'group' }, [start, up, down, edit, remove]);
  const view = el('div', { className: 'row-view' }, [
    el('span', { className: 'agenda-status' }),
    el('span', { className: 'agenda-body' }, [el('span', { className: 'agenda-title' }), el('span', { className: 'agenda-meta' })]),
    el('span', { className: 'agenda-minutes' }),
    actions,
  ]);
  const confirmYes = el('button', { type: 'button', className: 'btn small danger', 'data-testid': `confirm-remove-${id}` }, t.facRemoveYes);
  const confirmNo = el('button', { type: 'button', className: 'btn small', 'data-testid': `cancel-remove-${id}` }, t.facCancel);
  const confirm = el('div', { className: 'row-confirm', hidden: true }, [el('span', {}, t.facRemoveConfirm), confirmYes, confirmNo]);
  const li = el('li', { className: 'agenda-item', 'data-item-id': id }, [view, confirm]);
  const row: Row = { li, start, up, down, edit, remove, view, confirm, confirmYes, form: null };

  start.addEventListener('click', () => void agendaCall(start, 'StartAgendaItem', id));
  up.addEventListener('click', () => void move(id, -1, up));
  down.addEventListener('click', () => void move(id, +1, down));
  edit.addEventListener('click', () => openEditor(id));
  remove.addEventListener('click', () => {
    show(confirm, true);
    confirmNo.focus();
  });
  confirmNo.addEventListener('click', () => {
    show(confirm, false);
    remove.focus();
  });
  confirmYes.addEventListener('click', () => {
    void agendaCall(confirmYes, 'RemoveAgendaItem', id).then((ok) => {
      if (ok) show(confirm, false);
    });
  });
  return row;
}

async function move(id: number, delta: number, button: HTMLButtonElement): Promise<void> {
  if (!session) return;
  const ids = itemIds(session.state);
  const from = ids.indexOf(id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= ids.length) return;
  [ids[from], ids[to]] = [ids[to] as number, ids[from] as number];
  const ok = await agendaCall(button, 'ReorderAgenda', ids);
  // Keep focus on the moved item's button so repeated moves work from the keyboard.
  if (ok) (delta < 0 ? rows.get(id)?.up : rows.get(id)?.down)?.focus();
}

function openEditor(id: number): void {
  if (!session) return;
  const item = session.state.agenda.items.find((i) => i.id === id);
  const row = rows.get(id);
  if (!item || !row) return;
  if (editingId !== null && editingId !== id) closeEditor(editingId);
  editingId = id;
  if (row.form) return;

  const field = (label: string, input: HTMLElement, wide = false) => {
    const inputId = `edit-${input.dataset['testid'] ?? ''}`;
    input.id = inputId;
    return el('div', { className: wide ? 'field span-2' : 'field' }, [el('label', { for: inputId }, label), input]);
  };
  const title = el('input', { required: true, 'data-max-chars': 120, 'data-testid': 'edit-item-title', value: item.title });
  const presenter = el('input', { 'data-max-chars': 80, 'data-testid': 'edit-item-presenter', value: item.presenter });
  const organisation = el('input', { 'data-max-chars': 120, 'data-testid': 'edit-item-organisation', value: item.organisation });
  const kind = kindSelect({ 'data-testid': 'edit-item-kind' }, item.kind);
  const stakeholder = el('select', { 'data-testid': 'edit-item-stakeholder' });
  fillStakeholderSelect(stakeholder, session.state.people, item.stakeholderId === null ? '' : String(item.stakeholderId));
  const minutes = el('input', {
    type: 'number', min: 1, max: 240, step: 1, required: true, inputmode: 'numeric',
    'data-testid': 'edit-item-minutes', value: item.plannedMinutes,
  });
  const save = el('button', { type: 'submit', className: 'btn primary', 'data-testid': 'edit-item-save' }, t.facSave);
  const cancel = el('button', { type: 'button', className: 'btn', 'data-testid': 'edit-item-cancel' }, t.facCancel);
  const form = el('form', { className: 'item-form row-edit', 'data-testid': `edit-form-${id}` }, [
    field(t.facFieldTitle, title, true),
    field(t.facFieldPresenter, presenter),
    field(t.facFieldOrganisation, organisation),
    field(t.facFieldKind, kind),
    field(t.facFieldMinutes, minutes),
    field(t.facFieldStakeholder, stakeholder, true),
    el('div', { className: 'span-2 button-row' }, [save, cancel]),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = readItemForm(title, presenter, organisation, kind, minutes, stakeholder);
    if (!input) return;
    void agendaCall(save, 'EditAgendaItem', id, input).then((ok) => {
      if (ok) closeEditor(id, true);
    });
  });
  cancel.addEventListener('click', () => closeEditor(id, true));
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeEditor(id, true);
  });
  row.form = form;
  row.li.append(form);
  show(row.view, false);
  refreshControls();
  title.focus();
}

function closeEditor(id: number, focusEdit = false): void {
  const row = rows.get(id);
  if (editingId === id) editingId = null;
  if (!row) return;
  row.form?.remove();
  row.form = null;
  show(row.view, true);
  if (focusEdit) row.edit.focus();
}

/** Reads and checks an item form; shows the browser's message on the first bad field. */
function readItemForm(
  title: HTMLInputElement,
  presenter: HTMLInputElement,
  organisation: HTMLInputElement,
  kind: HTMLSelectElement,
  minutes: HTMLInputElement,
  stakeholder: HTMLSelectElement,
): AgendaItemInput | null {
  for (const input of [title, presenter, organisation]) input.value = input.value.trim();
  for (const input of [title, presenter, organisation, minutes]) {
    if (!input.checkValidity()) {
      input.reportValidity();
      return null;
    }
  }
  return {
    title: title.value,
    presenter: presenter.value,
    organisation: organisation.value,
    kind: kind.value as AgendaKind,
    plannedMinutes: Number(minutes.value),
    stakeholderId: stakeholder.value ? Number(stakeholder.value) : null,
  };
}

function fillRow(row: Row, item: AgendaItem): void {
  fillAgendaRow(row.li, item);
  setText(row.start, item.status === 'done' ? t.facRestart : t.facStart);
  setAttr(row.start, 'aria-label', `${item.status === 'done' ? t.facRestart : t.facStart}: ${item.title}`);
  setAttr(row.up, 'aria-label', `${t.facMoveUp}: ${item.title}`);
  setAttr(row.down, 'aria-label', `${t.facMoveDown}: ${item.title}`);
  setAttr(row.edit, 'aria-label', `${t.facEdit}: ${item.title}`);
  setAttr(row.remove, 'aria-label', `${t.facRemove}: ${item.title}`);
}

const agendaSummary = byTestId('agenda-summary');
const agendaOverrun = byTestId('agenda-overrun');

function renderAgenda(state: EventState): void {
  rows.render(state.agenda.items);
  renderAgendaTotal(state);
}

/**
 * The agenda's total minutes and where it ends: from the session's planned start (or, once an item has started, from
 * now and what is left), against the session's planned end, with a warning when it runs past it.
 */
function renderAgendaTotal(state: EventState): void {
  const items = state.agenda.items;
  const total = items.reduce((sum, item) => sum + item.plannedMinutes, 0);
  const startsAt = parseTime(state.agenda.startsAt);
  const endsAt = parseTime(state.agenda.endsAt);
  const current = state.current;
  let plannedEnd: number | null = null;
  if (current && session) {
    const left = items.filter((item) => item.status === 'planned').reduce((sum, item) => sum + item.plannedMinutes, 0);
    const currentEnd = parseTime(current.endsAt) ?? session.clock.now();
    plannedEnd = Math.max(currentEnd, session.clock.now()) + left * 60_000;
  } else if (startsAt !== null) {
    plannedEnd = startsAt + total * 60_000;
  }
  const parts = [t.facAgendaTotal(total)];
  if (plannedEnd !== null) parts.push(t.facAgendaEnd(formatTime(new Date(plannedEnd).toISOString())));
  if (endsAt !== null && state.agenda.endsAt) parts.push(t.facAgendaSessionEnd(formatTime(state.agenda.endsAt)));
  setText(agendaSummary, parts.join(' · '));
  const over = plannedEnd !== null && endsAt !== null ? Math.ceil((plannedEnd - endsAt) / 60_000) : 0;
  setText(agendaOverrun, over > 0 ? t.facAgendaOverrun(over) : '');
  setAttr(agendaOverrun, 'data-minutes', over > 0 ? String(over) : null);
  show(agendaOverrun, over > 0);
}

const exportAgendaJson = byTestId<HTMLButtonElement>('export-agenda-json');
const exportAgendaCsv = byTestId<HTMLButtonElement>('export-agenda-csv');
const agendaImport = byTestId<HTMLInputElement>('agenda-import');
const agendaNotice = byTestId('agenda-notice');

for (const [button, name] of [[exportAgendaJson, 'agenda.json'], [exportAgendaCsv, 'agenda.csv']] as const) {
  button.addEventListener('click', () => {
    const live = session;
    if (!live) return;
    button.disabled = true;
    void attempt(agendaNotice, () => downloadFile(`/api/${name}`, live.token, name)).then((ok) => {
      button.disabled = false;
      if (ok) announce(agendaNotice, t.downloadStarted);
    });
  });
}

agendaImport.addEventListener('change', () => {
  const live = session;
  const file = agendaImport.files?.[0];
  if (!live || !file) return;
  const csv = /\.csv$/i.test(file.name) || file.type === 'text/csv';
  agendaImport.disabled = true;
  void attempt(agendaNotice, async () => {
    const ack = await postFile<{ version: number }>(csv ? '/api/agenda.csv' : '/api/agenda.json', await file.text(), csv ? 'text/csv' : 'application/json', live.token);
    await live.waitForVersion(ack.version);
  }).then((ok) => {
    agendaImport.disabled = false;
    agendaImport.value = '';
    if (ok) announce(agendaNotice, t.facAgendaImported);
  });
});

/** Enables what makes sense for the current state, and nothing while an agenda call is in flight. */
function refreshControls(): void {
  const state = session?.state;
  const items = state?.agenda.items ?? [];
  const current = state?.current ?? null;
  const anyPlanned = items.some((item) => item.status === 'planned');
  nextButton.disabled = busy || (!current && !anyPlanned);
  extend5.disabled = busy || !current;
  extend1.disabled = busy || !current;
  items.forEach((item, index) => {
    const row = rows.get(item.id);
    if (!row) return;
    const isCurrent = item.status === 'current';
    row.start.disabled = busy || isCurrent;
    row.up.disabled = busy || index === 0;
    row.down.disabled = busy || index === items.length - 1;
    row.edit.disabled = busy;
    row.remove.disabled = busy || isCurrent;
    row.confirmYes.disabled = busy;
    if (isCurrent) show(row.confirm, false);
  });
  addSubmit.disabled = busy;
}

// ---------------------------------------------------------------- add an item

const addForm = byId<HTMLFormElement>('add-form');
const addTitle = byTestId<HTMLInputElement>('add-item-title');
const addPresenter = byTestId<HTMLInputElement>('add-item-presenter');
const addOrganisation = byTestId<HTMLInputElement>('add-item-organisation');
const addKind = byTestId<HTMLSelectElement>('add-item-kind');
const addMinutes = byTestId<HTMLInputElement>('add-item-minutes');
const addStakeholder = byTestId<HTMLSelectElement>('add-item-stakeholder');
fillStakeholderSelect(addStakeholder, []);
const addSubmit = byTestId<HTMLButtonElement>('add-item-submit');
for (const kind of AGENDA_KINDS) addKind.append(el('option', { value: kind }, t.kind[kind]));
addKind.value = 'talk';

addForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const input = readItemForm(addTitle, addPresenter, addOrganisation, addKind, addMinutes, addStakeholder);
  if (!input) return;
  // Never retried automatically: adding twice adds two items (docs/protocol.md). If the answer is lost the
  // toast says so and the form keeps its values, to resend only if the agenda does not show the item.
  void agendaCall(addSubmit, 'AddAgendaItem', input).then((ok) => {
    if (!ok) return;
    addTitle.value = '';
    addPresenter.value = '';
    addOrganisation.value = '';
    addTitle.focus();
  });
});

// ---------------------------------------------------------------- joining info

const joinCode = byTestId('join-code');
const joinLink = byTestId<HTMLInputElement>('join-link');
const projectorLink = byTestId<HTMLInputElement>('projector-link');

for (const button of document.querySelectorAll<HTMLButtonElement>('[data-copy]')) {
  button.addEventListener('click', () => void copyFrom(button));
}

async function copyFrom(button: HTMLButtonElement): Promise<void> {
  const input = document.getElementById(button.dataset['copy'] ?? '') as HTMLInputElement | null;
  if (!input || !input.value) return;
  input.select();
  let copied = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(input.value);
      copied = true;
    }
  } catch {
    copied = false;
  }
  // Plain http:// on a room network has no Clipboard API; the selected text can still be copied.
  if (!copied) copied = document.execCommand('copy');
  if (copied) {
    setText(button, t.facCopied);
    window.setTimeout(() => setText(button, t.facCopy), 1500);
  }
}

// ---------------------------------------------------------------- links given again

/**
 * A new projector link (the screen with the old one goes dark) and a new link for this console (every device with the
 * old facilitator link is disconnected; this page reloads with the new one). Both ask first.
 */
projectorLink.closest('.field')?.append(
  askFirst({
    label: t.links.projectorNew, ariaLabel: t.links.projectorNew, question: t.links.projectorConfirm,
    yes: t.links.newLinkYes, no: t.facCancel, testId: 'new-projector-link',
    action: async () => {
      if (!session) return;
      try {
        const renewed = await postJson<Invited>('/api/projector/link', {}, { token: session.token });
        if (session.state.links) session.state.links = { ...session.state.links, projector: renewed.link };
        projectorLink.value = renewed.link;
        toast(t.links.projectorRenewed, 'info');
      } catch (error) {
        toast(readable(error));
        throw error;
      }
    },
  }),
  ' ',
  askFirst({
    label: t.links.consoleNew, ariaLabel: t.links.consoleNew, question: t.links.consoleConfirm,
    yes: t.links.newLinkYes, no: t.facCancel, testId: 'new-console-link',
    action: async () => {
      const me = session?.state.me;
      if (!session || !me) return;
      try {
        const renewed = await postJson<Invited>(`/api/people/${me.id}/link`, {}, { token: session.token });
        // The page starts again from the new link (it stores the token and clears it from the address bar).
        location.replace(renewed.link);
        location.reload();
      } catch (error) {
        toast(readable(error));
        throw error;
      }
    },
  }),
);

/** Another console gave the projector a new link (`person.link`): read the links again. */
let projectorRenewals = 0;
async function refreshStaffLinks(renewals: number): Promise<void> {
  if (!session || renewals === projectorRenewals) return;
  projectorRenewals = renewals;
  try {
    const snapshot = await getJson<{ links: EventState['links'] }>('/api/snapshot', { token: session.token });
    session.state.links = snapshot.links;
    const screen = snapshot.links ? new URL(snapshot.links.projector, location.origin).toString() : '';
    if (projectorLink.value !== screen) projectorLink.value = screen;
  } catch {
    // The console shows the old link until the next renewal or reload; the projector itself is not affected.
  }
}

// ---------------------------------------------------------------- invites

const inviteForm = byId<HTMLFormElement>('invite-form');
const inviteName = byTestId<HTMLInputElement>('invite-name');
const inviteOrganisation = byTestId<HTMLInputElement>('invite-organisation');
const inviteSubmit = byTestId<HTMLButtonElement>('invite-submit');
const inviteResult = byTestId('invite-result');
const inviteLink = byTestId<HTMLInputElement>('invite-link');
const inviteLinkLabel = byId('invite-link-label');
const inviteQr = byTestId<HTMLImageElement>('invite-qr');
const joinQr = byTestId<HTMLImageElement>('join-qr');

// Whom the link is for: a stakeholder, or a moderator (the Q&A and the practice wall, on /moderator).
const inviteRole = el('select', { id: 'invite-role', 'aria-describedby': 'invite-role-help', 'data-testid': 'invite-role' }, [
  el('option', { value: 'stakeholder' }, t.role.stakeholder),
  el('option', { value: 'moderator' }, t.role.moderator),
]);
inviteSubmit.before(el('div', { className: 'field' }, [
  el('label', { for: 'invite-role' }, t.moderator.inviteRole),
  inviteRole,
  el('p', { id: 'invite-role-help', className: 'help' }, t.moderator.inviteRoleHelp),
]));
setText(byId('invite-heading'), t.moderator.inviteHeading);

inviteForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!session) return;
  inviteName.value = inviteName.value.trim();
  inviteOrganisation.value = inviteOrganisation.value.trim();
  if (!inviteName.checkValidity()) {
    inviteName.reportValidity();
    return;
  }
  void invite(session.token, inviteName.value, inviteOrganisation.value, inviteRole.value);
});

async function invite(token: string, name: string, organisation: string, role: string): Promise<void> {
  inviteSubmit.disabled = true;
  inviteSubmit.setAttribute('aria-busy', 'true');
  try {
    const invited = await postJson<Invited>('/api/invites', { name, organisation, role }, { token });
    showInvite(token, invited);
    inviteName.value = '';
    inviteOrganisation.value = '';
  } catch (error) {
    toast(readable(error));
  } finally {
    inviteSubmit.disabled = false;
    inviteSubmit.removeAttribute('aria-busy');
  }
}

/** Shows an invite's link (selected, ready to copy) and its QR code under the invite form. */
function showInvite(token: string, invited: Invited): void {
  inviteLink.value = new URL(invited.link, location.origin).href;
  setText(inviteLinkLabel, t.facInviteLink(invited.person.name));
  show(inviteResult, true);
  void showInviteQr(token, invited.person);
  inviteLink.focus();
  inviteLink.select();
}

/** A stakeholder's or a moderator's invite again (from the people list), for handing it out once more. */
async function inviteAgain(button: HTMLButtonElement, person: Person): Promise<void> {
  if (!session) return;
  const token = session.token;
  button.disabled = true;
  try {
    showInvite(token, await getJson<Invited>(`/api/invites/${person.id}`, { token }));
  } catch (error) {
    toast(readable(error));
  } finally {
    button.disabled = false;
  }
}

/** The invite's QR code: the hub draws it for the facilitator (it carries the secret link, so it needs the token). */
async function showInviteQr(token: string, person: Person): Promise<void> {
  show(inviteQr, false);
  const old = inviteQr.src;
  try {
    inviteQr.src = await imageUrl(`/api/qr/invite/${person.id}.svg`, token);
    inviteQr.alt = t.facInviteQrAlt(person.name);
    show(inviteQr, true);
  } catch {
    // The link above still works; the code is a convenience.
  }
  if (old.startsWith('blob:')) URL.revokeObjectURL(old);
}

// ---------------------------------------------------------------- people

const peopleCount = byTestId('people-count');
const peopleList = byTestId('people-list');
const peopleSearch = byTestId<HTMLInputElement>('people-search');
const peopleNoMatch = byTestId('people-no-match');
let peopleKey = '';
peopleSearch.addEventListener('input', () => filterPeople());

/** What a search box's words must all be found in: case and accents ignored. */
function searchKey(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

function matches(query: string, text: string): boolean {
  return searchKey(query).split(/\s+/).filter(Boolean).every((word) => searchKey(text).includes(word));
}

function filterPeople(): void {
  const query = peopleSearch.value;
  let shown = 0;
  for (const row of peopleList.querySelectorAll<HTMLElement>('.person')) {
    const visible = matches(query, row.textContent ?? '');
    show(row, visible);
    if (visible) shown++;
  }
  show(peopleNoMatch, shown === 0 && peopleList.querySelector('.person') !== null);
}

const badgeSearch = byTestId<HTMLInputElement>('badge-search');
badgeSearch.addEventListener('input', () => filterBadgeRows());

function filterBadgeRows(): void {
  for (const row of byTestId('badge-progress-rows').querySelectorAll<HTMLTableRowElement>(':scope > tr')) {
    show(row, matches(badgeSearch.value, row.cells[0]?.textContent ?? ''));
  }
}

function renderPeople(state: EventState, reason: StateReason): void {
  const people = state.people.filter((p) => p.role === 'participant' || p.role === 'stakeholder' || p.role === 'moderator');
  // Names and held names are in the key: a person corrected their profile or was removed (their name becomes
  // "(erased)"), or the facilitator approved or rejected a held name.
  const key = people
    .map((p) => `${p.id}:${p.name}:${p.organisation}:${p.country}:${p.nameWaiting ? (p.nameRejected ? 'r' : 'w') : ''}`)
    .join('|');
  if (key === peopleKey && reason !== 'snapshot') return;
  peopleKey = key;
  const participants = people.filter((p) => p.role === 'participant').length;
  setText(peopleCount, t.facPeopleCount(participants));
  setAttr(peopleCount, 'data-count', String(participants));
  if (!people.length) {
    peopleList.replaceChildren(el('li', { className: 'people-empty' }, t.facPeopleEmpty));
    return;
  }
  // Newest first: the facilitator watches who just came in.
  peopleList.replaceChildren(...[...people].reverse().map(personRow));
  filterPeople();
}

function personRow(person: Person): HTMLLIElement {
  const details = [person.organisation, countryName(person.country)].filter(Boolean).join(' · ');
  let again: HTMLButtonElement | string = '';
  if (person.role === 'stakeholder' || person.role === 'moderator') {
    const button = el('button', {
      type: 'button', className: 'btn small secondary', 'data-testid': `invite-again-${person.id}`,
      'aria-label': t.facInviteAgainLabel(person.name),
    }, t.facInviteAgain);
    button.addEventListener('click', () => void inviteAgain(button, person));
    again = button;
  }
  const row = el('li', { className: 'person', 'data-person-id': person.id, 'data-role': person.role }, [
    el('span', { className: 'person-name' }, person.name),
    el('span', { className: 'person-details' }, details),
    person.role === 'stakeholder' || person.role === 'moderator' ? el('span', { className: 'badge' }, t.role[person.role]) : '',
    again,
    ...(person.nameWaiting ? heldName(person) : []),
  ]);
  if (person.name !== ERASED) row.append(newLinkControl(person));
  // A moderator is not erased like an attendee (there is nothing of theirs but the name the facilitator typed): a new
  // link that nobody is given withdraws them.
  if (person.name !== ERASED && person.role !== 'moderator') row.append(removeControl(person));
  return row;
}

/** What an erased person is called (PrivacyStore.ErasedName): there is nothing left to remove. */
const ERASED = '(erased)';

/**
 * "Remove" asks first: the question names the person and says it cannot be undone; only "Yes, remove" calls
 * POST /api/people/{id}/erase (the same erase as the person's own, docs/privacy.md).
 */
function removeControl(person: Person): HTMLElement {
  return askFirst({
    label: t.facRemovePerson, ariaLabel: t.facRemovePersonLabel(person.name), question: t.facRemovePersonConfirm(person.name),
    yes: t.facRemovePersonYes, no: t.facCancel, testId: `remove-person-${person.id}`,
    action: async () => {
      if (!session) return;
      try {
        await postJson(`/api/people/${person.id}/erase`, {}, { token: session.token });
        toast(t.facPersonRemoved, 'info');
      } catch (error) {
        toast(readable(error));
        throw error;
      }
    },
  });
}

/**
 * "New link" asks first (the old link stops working at once, and whoever has it open is disconnected), then calls
 * POST /api/people/{id}/link and shows the new link and its QR code where invitations show theirs.
 */
function newLinkControl(person: Person): HTMLElement {
  return askFirst({
    label: t.links.newLink, ariaLabel: t.links.newLinkLabel(person.name), question: t.links.newLinkConfirm(person.name),
    yes: t.links.newLinkYes, no: t.facCancel, testId: `new-link-${person.id}`,
    action: async () => {
      if (!session) return;
      const token = session.token;
      try {
        showInvite(token, await postJson<Invited>(`/api/people/${person.id}/link`, {}, { token }));
        toast(t.links.renewed(person.name), 'info');
      } catch (error) {
        toast(readable(error));
        throw error;
      }
    },
  });
}

/**
 * A name the content filter held at check-in: the room sees a placeholder until the facilitator approves it. Why,
 * and the facilitator's two answers.
 */
function heldName(person: Person): HTMLElement[] {
  const why = `${person.nameRejected ? t.proposalRejected : ''} ${t.polls.heldFor(person.nameHeldFor ?? '')}`.trim();
  const approve = el('button', {
    type: 'button', className: 'btn small', 'data-testid': `approve-name-${person.id}`, 'aria-label': t.proposalApproveLabel(person.name),
  }, t.proposalApprove);
  approve.addEventListener('click', () => void moderateName(approve, 'ApproveName', person.id));
  const parts = [el('span', { className: 'held-reason', 'data-testid': `name-held-${person.id}` }, why), approve];
  if (!person.nameRejected) {
    const reject = el('button', {
      type: 'button', className: 'btn small secondary', 'data-testid': `reject-name-${person.id}`, 'aria-label': t.proposalRejectLabel(person.name),
    }, t.proposalReject);
    reject.addEventListener('click', () => void moderateName(reject, 'RejectName', person.id));
    parts.push(reject);
  }
  return parts;
}

async function moderateName(button: HTMLButtonElement, method: 'ApproveName' | 'RejectName', personId: number): Promise<void> {
  if (!session) return;
  const live = session;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    await live.act(method, personId);
  } catch (error) {
    toast(readable(error));
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

// ---------------------------------------------------------------- questions: moderation and the screen

const moderationToggle = byTestId<HTMLInputElement>('moderation-toggle');
const screenStatus = byTestId('screen-status');
const screenClear = byTestId<HTMLButtonElement>('screen-clear');
const exportQuestions = byTestId<HTMLButtonElement>('export-questions');
const questionsNotice = byTestId('questions-notice');
let moderationBusy = false;

const questions = new ModeratedQuestions({
  list: byTestId('mod-question-list'),
  notice: questionsNotice,
  session: () => session,
  rerender: (state) => renderQuestions(state),
});


moderationToggle.addEventListener('change', () => {
  const live = session;
  if (!live || moderationBusy) return;
  const on = moderationToggle.checked;
  moderationBusy = true;
  renderQuestions(live.state);
  void attempt(questionsNotice, () => live.act('SetModeration', on)).then(() => {
    moderationBusy = false;
    renderQuestions(live.state); // back to the real setting after a refusal
  });
});

screenClear.addEventListener('click', () => void questions.showQuestion(null));

exportQuestions.addEventListener('click', () => {
  const live = session;
  if (!live) return;
  exportQuestions.disabled = true;
  exportQuestions.setAttribute('aria-busy', 'true');
  void attempt(questionsNotice, () => downloadFile('/api/questions.csv', live.token, 'questions.csv')).then((ok) => {
    exportQuestions.disabled = false;
    exportQuestions.removeAttribute('aria-busy');
    if (ok) announce(questionsNotice, t.downloadStarted);
  });
});

const questionSort = byTestId<HTMLSelectElement>('question-sort');
const questionFilter = byTestId<HTMLSelectElement>('question-filter');
let filterKey = '';
for (const select of [questionSort, questionFilter]) {
  select.addEventListener('change', () => {
    if (session) renderQuestions(session.state);
  });
}

/** What is on stage, for the filter: the running pitch (its proposal, or its item for a platform slot), else the current item. */
function stageTarget(state: EventState): { name: string; matches: (question: Question) => boolean } | null {
  const pitch = state.currentPitch;
  const current = state.current;
  if (!current) return null;
  const kind = pitch?.proposalId ? 'proposal' : 'agenda';
  const id = pitch?.proposalId ?? current.id;
  return {
    name: pitch?.title ?? current.title,
    matches: (question) => question.target.kind === kind && question.target.id === id,
  };
}

function fillQuestionFilter(state: EventState): void {
  const stage = stageTarget(state);
  const key = stage?.name ?? '';
  if (key === filterKey && questionFilter.options.length) return;
  filterKey = key;
  const chosen = questionFilter.value || 'all';
  questionFilter.replaceChildren(
    el('option', { value: 'all' }, t.facFilterAll),
    el('option', { value: 'stage' }, stage ? t.facFilterStage(stage.name) : t.facFilterStageNone),
  );
  questionFilter.value = chosen;
}

function renderQuestions(state: EventState): void {
  if (!moderationBusy) moderationToggle.checked = state.settings.moderation;
  moderationToggle.disabled = moderationBusy;
  setAttr(moderationToggle, 'aria-busy', moderationBusy ? 'true' : null);
  const onScreen = state.screenQuestion;
  setText(screenStatus, onScreen ? t.facScreenShowing(onScreen.text) : t.facScreenEmpty);
  screenClear.disabled = questions.screenBusy || state.screen.questionId === null;
  barClear.disabled = screenClear.disabled;

  fillQuestionFilter(state);
  const stage = questionFilter.value === 'stage' ? stageTarget(state) : null;
  const shown = questionFilter.value === 'stage' ? state.questions.filter((q) => stage?.matches(q) ?? false) : state.questions;
  questions.render(shown, questionSort.value);
}

// ---------------------------------------------------------------- proposals

let proposalForm: ProposalForm | null = null;
let proposalList: ManagedProposals | null = null;

function mountProposals(live: LiveSession): void {
  proposalForm = new ProposalForm(live, {
    chooseOwner: true,
    createHeading: t.facCreateProposalHeading,
    onEdited: (id) => proposalList?.focusEdit(id),
  });
  byTestId('proposal-form-card').append(proposalForm.root);
  proposalList = new ManagedProposals(live, {
    list: byTestId('fac-proposal-list'),
    testIdPrefix: 'fac-proposal',
    showOwner: true,
    moderate: true,
    include: () => true,
    emptyText: t.boardEmpty,
    onEdit: (proposal) => proposalForm?.edit(proposal),
  });
}

/** Proposal owners' updates the content filter held, under the proposals (./held-updates.ts). */
function mountHeldUpdates(live: LiveSession, state: EventState): void {
  if (!heldUpdates) {
    heldUpdates = new HeldUpdates(live);
    byId('proposals').after(heldUpdates.root);
  }
  heldUpdates.update(state);
}

// ---------------------------------------------------------------- start

let now: NowCard | null = null;
let badgeAdmin: BadgeAdmin | null = null;
let pollAdmin: PollAdmin | null = null;
let pitchEditor: PitchEditor | null = null;
let privacyAdmin: PrivacyAdmin | null = null;
let heldUpdates: HeldUpdates | null = null;
const title = byTestId('event-title');

// The session report (/report): its figures live, to print as a PDF, and every export in one zip.
document.querySelector('.topbar-role')?.after(
  el('a', { className: 'btn small secondary', href: '/report', target: '_blank', rel: 'noopener', title: t.report.openHelp, 'data-testid': 'open-report' },
    t.report.open),
);

session = startLivePage({
  page: 'facilitator',
  render(live, reason) {
    const state = live.state;
    now ??= new NowCard(document, live.clock);
    setText(title, state.event.title);
    if (state.event.title) document.title = `${t.facilitatorTitle} · ${state.event.title}`;
    setText(joinCode, state.event.joinCode);
    const link = state.event.joinCode ? joinUrl(state.event.joinCode) : '';
    if (joinLink.value !== link) joinLink.value = link;
    if (state.event.joinCode && joinQr.getAttribute('src') !== joinQrSrc(state.event.joinCode)) {
      joinQr.src = joinQrSrc(state.event.joinCode);
      joinQr.alt = t.qrJoinAlt;
      show(joinQr, true);
    }
    const screen = state.links ? new URL(state.links.projector, location.origin).toString() : '';
    if (projectorLink.value !== screen) projectorLink.value = screen;
    void refreshStaffLinks(state.projectorRenewals);
    now.update(state);
    renderAgenda(state);
    if (!pitchEditor) {
      pitchEditor = new PitchEditor(live);
      byTestId('agenda-notice').after(pitchEditor.root);
    }
    pitchEditor.update();
    renderPeople(state, reason);
    fillStakeholderSelect(addStakeholder, state.people);
    if (!proposalList) mountProposals(live);
    renderQuestions(state);
    proposalList?.update();
    mountHeldUpdates(live, state);
    proposalForm?.update(state);
    badgeAdmin ??= new BadgeAdmin(live);
    badgeAdmin.update();
    filterBadgeRows();
    if (!pollAdmin) {
      pollAdmin = new PollAdmin(live);
      byTestId('badge-panel').before(pollAdmin.root);
    }
    pollAdmin.update();
    privacyAdmin ??= new PrivacyAdmin(live.token);
    privacyAdmin.update(state);
    renderProjector(state);
    tickItemTimer();
    refreshControls();
  },
});
refreshControls();
