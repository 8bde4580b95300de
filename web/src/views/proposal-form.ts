// Creating and editing a proposal (docs/protocol.md "Proposal board", ProposalInput): the stakeholder's own,
// or the facilitator's for a chosen stakeholder. One form; "Edit" on a proposal loads it. A create keeps its
// requestId until the server answered, so resending after a lost answer never makes a second proposal.

import { ApiError } from '../api';
import { el, randomId, setAttr, setText, show } from '../dom';
import { t } from '../i18n';
import type { LiveSession } from '../session';
import type { EventState } from '../state';
import { THEMES, type Proposal, type ProposalInput, type Theme } from '../types';
import { announce, attempt } from '../ui';

/** `be, nl;DE` → `['BE', 'NL', 'DE']` (the server checks the codes and drops duplicates). */
export function parseCountries(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((code) => code.trim().toUpperCase())
    .filter(Boolean);
}

export function parseTags(value: string): string[] {
  return value
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

export interface ProposalFormOptions {
  /** The facilitator: an owner select of the event's stakeholders. */
  chooseOwner: boolean;
  /** The heading while creating (default "New proposal"). */
  createHeading?: string;
  /** After a successful save of an edited proposal (to put focus back on its Edit button). */
  onEdited?: (id: number) => void;
}

export class ProposalForm {
  readonly root: HTMLFormElement;
  private readonly heading: HTMLElement;
  private readonly owner: HTMLSelectElement | null;
  private readonly ownerHelp: HTMLElement | null;
  private readonly title: HTMLInputElement;
  private readonly summary: HTMLTextAreaElement;
  private readonly partners: HTMLTextAreaElement;
  private readonly countries: HTMLInputElement;
  private readonly themes = new Map<Theme, HTMLInputElement>();
  private readonly tags: HTMLInputElement;
  private readonly agendaItem: HTMLSelectElement;
  private readonly notice: HTMLElement;
  private readonly submit: HTMLButtonElement;
  private readonly cancel: HTMLButtonElement;
  private editingId: number | null = null;
  private busy = false;
  private requestId: string | null = null;
  private agendaKey = '';
  private ownersKey = '';

  constructor(
    private readonly session: LiveSession,
    private readonly options: ProposalFormOptions,
  ) {
    const field = (label: string, input: HTMLElement, help?: string, wide = true) => {
      const helpId = help ? `${input.id}-help` : undefined;
      if (helpId) input.setAttribute('aria-describedby', helpId);
      return el('div', { className: wide ? 'field span-2' : 'field' }, [
        el('label', { for: input.id }, label),
        input,
        help ? el('p', { className: 'help', id: helpId }, help) : '',
      ]);
    };
    this.heading = el('h2', { id: 'proposal-form-heading', 'data-testid': 'proposal-form-heading' }, options.createHeading ?? t.proposalFormCreate);
    this.owner = options.chooseOwner ? el('select', { id: 'proposal-owner', required: true, 'data-testid': 'proposal-owner-input' }) : null;
    this.ownerHelp = options.chooseOwner ? el('p', { className: 'help', hidden: true }, t.fieldOwnerNone) : null;
    this.title = el('input', { id: 'proposal-title', required: true, 'data-max-chars': 120, 'data-testid': 'proposal-title-input' });
    this.summary = el('textarea', { id: 'proposal-summary', rows: 4, 'data-max-chars': 2000, 'data-testid': 'proposal-summary-input' });
    this.partners = el('textarea', { id: 'proposal-partners', rows: 2, 'data-max-chars': 500, 'data-testid': 'proposal-partners-input' });
    this.countries = el('input', { id: 'proposal-countries', autocapitalize: 'characters', spellcheck: 'false', 'data-testid': 'proposal-countries-input' });
    this.tags = el('input', { id: 'proposal-tags', 'data-testid': 'proposal-tags-input' });
    this.agendaItem = el('select', { id: 'proposal-agenda', 'data-testid': 'proposal-agenda-input' });
    const themeChecks = THEMES.map((theme) => {
      const box = el('input', { type: 'checkbox', id: `proposal-theme-${theme}`, value: theme, 'data-testid': `theme-${theme}` });
      this.themes.set(theme, box);
      return el('div', { className: 'check' }, [box, el('label', { for: box.id }, t.theme[theme])]);
    });
    this.notice = el('p', { className: 'live-notice span-2', role: 'status', 'aria-live': 'polite', 'data-testid': 'proposal-notice' });
    this.submit = el('button', { type: 'submit', className: 'btn primary', 'data-testid': 'proposal-submit' }, t.proposalCreate);
    this.cancel = el('button', { type: 'button', className: 'btn', hidden: true, 'data-testid': 'proposal-cancel' }, t.cancel);

    const parts: (string | Node)[] = [this.heading];
    if (this.owner) parts.push(el('div', { className: 'field span-2' }, [el('label', { for: this.owner.id }, t.fieldOwner), this.owner, this.ownerHelp ?? '']));
    parts.push(
      field(t.fieldTitle, this.title),
      field(t.fieldSummary, this.summary),
      field(t.fieldPartners, this.partners),
      field(t.fieldCountries, this.countries, t.fieldCountriesHelp, false),
      field(t.fieldTags, this.tags, t.fieldTagsHelp, false),
      el('fieldset', { className: 'choice themes span-2' }, [el('legend', {}, t.fieldThemes), el('div', { className: 'theme-grid' }, themeChecks)]),
      field(t.fieldAgendaItem, this.agendaItem),
      this.notice,
      el('div', { className: 'span-2 button-row' }, [this.submit, this.cancel]),
    );
    this.root = el('form', { className: 'item-form proposal-form', novalidate: true, 'aria-labelledby': 'proposal-form-heading', 'data-testid': 'proposal-form' }, parts);
    this.root.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    this.cancel.addEventListener('click', () => this.reset(true));
  }

  update(state: EventState): void {
    this.updateAgendaItems(state);
    if (this.owner) this.updateOwners(state);
    if (this.editingId !== null && !state.proposal(this.editingId)) this.reset(false);
    this.submit.disabled = this.busy;
    setAttr(this.submit, 'aria-busy', this.busy ? 'true' : null);
  }

  /** Loads a proposal into the form for editing. */
  edit(proposal: Proposal): void {
    this.editingId = proposal.id;
    setText(this.heading, t.proposalFormEdit(proposal.title));
    setText(this.submit, t.proposalSave);
    show(this.cancel, true);
    if (this.owner) {
      this.owner.value = String(proposal.ownerId);
      this.owner.disabled = true; // EditProposal ignores ownerId
    }
    this.title.value = proposal.title;
    this.summary.value = proposal.summary;
    this.partners.value = proposal.partnersSought;
    this.countries.value = (proposal.countries ?? []).join(', ');
    this.tags.value = (proposal.tags ?? []).join(', ');
    for (const [theme, box] of this.themes) box.checked = (proposal.themes ?? []).includes(theme);
    this.agendaItem.value = proposal.agendaItemId === null ? '' : String(proposal.agendaItemId);
    announce(this.notice, '');
    this.root.scrollIntoView({ block: 'start', behavior: 'smooth' });
    this.title.focus({ preventScroll: true });
  }

  private reset(focusBack: boolean): void {
    const wasEditing = this.editingId;
    this.editingId = null;
    setText(this.heading, this.options.createHeading ?? t.proposalFormCreate);
    setText(this.submit, t.proposalCreate);
    show(this.cancel, false);
    if (this.owner) this.owner.disabled = false;
    for (const input of [this.title, this.summary, this.partners, this.countries, this.tags]) input.value = '';
    for (const box of this.themes.values()) box.checked = false;
    this.agendaItem.value = '';
    setAttr(this.title, 'aria-invalid', null);
    if (focusBack && wasEditing !== null) this.options.onEdited?.(wasEditing);
  }

  private updateAgendaItems(state: EventState): void {
    const items = state.agenda.items;
    const key = JSON.stringify(items.map((i) => [i.id, i.title]));
    if (key === this.agendaKey) return;
    this.agendaKey = key;
    const chosen = this.agendaItem.value;
    this.agendaItem.replaceChildren(
      el('option', { value: '' }, t.fieldAgendaItemNone),
      ...items.map((item) => el('option', { value: String(item.id) }, item.title)),
    );
    this.agendaItem.value = [...this.agendaItem.options].some((o) => o.value === chosen) ? chosen : '';
  }

  private updateOwners(state: EventState): void {
    const owner = this.owner;
    if (!owner) return;
    const stakeholders = state.people.filter((p) => p.role === 'stakeholder');
    const key = JSON.stringify(stakeholders.map((p) => [p.id, p.name, p.organisation]));
    if (key === this.ownersKey) return;
    this.ownersKey = key;
    const chosen = owner.value;
    owner.replaceChildren(
      el('option', { value: '' }, t.fieldOwnerChoose),
      ...stakeholders.map((p) => el('option', { value: String(p.id) }, p.organisation ? `${p.name} · ${p.organisation}` : p.name)),
    );
    owner.value = [...owner.options].some((o) => o.value === chosen) ? chosen : '';
    if (this.ownerHelp) show(this.ownerHelp, stakeholders.length === 0);
  }

  private read(): ProposalInput | null {
    this.title.value = this.title.value.trim();
    if (this.owner && this.editingId === null && !this.owner.value) {
      setAttr(this.owner, 'aria-invalid', 'true');
      announce(this.notice, t.fieldOwnerChoose, 'error');
      this.owner.focus();
      return null;
    }
    if (this.owner) setAttr(this.owner, 'aria-invalid', null);
    if (!this.title.checkValidity()) {
      setAttr(this.title, 'aria-invalid', 'true');
      announce(this.notice, this.title.validationMessage, 'error');
      this.title.focus();
      return null;
    }
    setAttr(this.title, 'aria-invalid', null);
    const input: ProposalInput = {
      title: this.title.value,
      summary: this.summary.value.trim(),
      partnersSought: this.partners.value.trim(),
      countries: parseCountries(this.countries.value),
      themes: [...this.themes].filter(([, box]) => box.checked).map(([theme]) => theme),
      tags: parseTags(this.tags.value),
      agendaItemId: this.agendaItem.value ? Number(this.agendaItem.value) : null,
    };
    if (this.owner && this.editingId === null) input.ownerId = Number(this.owner.value);
    return input;
  }

  private async save(): Promise<void> {
    if (this.busy) return;
    const input = this.read();
    if (!input) return;
    const editing = this.editingId;
    if (editing === null) {
      this.requestId ??= randomId();
      input.requestId = this.requestId;
    }
    this.busy = true;
    this.update(this.session.state);
    const ok = await attempt(this.notice, async () => {
      try {
        if (editing === null) await this.session.act('CreateProposal', input);
        else await this.session.act('EditProposal', editing, input);
      } catch (error) {
        // A refusal created nothing: the next create is a new one. Unanswered, it keeps its requestId.
        if (editing === null && error instanceof ApiError && !['offline', 'network', 'unknown'].includes(error.code)) {
          this.requestId = null;
        }
        throw error;
      }
    });
    this.busy = false;
    if (ok) {
      if (editing === null) this.requestId = null;
      this.reset(true);
      announce(this.notice, editing === null ? t.proposalCreated(input.title) : t.proposalSaved(input.title));
    }
    this.update(this.session.state);
  }
}
