// The proposal board of the attendee pages (docs/protocol.md "Proposal board"), ranked as "Ranking" says:
// cards kept by proposal id, an upvote toggle, the counts, and joining (intent, note, an explicit yes or no
// to sharing an e-mail address) and leaving. Also the members list the owner and the facilitator see.

import { el, setAttr, setText, show } from '../dom';
import { countryName, formatList, formatNumber, shownName } from '../format';
import { t } from '../i18n';
import { KeyedList } from '../keyed-list';
import type { LiveSession } from '../session';
import type { EventState } from '../state';
import { INTENTS, type Intent, type Member, type MembershipInput, type Proposal } from '../types';
import { announce, attempt } from '../ui';

// ---------------------------------------------------------------- shared pieces

/** The details of a proposal as `dt`/`dd` pairs (only the ones it has). */
export function proposalFacts(proposal: Proposal, state: EventState): [string, string][] {
  const facts: [string, string][] = [];
  if (proposal.partnersSought) facts.push([t.proposalPartnersSought, proposal.partnersSought]);
  if (proposal.countries?.length) facts.push([t.proposalCountries, formatList(proposal.countries.map(countryName))]);
  if (proposal.themes?.length) facts.push([t.proposalThemes, formatList(proposal.themes.map((theme) => t.theme[theme] ?? theme))]);
  if (proposal.tags?.length) facts.push([t.proposalTags, formatList(proposal.tags)]);
  const item = state.agendaItem(proposal.agendaItemId);
  if (item) facts.push([t.proposalAgendaItem, item.title]);
  return facts;
}

/** Fills a `dl` with facts, rebuilding it only when they changed. */
export function fillFacts(list: HTMLElement, facts: [string, string][]): void {
  const key = JSON.stringify(facts);
  if (list.dataset['key'] === key) return;
  list.dataset['key'] = key;
  list.replaceChildren(...facts.map(([term, value]) => el('div', { className: 'fact' }, [el('dt', {}, term), el('dd', {}, value)])));
  show(list, facts.length > 0);
}

export function statusText(status: Proposal['status']): string {
  return t.proposalStatus[status] ?? status;
}

// ---------------------------------------------------------------- a card on the board

class ProposalCard {
  readonly li: HTMLLIElement;
  private readonly title: HTMLElement;
  private readonly status: HTMLElement;
  private readonly owner: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly facts: HTMLElement;
  private readonly closedNote: HTMLElement;
  private readonly joinedBadge: HTMLElement;
  private readonly upvoteCount: HTMLElement;
  private readonly upvotesWord: HTMLElement;
  private readonly membersCount: HTMLElement;
  private readonly membersWord: HTMLElement;
  readonly upvote: HTMLButtonElement | null = null;
  readonly join: HTMLButtonElement | null = null;
  readonly leave: HTMLButtonElement | null = null;
  readonly ask: HTMLButtonElement | null = null;
  /** Where the join form goes when it is open for this proposal. */
  readonly slot: HTMLElement;

  constructor(
    readonly id: number,
    interactive: boolean,
    withAsk: boolean,
  ) {
    this.title = el('h3', { className: 'proposal-title', 'data-testid': 'proposal-title' });
    this.status = el('span', { className: 'proposal-status', 'data-testid': 'proposal-status' });
    this.owner = el('p', { className: 'proposal-owner' });
    this.summary = el('p', { className: 'proposal-summary' });
    this.facts = el('dl', { className: 'facts' });
    this.closedNote = el('p', { className: 'proposal-closed-note', hidden: true }, t.proposalClosedNote);
    this.joinedBadge = el('span', { className: 'badge joined-badge', hidden: true }, t.joinedBadge);
    this.upvoteCount = el('span', { className: 'count', 'data-testid': `upvote-count-${id}` }, '0');
    this.upvotesWord = el('span', { className: 'count-word' });
    this.membersCount = el('span', { className: 'count', 'data-testid': `members-count-${id}` }, '0');
    this.membersWord = el('span', { className: 'count-word' });
    const counts = el('p', { className: 'proposal-counts' }, [
      el('span', { className: 'count-pair' }, [this.upvoteCount, ' ', this.upvotesWord]),
      el('span', { className: 'count-pair' }, [this.membersCount, ' ', this.membersWord]),
      this.joinedBadge,
    ]);
    const parts: (string | Node)[] = [
      el('div', { className: 'proposal-head' }, [this.title, this.status]),
      this.owner,
      this.summary,
      this.facts,
      this.closedNote,
      counts,
    ];
    if (interactive) {
      this.upvote = el('button', { type: 'button', className: 'btn upvote', 'aria-pressed': 'false', 'data-testid': `upvote-${id}` }, [
        el('span', { 'aria-hidden': 'true' }, '▲'),
        t.upvote,
      ]);
      this.join = el('button', {
        type: 'button', className: 'btn secondary', 'aria-expanded': 'false', 'aria-controls': 'join-form',
        'data-testid': `join-${id}`,
      }, t.join);
      this.leave = el('button', { type: 'button', className: 'btn danger-outline', 'data-testid': `leave-${id}`, hidden: true }, t.leave);
      if (withAsk) this.ask = el('button', { type: 'button', className: 'btn', 'data-testid': `ask-about-${id}` }, t.askHeading);
      parts.push(el('div', { className: 'button-row proposal-actions' }, [this.upvote, this.join, this.leave, this.ask ?? '']));
    }
    this.slot = el('div', { className: 'join-slot' });
    parts.push(this.slot);
    this.li = el('li', { className: 'proposal', 'data-testid': `proposal-${id}`, 'data-proposal-id': id }, parts);
  }

  fill(proposal: Proposal, state: EventState, busy: boolean): void {
    const closed = proposal.status === 'closed';
    setAttr(this.li, 'data-status', proposal.status);
    setText(this.title, proposal.title);
    // A proposal the filter held reaches only its owner and the facilitator, marked as waiting.
    setAttr(this.li, 'data-waiting', proposal.waiting ? 'true' : 'false');
    setText(this.status, proposal.waiting ? t.polls.waiting : statusText(proposal.status));
    show(this.status, proposal.waiting === true || proposal.status !== 'open');
    setText(this.owner, t.proposalBy(shownName(proposal.ownerName), proposal.ownerOrganisation));
    setText(this.summary, proposal.summary);
    show(this.summary, proposal.summary !== '');
    fillFacts(this.facts, proposalFacts(proposal, state));
    show(this.closedNote, closed);
    setText(this.upvoteCount, formatNumber(proposal.upvotes));
    setText(this.upvotesWord, t.upvotesWord(proposal.upvotes));
    setText(this.membersCount, String(proposal.members));
    setText(this.membersWord, t.membersWord(proposal.members));
    const member = state.membership(proposal.id) !== null;
    show(this.joinedBadge, member);
    const mine = state.me?.id === proposal.ownerId;
    if (this.upvote) {
      const upvoted = state.hasUpvotedProposal(proposal.id);
      setAttr(this.upvote, 'aria-pressed', upvoted ? 'true' : 'false');
      setAttr(this.upvote, 'aria-label', t.upvoteLabel(proposal.title));
      // Withdrawing stays possible on a closed proposal (docs/protocol.md); a new upvote does not.
      this.upvote.disabled = busy || mine || (closed && !upvoted);
      setAttr(this.upvote, 'aria-busy', busy ? 'true' : null);
    }
    if (this.join) {
      setText(this.join, member ? t.joinChange : t.join);
      setAttr(this.join, 'aria-label', member ? null : t.joinLabel(proposal.title));
      this.join.disabled = busy || mine || closed;
    }
    if (this.leave) {
      show(this.leave, member);
      setAttr(this.leave, 'aria-label', t.leaveLabel(proposal.title));
      this.leave.disabled = busy;
    }
  }
}

// ---------------------------------------------------------------- the join form (one, moved to the card)

class JoinForm {
  readonly form: HTMLFormElement;
  private readonly heading: HTMLElement;
  private readonly intent: HTMLSelectElement;
  private readonly note: HTMLTextAreaElement;
  private readonly consent: HTMLFieldSetElement;
  private readonly yes: HTMLInputElement;
  private readonly no: HTMLInputElement;
  private readonly partners: HTMLInputElement;
  private readonly email: HTMLInputElement;
  private readonly submit: HTMLButtonElement;
  private readonly cancel: HTMLButtonElement;
  private readonly notice: HTMLElement;
  proposalId: number | null = null;
  busy = false;

  constructor(
    private readonly session: LiveSession,
    private readonly onClosed: (proposalId: number, message: string | null) => void,
  ) {
    this.heading = el('h4', { className: 'join-heading', id: 'join-heading' });
    this.intent = el('select', { id: 'join-intent', name: 'intent', 'data-testid': 'join-intent' });
    for (const intent of INTENTS) this.intent.append(el('option', { value: intent }, t.intent[intent]));
    this.note = el('textarea', { id: 'join-note', name: 'note', 'data-max-chars': 500, rows: 3, 'data-testid': 'join-note' });
    this.yes = el('input', { type: 'radio', id: 'join-consent-yes', name: 'join-consent', value: 'yes', 'data-testid': 'join-consent-yes' });
    this.no = el('input', { type: 'radio', id: 'join-consent-no', name: 'join-consent', value: 'no', 'data-testid': 'join-consent-no' });
    this.consent = el('fieldset', { className: 'choice', role: 'radiogroup', 'aria-required': 'true' }, [
      el('legend', {}, t.joinConsent),
      el('div', { className: 'check' }, [this.yes, el('label', { for: 'join-consent-yes' }, t.joinConsentYes)]),
      el('div', { className: 'check' }, [this.no, el('label', { for: 'join-consent-no' }, t.joinConsentNo)]),
    ]);
    // A consent of its own, never ticked for the person (docs/privacy.md, "Fellow partners").
    this.partners = el('input', { type: 'checkbox', id: 'join-share-partners', name: 'share-partners', 'data-testid': 'join-share-partners' });
    this.email = el('input', {
      id: 'join-email', name: 'email', type: 'email', 'data-max-chars': 254, autocomplete: 'email', inputmode: 'email',
      'aria-describedby': 'join-email-help', 'data-testid': 'join-email',
    });
    this.submit = el('button', { type: 'submit', className: 'btn primary', 'data-testid': 'join-submit' }, t.joinSend);
    this.cancel = el('button', { type: 'button', className: 'btn', 'data-testid': 'join-cancel' }, t.cancel);
    this.notice = el('p', { className: 'live-notice', role: 'status', 'aria-live': 'polite', 'data-testid': 'join-notice' });
    this.form = el('form', { id: 'join-form', className: 'join-form stack', novalidate: true, 'aria-labelledby': 'join-heading', 'data-testid': 'join-form' }, [
      this.heading,
      el('div', { className: 'field' }, [el('label', { for: 'join-intent' }, t.joinIntent), this.intent]),
      el('div', { className: 'field' }, [el('label', { for: 'join-note' }, t.joinNote), this.note]),
      this.consent,
      el('div', { className: 'check' }, [this.partners, el('label', { for: 'join-share-partners' }, t.mySession.joinSharePartners)]),
      el('div', { className: 'field' }, [
        el('label', { for: 'join-email' }, t.joinEmailLabel),
        this.email,
        el('p', { className: 'help', id: 'join-email-help' }, t.joinProposalEmailHelp),
      ]),
      this.notice,
      el('div', { className: 'button-row' }, [this.submit, this.cancel]),
    ]);
    for (const radio of [this.yes, this.no]) {
      radio.addEventListener('change', () => {
        setAttr(this.consent, 'aria-invalid', null);
        if (this.notice.dataset['kind'] === 'error') announce(this.notice, '');
      });
    }
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
    this.cancel.addEventListener('click', () => this.close(null));
    this.form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close(null);
    });
  }

  open(proposal: Proposal, slot: HTMLElement): void {
    const membership = this.session.state.membership(proposal.id);
    this.proposalId = proposal.id;
    setText(this.heading, t.joinFormHeading(proposal.title));
    this.intent.value = membership?.intent ?? 'partner';
    this.note.value = membership?.note ?? '';
    // Neither answer is chosen for the person: sharing an e-mail address is an explicit yes or no.
    this.yes.checked = membership ? membership.shareContact : false;
    this.no.checked = membership ? !membership.shareContact : false;
    this.partners.checked = membership?.sharePartners ?? false;
    this.email.value = '';
    setAttr(this.consent, 'aria-invalid', null);
    announce(this.notice, '');
    setText(this.submit, membership ? t.joinSave : t.joinSend);
    slot.append(this.form);
    this.intent.focus();
  }

  close(message: string | null): void {
    const id = this.proposalId;
    this.proposalId = null;
    this.form.remove();
    if (id !== null) this.onClosed(id, message);
  }

  /** Follows the state: the proposal may have closed or vanished while the form was open. */
  refresh(proposal: Proposal | null): void {
    if (this.proposalId === null) return;
    if (!proposal) {
      this.close(null);
      return;
    }
    this.submit.disabled = this.busy || proposal.status === 'closed';
    setAttr(this.submit, 'aria-busy', this.busy ? 'true' : null);
    if (proposal.status === 'closed' && this.notice.textContent !== t.proposalClosedNote) {
      announce(this.notice, t.proposalClosedNote, 'error');
    }
  }

  private async send(): Promise<void> {
    const id = this.proposalId;
    if (id === null || this.busy) return;
    if (!this.yes.checked && !this.no.checked) {
      setAttr(this.consent, 'aria-invalid', 'true');
      announce(this.notice, t.joinConsentRequired, 'error');
      this.yes.focus();
      return;
    }
    this.email.value = this.email.value.trim();
    const sharing = this.yes.checked || this.partners.checked;
    if (sharing && this.email.value && !this.email.checkValidity()) {
      setAttr(this.email, 'aria-invalid', 'true');
      announce(this.notice, this.email.validationMessage, 'error');
      this.email.focus();
      return;
    }
    setAttr(this.email, 'aria-invalid', null);
    const input: MembershipInput = {
      intent: this.intent.value as Intent,
      note: this.note.value.trim(),
      shareContact: this.yes.checked,
      sharePartners: this.partners.checked,
    };
    // The e-mail address only goes to the server when the person said yes to sharing it (with either).
    if (sharing && this.email.value) input.email = this.email.value;
    const wasMember = this.session.state.membership(id) !== null;
    this.busy = true;
    this.refresh(this.session.state.proposal(id));
    const ok = await attempt(this.notice, () => this.session.act('JoinProposal', id, input));
    this.busy = false;
    const proposal = this.session.state.proposal(id);
    if (ok && this.proposalId === id) {
      this.close(proposal ? (wasMember ? t.joinUpdatedNotice(proposal.title) : t.joinedNotice(proposal.title)) : null);
    } else {
      this.refresh(proposal);
    }
  }
}

// ---------------------------------------------------------------- the board

export interface BoardOptions {
  /** The `ol` the cards go in. */
  list: HTMLElement;
  /** The polite live region for what happened (and refusals). */
  notice: HTMLElement;
  /** Upvote, join and leave (the participant); without it the board is read-only. */
  interactive: boolean;
  /** Shows an "Ask a question" button per proposal that calls this. */
  onAsk?: (proposalId: number) => void;
}

export class ProposalBoard {
  private readonly cards: KeyedList<Proposal, number, ProposalCard>;
  private readonly busy = new Set<number>();
  private readonly joinForm: JoinForm | null;

  constructor(
    private readonly session: LiveSession,
    private readonly options: BoardOptions,
  ) {
    this.cards = new KeyedList(options.list, {
      key: (proposal) => proposal.id,
      create: (proposal) => this.makeCard(proposal.id),
      node: (card) => card.li,
      update: (card, proposal) => card.fill(proposal, this.session.state, this.busy.has(proposal.id)),
      empty: el('li', { className: 'list-empty', 'data-testid': 'board-empty' }, t.boardEmpty),
    });
    this.joinForm = options.interactive
      ? new JoinForm(session, (id, message) => {
          const card = this.cards.get(id);
          if (card?.join) {
            setAttr(card.join, 'aria-expanded', 'false');
            if (card.join.isConnected && !card.join.disabled) card.join.focus();
          }
          if (message) announce(this.options.notice, message);
        })
      : null;
  }

  update(): void {
    const state = this.session.state;
    this.cards.render(state.rankedProposals);
    this.joinForm?.refresh(state.proposal(this.joinForm.proposalId));
  }

  private makeCard(id: number): ProposalCard {
    const card = new ProposalCard(id, this.options.interactive, !!this.options.onAsk);
    card.upvote?.addEventListener('click', () => void this.toggleUpvote(id));
    card.join?.addEventListener('click', () => this.toggleJoinForm(id));
    card.leave?.addEventListener('click', () => void this.leave(id));
    card.ask?.addEventListener('click', () => this.options.onAsk?.(id));
    return card;
  }

  private async run(id: number, action: () => Promise<unknown>): Promise<boolean> {
    if (this.busy.has(id)) return false;
    this.busy.add(id);
    this.update();
    const ok = await attempt(this.options.notice, action);
    this.busy.delete(id);
    this.update();
    return ok;
  }

  private async toggleUpvote(id: number): Promise<void> {
    const upvoted = this.session.state.hasUpvotedProposal(id);
    await this.run(id, () => this.session.act(upvoted ? 'WithdrawProposalUpvote' : 'UpvoteProposal', id));
  }

  private toggleJoinForm(id: number): void {
    const form = this.joinForm;
    const card = this.cards.get(id);
    const proposal = this.session.state.proposal(id);
    if (!form || !card || !proposal) return;
    if (form.proposalId === id) {
      form.close(null);
      return;
    }
    if (form.proposalId !== null) form.close(null);
    form.open(proposal, card.slot);
    if (card.join) setAttr(card.join, 'aria-expanded', 'true');
  }

  private async leave(id: number): Promise<void> {
    const title = this.session.state.proposal(id)?.title ?? '';
    if (this.joinForm?.proposalId === id) this.joinForm.close(null);
    const ok = await this.run(id, () => this.session.act('LeaveProposal', id));
    if (ok) {
      announce(this.options.notice, t.leftNotice(title));
      const join = this.cards.get(id)?.join;
      if (join && !join.disabled) join.focus();
    }
  }
}

// ---------------------------------------------------------------- members (owner and facilitator)

function memberKey(member: Member): string {
  return JSON.stringify([member.name, member.organisation, member.country, member.intent, member.note, member.shareContact, member.email]);
}

/** The people who joined one proposal: `members-<proposalId>` with rows `member-<proposalId>-<personId>`. */
export class MemberList {
  readonly list: HTMLUListElement;
  private readonly rows: KeyedList<Member, number, HTMLLIElement>;

  constructor(readonly proposalId: number) {
    this.list = el('ul', { className: 'members', 'data-testid': `members-${proposalId}` });
    this.rows = new KeyedList(this.list, {
      key: (member) => member.personId,
      create: (member) => el('li', { className: 'member', 'data-testid': `member-${proposalId}-${member.personId}` }),
      update: (row, member) => {
        const key = memberKey(member);
        if (row.dataset['key'] !== key) {
          row.dataset['key'] = key;
          row.replaceChildren(...memberParts(member));
        }
      },
      empty: el('li', { className: 'list-empty' }, t.membersEmpty),
    });
  }

  update(members: readonly Member[]): void {
    this.rows.render([...members].sort((a, b) => (a.joinedAt < b.joinedAt ? -1 : a.joinedAt > b.joinedAt ? 1 : a.personId - b.personId)));
  }
}

function memberParts(member: Member): Node[] {
  const parts: Node[] = [
    el('div', { className: 'member-head' }, [
      el('span', { className: 'member-name', 'data-testid': 'member-name' }, shownName(member.name)),
      el('span', { className: 'badge', 'data-testid': 'member-intent' }, t.intent[member.intent] ?? member.intent),
    ]),
    el('p', { className: 'member-details' }, [member.organisation, countryName(member.country)].filter(Boolean).join(' · ')),
  ];
  if (member.note) parts.push(el('p', { className: 'member-note', 'data-testid': 'member-note' }, member.note));
  if (member.email) {
    // An attribute set through the DOM, behind a fixed scheme: the address cannot become markup or script.
    parts.push(el('p', { className: 'member-email' }, [
      el('a', { href: `mailto:${member.email}`, 'data-testid': 'member-email' }, member.email),
    ]));
  } else {
    parts.push(el('p', { className: 'member-details' }, member.shareContact ? t.memberSharesContact : t.memberNoContact));
  }
  return parts;
}
