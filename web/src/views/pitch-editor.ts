// The facilitator's pitch editor, inside the agenda panel: the session's planned start and end (SetSchedule), and for
// each agenda item its run of pitches in order (start, move up and down, edit the minutes and speaker, remove after
// asking) with a form to add one: a proposal from the board or a named slot, its speaker and minutes. It redraws from
// the state on every update, so other clients' changes show at once; refusals go to the toast.

import { readable } from '../api';
import { parseTime } from '../clock';
import { el, setAttr, setText, show } from '../dom';
import type { HubArgs, HubChange } from '../hub';
import { t } from '../i18n';
import { KeyedList } from '../keyed-list';
import type { LiveSession } from '../session';
import type { EventState } from '../state';
import type { AgendaItem, Pitch, PitchInput } from '../types';
import { announce, toast } from '../ui';

interface PitchRow {
  li: HTMLLIElement;
  title: HTMLElement;
  meta: HTMLElement;
  status: HTMLElement;
  start: HTMLButtonElement;
  up: HTMLButtonElement;
  down: HTMLButtonElement;
  edit: HTMLButtonElement;
  remove: HTMLButtonElement;
  view: HTMLElement;
  confirm: HTMLElement;
  confirmYes: HTMLButtonElement;
  form: HTMLFormElement;
  speaker: HTMLInputElement;
  minutes: HTMLInputElement;
  save: HTMLButtonElement;
  pitch: Pitch | null;
}

interface ItemGroup {
  root: HTMLElement;
  heading: HTMLElement;
  list: HTMLOListElement;
  pitches: KeyedList<Pitch, number, PitchRow>;
  form: HTMLFormElement;
  source: HTMLSelectElement;
  slotField: HTMLElement;
  slot: HTMLInputElement;
  speaker: HTMLInputElement;
  minutes: HTMLInputElement;
  add: HTMLButtonElement;
  item: AgendaItem | null;
}

/** A HH:MM value for a time input, in the browser's time zone. */
function timeValue(iso: string | null): string {
  const ms = parseTime(iso);
  if (ms === null) return '';
  const date = new Date(ms);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** An HH:MM on the given day (local time) as ISO, or null when empty. */
function isoAt(day: Date, value: string): string | null {
  const match = /^(\d\d):(\d\d)/.exec(value);
  if (!match) return null;
  const date = new Date(day.getFullYear(), day.getMonth(), day.getDate(), Number(match[1]), Number(match[2]));
  return date.toISOString();
}

export class PitchEditor {
  readonly root: HTMLElement;
  private busy = false;
  private readonly scheduleForm: HTMLFormElement;
  private readonly startInput: HTMLInputElement;
  private readonly endInput: HTMLInputElement;
  private readonly scheduleSave: HTMLButtonElement;
  private readonly notice: HTMLElement;
  private scheduleKey = '';
  private scheduleEdited = false;
  private readonly groupList: HTMLElement;
  private readonly groups: KeyedList<AgendaItem, number, ItemGroup>;

  constructor(private readonly session: LiveSession) {
    this.startInput = el('input', { id: 'schedule-start', type: 'time', 'data-testid': 'schedule-start' });
    this.endInput = el('input', { id: 'schedule-end', type: 'time', 'data-testid': 'schedule-end' });
    this.scheduleSave = el('button', { type: 'submit', className: 'btn small primary', 'data-testid': 'schedule-save' }, t.pitchEditor.scheduleSave);
    this.scheduleForm = el('form', { className: 'schedule-form', 'data-testid': 'schedule-form', 'aria-labelledby': 'schedule-heading' }, [
      el('h3', { id: 'schedule-heading' }, t.pitchEditor.scheduleHeading),
      el('div', { className: 'schedule-fields' }, [
        el('div', { className: 'field' }, [el('label', { for: 'schedule-start' }, t.pitchEditor.scheduleStart), this.startInput]),
        el('div', { className: 'field' }, [el('label', { for: 'schedule-end' }, t.pitchEditor.scheduleEnd), this.endInput]),
        el('div', { className: 'field schedule-save' }, [this.scheduleSave]),
      ]),
    ]);
    this.notice = el('p', { className: 'live-notice', role: 'status', 'aria-live': 'polite', 'data-testid': 'pitch-notice' });
    this.groupList = el('div', { className: 'pitch-groups', 'data-testid': 'pitch-groups' });
    this.groups = new KeyedList<AgendaItem, number, ItemGroup>(this.groupList, {
      key: (item) => item.id,
      create: (item) => this.makeGroup(item),
      node: (group) => group.root,
      update: (group, item) => this.fillGroup(group, item),
    });
    this.root = el('div', { className: 'pitch-editor', 'data-testid': 'pitch-editor' }, [
      el('h3', { className: 'pitch-editor-heading' }, t.pitchEditor.heading),
      this.scheduleForm,
      this.groupList,
      this.notice,
    ]);
    this.scheduleForm.addEventListener('input', () => (this.scheduleEdited = true));
    this.scheduleForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.saveSchedule();
    });
  }

  update(): void {
    const state = this.session.state;
    this.renderSchedule(state);
    this.groups.render(state.agenda.items);
    this.refresh();
  }

  // ------------------------------------------------------------ calls

  /** One call at a time; refusals go to the toast. Resolves once the change is in our state. */
  private async call<M extends HubChange>(button: HTMLButtonElement, method: M, ...args: HubArgs<M>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    button.setAttribute('aria-busy', 'true');
    this.refresh();
    try {
      await this.session.act(method, ...args);
      return true;
    } catch (error) {
      toast(readable(error));
      return false;
    } finally {
      this.busy = false;
      button.removeAttribute('aria-busy');
      this.refresh();
    }
  }

  private refresh(): void {
    this.scheduleSave.disabled = this.busy;
    for (const item of this.session.state.agenda.items) {
      const group = this.groups.get(item.id);
      if (!group) continue;
      group.add.disabled = this.busy;
      item.pitches.forEach((pitch, index) => {
        const row = group.pitches.get(pitch.id);
        if (!row) return;
        const current = pitch.status === 'current';
        row.start.disabled = this.busy || current;
        row.up.disabled = this.busy || index === 0;
        row.down.disabled = this.busy || index === item.pitches.length - 1;
        row.edit.disabled = this.busy;
        row.remove.disabled = this.busy || current;
        row.confirmYes.disabled = this.busy;
        row.save.disabled = this.busy;
        if (current) show(row.confirm, false);
      });
    }
  }

  // ------------------------------------------------------------ the schedule

  private renderSchedule(state: EventState): void {
    const key = `${state.agenda.startsAt ?? ''}|${state.agenda.endsAt ?? ''}`;
    if (key === this.scheduleKey) return;
    this.scheduleKey = key;
    if (this.scheduleEdited && this.root.contains(document.activeElement) && this.scheduleForm.contains(document.activeElement)) return;
    this.startInput.value = timeValue(state.agenda.startsAt);
    this.endInput.value = timeValue(state.agenda.endsAt);
    this.scheduleEdited = false;
  }

  private async saveSchedule(): Promise<void> {
    const state = this.session.state;
    const known = parseTime(state.agenda.startsAt);
    const day = known === null ? new Date(this.session.clock.now()) : new Date(known);
    const startsAt = isoAt(day, this.startInput.value);
    let endsAt = isoAt(day, this.endInput.value);
    // An end before the start is on the next day (an evening session that runs past midnight).
    if (startsAt && endsAt && endsAt <= startsAt) endsAt = new Date(Date.parse(endsAt) + 86_400_000).toISOString();
    const ok = await this.call(this.scheduleSave, 'SetSchedule', { startsAt, endsAt });
    if (ok) {
      this.scheduleEdited = false;
      this.scheduleKey = '';
      this.renderSchedule(this.session.state);
      announce(this.notice, t.pitchEditor.scheduleSaved);
    }
  }

  // ------------------------------------------------------------ one agenda item's pitches

  private makeGroup(item: AgendaItem): ItemGroup {
    const id = item.id;
    const heading = el('h4', { id: `pitches-heading-${id}`, className: 'pitch-group-heading' });
    const list = el('ol', { className: 'pitch-list', 'data-testid': `pitch-list-${id}`, 'aria-labelledby': `pitches-heading-${id}` });
    const pitches = new KeyedList<Pitch, number, PitchRow>(list, {
      key: (pitch) => pitch.id,
      create: (pitch) => this.makeRow(pitch.id),
      node: (row) => row.li,
      update: (row, pitch) => this.fillRow(row, pitch),
      empty: el('li', { className: 'list-empty' }, t.pitchEditor.empty),
    });
    const field = (inputId: string, label: string, input: HTMLElement, extra = '') =>
      el('div', { className: `field${extra}` }, [el('label', { for: inputId }, label), input]);
    const source = el('select', { id: `pitch-source-${id}`, 'data-testid': `pitch-source-${id}` });
    const slot = el('input', { id: `pitch-slot-${id}`, 'data-max-chars': 120, maxlength: 120, 'data-testid': `pitch-slot-${id}` });
    const speaker = el('input', {
      id: `pitch-speaker-${id}`, 'data-max-chars': 80, maxlength: 80, 'data-testid': `pitch-speaker-${id}`,
      'aria-describedby': `pitch-speaker-help-${id}`,
    });
    const minutes = el('input', {
      id: `pitch-minutes-${id}`, type: 'number', min: 1, max: 60, step: 1, value: 5, required: true, inputmode: 'numeric',
      'data-testid': `pitch-minutes-${id}`,
    });
    const add = el('button', { type: 'submit', className: 'btn small primary', 'data-testid': `pitch-add-${id}` }, t.pitchEditor.add);
    const slotField = field(`pitch-slot-${id}`, t.pitchEditor.slotName, slot, ' span-2');
    const form = el('form', { className: 'item-form pitch-add', 'data-testid': `pitch-add-form-${id}` }, [
      field(`pitch-source-${id}`, t.pitchEditor.source, source, ' span-2'),
      slotField,
      el('div', { className: 'field' }, [
        el('label', { for: `pitch-speaker-${id}` }, t.pitchEditor.speaker),
        speaker,
        el('p', { className: 'help', id: `pitch-speaker-help-${id}` }, t.pitchEditor.speakerHelp),
      ]),
      field(`pitch-minutes-${id}`, t.facFieldMinutes, minutes),
      el('div', { className: 'span-2 button-row' }, [add]),
    ]);
    const root = el('section', { className: 'pitch-group', 'data-testid': `pitch-group-${id}`, 'aria-labelledby': `pitches-heading-${id}` }, [
      heading, list, form,
    ]);
    const group: ItemGroup = { root, heading, list, pitches, form, source, slotField, slot, speaker, minutes, add, item: null };
    source.addEventListener('change', () => this.syncSource(group));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.addPitch(group);
    });
    return group;
  }

  private fillGroup(group: ItemGroup, item: AgendaItem): void {
    group.item = item;
    setText(group.heading, t.pitchEditor.itemHeading(item.title, item.pitches.length));
    setAttr(group.add, 'aria-label', `${t.pitchEditor.add}: ${item.title}`);
    this.fillSources(group);
    group.pitches.render(item.pitches);
  }

  /** The board's proposals, then a named slot; keeps the choice across redraws. */
  private fillSources(group: ItemGroup): void {
    const proposals = this.session.state.proposals;
    const value = group.source.value || (proposals.length ? String(proposals[0]?.id) : 'slot');
    const key = JSON.stringify([proposals.map((p) => [p.id, p.title, p.ownerName]), t.lang]);
    if (group.source.dataset['key'] !== key) {
      group.source.dataset['key'] = key;
      const options = proposals.map((p) => el('option', { value: String(p.id) }, `${p.title} · ${p.ownerName}`));
      options.push(el('option', { value: 'slot' }, t.pitchEditor.slotOption));
      group.source.replaceChildren(...options);
      group.source.value = [...group.source.options].some((o) => o.value === value) ? value : 'slot';
    }
    this.syncSource(group);
  }

  private syncSource(group: ItemGroup): void {
    const slot = group.source.value === 'slot';
    show(group.slotField, slot);
    group.slot.required = slot;
  }

  private async addPitch(group: ItemGroup): Promise<void> {
    const item = group.item;
    if (!item) return;
    const slot = group.source.value === 'slot';
    group.slot.value = group.slot.value.trim();
    group.speaker.value = group.speaker.value.trim();
    for (const input of [group.slot, group.speaker, group.minutes]) {
      if (!input.checkValidity()) {
        input.reportValidity();
        return;
      }
    }
    const input: PitchInput = {
      title: slot ? group.slot.value : '',
      proposalId: slot ? null : Number(group.source.value),
      speakerId: null,
      speaker: group.speaker.value,
      plannedMinutes: Number(group.minutes.value),
    };
    // Never retried: adding twice adds two pitches.
    const ok = await this.call(group.add, 'AddPitch', item.id, input);
    if (!ok) return;
    group.slot.value = '';
    group.speaker.value = '';
    announce(this.notice, t.pitchEditor.added(this.titleOf(input)));
    group.source.focus();
  }

  // ------------------------------------------------------------ one pitch

  private makeRow(id: number): PitchRow {
    const button = (testId: string, label: string, className = 'btn small') =>
      el('button', { type: 'button', className, 'data-testid': `${testId}-${id}` }, label);
    const start = button('pitch-start', t.facStart, 'btn small primary');
    const up = button('pitch-up', '↑', 'btn small icon');
    const down = button('pitch-down', '↓', 'btn small icon');
    const edit = button('pitch-edit', t.facEdit);
    const remove = button('pitch-remove', t.facRemove, 'btn small danger-outline');
    const title = el('span', { className: 'pitch-title', 'data-testid': `pitch-title-${id}` });
    const meta = el('span', { className: 'pitch-meta', 'data-testid': `pitch-meta-${id}` });
    const status = el('span', { className: 'pitch-status', 'data-testid': `pitch-status-${id}` });
    const view = el('div', { className: 'pitch-view' }, [
      el('span', { className: 'pitch-body' }, [title, meta]),
      status,
      el('div', { className: 'row-actions', role: 'group' }, [start, up, down, edit, remove]),
    ]);
    const confirmYes = el('button', { type: 'button', className: 'btn small danger', 'data-testid': `pitch-confirm-remove-${id}` }, t.facRemoveYes);
    const confirmNo = el('button', { type: 'button', className: 'btn small', 'data-testid': `pitch-cancel-remove-${id}` }, t.facCancel);
    const confirm = el('div', { className: 'row-confirm', hidden: true }, [el('span', {}, t.pitchEditor.removeConfirm), confirmYes, confirmNo]);
    const speaker = el('input', { id: `pitch-edit-speaker-${id}`, 'data-max-chars': 80, maxlength: 80, 'data-testid': `pitch-edit-speaker-${id}` });
    const minutes = el('input', {
      id: `pitch-edit-minutes-${id}`, type: 'number', min: 1, max: 60, step: 1, required: true, inputmode: 'numeric',
      'data-testid': `pitch-edit-minutes-${id}`,
    });
    const save = el('button', { type: 'submit', className: 'btn small primary', 'data-testid': `pitch-save-${id}` }, t.facSave);
    const cancel = el('button', { type: 'button', className: 'btn small', 'data-testid': `pitch-edit-cancel-${id}` }, t.facCancel);
    const form = el('form', { className: 'item-form row-edit', hidden: true, 'data-testid': `pitch-edit-form-${id}` }, [
      el('div', { className: 'field' }, [el('label', { for: `pitch-edit-speaker-${id}` }, t.pitchEditor.speaker), speaker]),
      el('div', { className: 'field' }, [el('label', { for: `pitch-edit-minutes-${id}` }, t.facFieldMinutes), minutes]),
      el('div', { className: 'span-2 button-row' }, [save, cancel]),
    ]);
    const li = el('li', { className: 'pitch-row', 'data-testid': `pitch-${id}` }, [view, confirm, form]);
    const row: PitchRow = {
      li, title, meta, status, start, up, down, edit, remove, view, confirm, confirmYes, form, speaker, minutes, save, pitch: null,
    };

    start.addEventListener('click', () => void this.call(start, 'StartPitch', id));
    up.addEventListener('click', () => void this.move(row, -1, up));
    down.addEventListener('click', () => void this.move(row, +1, down));
    edit.addEventListener('click', () => this.openEditor(row));
    remove.addEventListener('click', () => {
      show(confirm, true);
      confirmNo.focus();
    });
    confirmNo.addEventListener('click', () => {
      show(confirm, false);
      remove.focus();
    });
    confirmYes.addEventListener('click', () => void this.call(confirmYes, 'RemovePitch', id));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.saveEdit(row);
    });
    cancel.addEventListener('click', () => this.closeEditor(row));
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.closeEditor(row);
    });
    return row;
  }

  private titleOf(pitch: { title: string; proposalId: number | null }): string {
    if (pitch.title) return pitch.title;
    return this.session.state.proposals.find((p) => p.id === pitch.proposalId)?.title ?? t.pitchEditor.slotOption;
  }

  private fillRow(row: PitchRow, pitch: Pitch): void {
    row.pitch = pitch;
    const title = this.titleOf(pitch);
    const speaker = pitch.speaker || (pitch.proposalId !== null ? (this.session.state.proposals.find((p) => p.id === pitch.proposalId)?.ownerName ?? '') : '');
    setText(row.title, title);
    setText(row.meta, [speaker, t.pitchEditor.minutes(pitch.plannedMinutes)].filter(Boolean).join(' · '));
    setText(row.status, pitch.status === 'current' ? t.pitchEditor.statusCurrent : pitch.status === 'done' ? t.pitchEditor.statusDone : '');
    setAttr(row.li, 'data-status', pitch.status);
    setText(row.start, pitch.status === 'done' ? t.facRestart : t.facStart);
    setAttr(row.start, 'aria-label', `${pitch.status === 'done' ? t.facRestart : t.facStart}: ${title}`);
    setAttr(row.up, 'aria-label', `${t.facMoveUp}: ${title}`);
    setAttr(row.down, 'aria-label', `${t.facMoveDown}: ${title}`);
    setAttr(row.edit, 'aria-label', `${t.facEdit}: ${title}`);
    setAttr(row.remove, 'aria-label', `${t.facRemove}: ${title}`);
    setAttr(row.confirmYes, 'aria-label', `${t.facRemoveYes}: ${title}`);
    setAttr(row.save, 'aria-label', `${t.facSave}: ${title}`);
  }

  private async move(row: PitchRow, delta: number, button: HTMLButtonElement): Promise<void> {
    const pitch = row.pitch;
    const item = pitch && this.session.state.agenda.items.find((i) => i.id === pitch.agendaItemId);
    if (!pitch || !item) return;
    const ids = item.pitches.map((p) => p.id);
    const from = ids.indexOf(pitch.id);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= ids.length) return;
    [ids[from], ids[to]] = [ids[to] as number, ids[from] as number];
    const ok = await this.call(button, 'ReorderPitches', item.id, ids);
    if (ok && !button.disabled) button.focus();
    else if (ok) (delta < 0 ? row.down : row.up).focus();
  }

  private openEditor(row: PitchRow): void {
    const pitch = row.pitch;
    if (!pitch) return;
    row.speaker.value = pitch.speaker;
    row.minutes.value = String(pitch.plannedMinutes);
    show(row.view, false);
    show(row.form, true);
    row.minutes.focus();
  }

  private closeEditor(row: PitchRow): void {
    show(row.form, false);
    show(row.view, true);
    row.edit.focus();
  }

  private async saveEdit(row: PitchRow): Promise<void> {
    const pitch = row.pitch;
    if (!pitch) return;
    row.speaker.value = row.speaker.value.trim();
    for (const input of [row.speaker, row.minutes]) {
      if (!input.checkValidity()) {
        input.reportValidity();
        return;
      }
    }
    const input: PitchInput = {
      title: pitch.proposalId !== null ? '' : pitch.title,
      proposalId: pitch.proposalId,
      speakerId: row.speaker.value === pitch.speaker ? pitch.speakerId : null,
      speaker: row.speaker.value,
      plannedMinutes: Number(row.minutes.value),
    };
    if (await this.call(row.save, 'EditPitch', pitch.id, input)) this.closeEditor(row);
  }
}
