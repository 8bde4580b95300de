// Proposals as their owner and the facilitator manage them: status, edit, who joined (with the e-mail address
// only where they said yes), and the joiners' CSV (GET /api/proposals/{id}/members.csv with the bearer token). A
// proposal the content filter held shows as waiting; the facilitator sees why and approves or rejects it.

import { downloadFile } from '../api';
import { el, setAttr, setText, show } from '../dom';
import { formatNumber, shownName } from '../format';
import { t } from '../i18n';
import { KeyedList } from '../keyed-list';
import type { LiveSession } from '../session';
import type { EventState } from '../state';
import { PROPOSAL_STATUSES, type Proposal, type ProposalStatus } from '../types';
import { announce, attempt } from '../ui';
import { fillFacts, MemberList, proposalFacts, statusText } from './proposals';

/** Saves the joiners of a proposal as CSV; a refusal goes to `notice`. */
export async function downloadMembers(session: LiveSession, proposalId: number, button: HTMLButtonElement, notice: HTMLElement): Promise<void> {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  const ok = await attempt(notice, () =>
    downloadFile(`/api/proposals/${proposalId}/members.csv`, session.token, `proposal-${proposalId}-joiners.csv`),
  );
  button.disabled = false;
  button.removeAttribute('aria-busy');
  if (ok) announce(notice, t.downloadStarted);
}

class ManagedCard {
  readonly li: HTMLLIElement;
  readonly edit: HTMLButtonElement;
  readonly status: HTMLSelectElement;
  readonly exportButton: HTMLButtonElement;
  readonly approve: HTMLButtonElement;
  readonly reject: HTMLButtonElement;
  readonly notice: HTMLElement;
  private readonly held: HTMLElement;
  private readonly title: HTMLElement;
  private readonly owner: HTMLElement | null;
  private readonly summary: HTMLElement;
  private readonly facts: HTMLElement;
  private readonly upvotes: HTMLElement;
  private readonly members: HTMLElement;
  private readonly memberList: MemberList;
  private readonly upvotesWord = el('span', { className: 'count-word' });
  private readonly membersWord = el('span', { className: 'count-word' });
  busy = false;

  constructor(readonly id: number, testIdPrefix: string, showOwner: boolean, private readonly moderate: boolean) {
    this.title = el('h3', { className: 'proposal-title', 'data-testid': `${testIdPrefix}-title` });
    this.owner = showOwner ? el('p', { className: 'proposal-owner', 'data-testid': `${testIdPrefix}-owner` }) : null;
    this.summary = el('p', { className: 'proposal-summary' });
    this.facts = el('dl', { className: 'facts' });
    this.upvotes = el('span', { className: 'count', 'data-testid': `${testIdPrefix}-upvotes-${id}` }, '0');
    this.members = el('span', { className: 'count', 'data-testid': `${testIdPrefix}-members-${id}` }, '0');
    const statusId = `status-${id}`;
    this.status = el('select', { id: statusId, 'data-testid': statusId });
    for (const status of PROPOSAL_STATUSES) this.status.append(el('option', { value: status }, statusText(status)));
    this.edit = el('button', { type: 'button', className: 'btn small', 'data-testid': `edit-proposal-${id}` }, t.proposalEdit);
    this.exportButton = el('button', { type: 'button', className: 'btn small secondary', 'data-testid': `export-members-${id}` }, t.exportMembers);
    this.approve = el('button', { type: 'button', className: 'btn small', 'data-testid': `approve-proposal-${id}` }, t.proposalApprove);
    this.reject = el('button', { type: 'button', className: 'btn small secondary', 'data-testid': `reject-proposal-${id}` }, t.proposalReject);
    this.held = el('p', { className: 'held-reason', 'data-testid': `proposal-held-${id}` });
    this.notice = el('p', { className: 'live-notice', role: 'status', 'aria-live': 'polite', 'data-testid': `proposal-notice-${id}` });
    this.memberList = new MemberList(id);
    this.li = el('li', { className: 'proposal managed', 'data-testid': `${testIdPrefix}-${id}`, 'data-proposal-id': id }, [
      el('div', { className: 'proposal-head' }, [this.title]),
      this.held,
      this.owner ?? '',
      this.summary,
      this.facts,
      el('p', { className: 'proposal-counts' }, [
        el('span', { className: 'count-pair' }, [this.upvotes, ' ', this.upvotesWord]),
        el('span', { className: 'count-pair' }, [this.members, ' ', this.membersWord]),
      ]),
      el('div', { className: 'manage-row' }, [
        el('div', { className: 'field inline' }, [el('label', { for: statusId }, t.statusLabel), this.status]),
        el('div', { className: 'button-row' }, moderate ? [this.edit, this.exportButton, this.approve, this.reject] : [this.edit, this.exportButton]),
      ]),
      this.notice,
      el('h4', { className: 'members-heading' }, t.membersHeading),
      this.memberList.list,
    ]);
  }

  fill(proposal: Proposal, state: EventState): void {
    setAttr(this.li, 'data-status', proposal.status);
    setAttr(this.li, 'data-waiting', proposal.waiting ? 'true' : 'false');
    setText(this.title, proposal.title);
    // Held by the filter: the owner sees it waiting; the facilitator sees why, and whether they rejected it.
    const why = this.moderate && proposal.heldFor ? ` ${t.polls.heldFor(proposal.heldFor)}` : '';
    setText(this.held, proposal.waiting ? `${proposal.rejected ? t.proposalRejected : t.proposalWaiting}${why}` : '');
    show(this.held, proposal.waiting === true);
    show(this.approve, proposal.waiting === true);
    show(this.reject, proposal.rejected !== true);
    setAttr(this.approve, 'aria-label', t.proposalApproveLabel(proposal.title));
    setAttr(this.reject, 'aria-label', t.proposalRejectLabel(proposal.title));
    if (this.owner) setText(this.owner, t.proposalBy(shownName(proposal.ownerName), proposal.ownerOrganisation));
    setText(this.summary, proposal.summary);
    show(this.summary, proposal.summary !== '');
    fillFacts(this.facts, proposalFacts(proposal, state));
    setText(this.upvotes, formatNumber(proposal.upvotes));
    setText(this.members, String(proposal.members));
    setText(this.upvotesWord, t.upvotesWord(proposal.upvotes));
    setText(this.membersWord, t.membersWord(proposal.members));
    // Never overwrite the select while its change is being sent.
    if (!this.busy && this.status.value !== proposal.status) this.status.value = proposal.status;
    this.status.disabled = this.busy;
    setAttr(this.status, 'aria-label', t.statusLabelFor(proposal.title));
    setAttr(this.edit, 'aria-label', t.proposalEditLabel(proposal.title));
    setAttr(this.exportButton, 'aria-label', t.exportMembersLabel(proposal.title));
    this.memberList.update(state.membersOf(proposal.id));
  }
}

export interface ManagedListOptions {
  list: HTMLElement;
  /** `my-proposal` (the stakeholder's) or `fac-proposal`. */
  testIdPrefix: string;
  showOwner: boolean;
  /** Approve and reject buttons (the facilitator's list). */
  moderate?: boolean;
  /** Which proposals are listed. */
  include: (proposal: Proposal, state: EventState) => boolean;
  emptyText: string;
  onEdit: (proposal: Proposal) => void;
}

export class ManagedProposals {
  private readonly cards: KeyedList<Proposal, number, ManagedCard>;

  constructor(
    private readonly session: LiveSession,
    private readonly options: ManagedListOptions,
  ) {
    this.cards = new KeyedList(options.list, {
      key: (proposal) => proposal.id,
      create: (proposal) => this.makeCard(proposal.id),
      node: (card) => card.li,
      update: (card, proposal) => card.fill(proposal, this.session.state),
      empty: el('li', { className: 'list-empty' }, options.emptyText),
    });
  }

  update(): void {
    const state = this.session.state;
    this.cards.render(state.rankedProposals.filter((proposal) => this.options.include(proposal, state)));
  }

  focusEdit(id: number): void {
    this.cards.get(id)?.edit.focus();
  }

  private makeCard(id: number): ManagedCard {
    const card = new ManagedCard(id, this.options.testIdPrefix, this.options.showOwner, this.options.moderate === true);
    card.edit.addEventListener('click', () => {
      const proposal = this.session.state.proposal(id);
      if (proposal) this.options.onEdit(proposal);
    });
    card.exportButton.addEventListener('click', () => void downloadMembers(this.session, id, card.exportButton, card.notice));
    card.status.addEventListener('change', () => void this.setStatus(card));
    card.approve.addEventListener('click', () => void this.moderateCard(card, card.approve, 'ApproveProposal'));
    card.reject.addEventListener('click', () => void this.moderateCard(card, card.reject, 'RejectProposal'));
    return card;
  }

  private async moderateCard(card: ManagedCard, button: HTMLButtonElement, method: 'ApproveProposal' | 'RejectProposal'): Promise<void> {
    if (card.busy) return;
    card.busy = true;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    const ok = await attempt(card.notice, () => this.session.act(method, card.id));
    card.busy = false;
    button.disabled = false;
    button.removeAttribute('aria-busy');
    const proposal = this.session.state.proposal(card.id);
    if (ok && proposal) announce(card.notice, method === 'ApproveProposal' ? t.proposalApproved(proposal.title) : t.proposalRejectedNotice(proposal.title));
    this.update();
  }

  private async setStatus(card: ManagedCard): Promise<void> {
    if (card.busy) return;
    const status = card.status.value as ProposalStatus;
    card.busy = true;
    card.status.disabled = true;
    card.status.setAttribute('aria-busy', 'true');
    const ok = await attempt(card.notice, () => this.session.act('SetProposalStatus', card.id, status));
    card.busy = false;
    card.status.removeAttribute('aria-busy');
    const proposal = this.session.state.proposal(card.id);
    if (ok && proposal) announce(card.notice, t.statusChanged(proposal.title, statusText(proposal.status)));
    this.update(); // puts the select back on the real status after a refusal
    if (card.status.isConnected) card.status.focus({ preventScroll: true });
  }
}
