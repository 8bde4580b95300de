// The facilitator's list of proposal owners' updates the room's content filter held (docs/protocol.md "My session"):
// why, and the two answers (ApproveProposalUpdate, RejectProposalUpdate).

import { readable } from '../api';
import { el } from '../dom';
import { formatDate, formatTime } from '../format';
import { t } from '../i18n';
import type { LiveSession } from '../session';
import type { EventState } from '../state';
import type { ProposalUpdate } from '../types';
import { announce } from '../ui';

const s = t.mySession;

export class HeldUpdates {
  readonly root: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLParagraphElement;
  private readonly notice: HTMLParagraphElement;
  private shown = '';

  constructor(private readonly live: LiveSession) {
    this.list = el('ul', { className: 'plain', 'data-testid': 'held-updates' });
    this.empty = el('p', { className: 'help', 'data-testid': 'held-updates-empty' }, s.heldEmpty);
    this.notice = el('p', { className: 'notice', role: 'status', 'data-testid': 'held-updates-notice' });
    this.root = el('section', { className: 'card', 'aria-labelledby': 'held-updates-heading', 'data-testid': 'held-updates-card' }, [
      el('h2', { id: 'held-updates-heading' }, s.heldHeading),
      this.empty,
      this.list,
      this.notice,
    ]);
  }

  /** Redraws only when the held updates (or a proposal's title) changed, so a button keeps its focus. */
  update(state: EventState): void {
    const title = (update: ProposalUpdate): string => state.proposals.find((p) => p.id === update.proposalId)?.title ?? '';
    const key = JSON.stringify(state.heldUpdates.map((u) => [u.id, u.text, u.heldFor, title(u)]));
    if (key === this.shown) return;
    this.shown = key;
    this.empty.hidden = state.heldUpdates.length > 0;
    this.list.replaceChildren(...state.heldUpdates.map((update) => this.row(update, title(update))));
  }

  private row(update: ProposalUpdate, title: string): HTMLLIElement {
    const approve = el('button', {
      type: 'button', className: 'btn small', 'data-testid': `approve-update-${update.id}`, 'aria-label': `${s.heldApproveLabel}: ${title}`,
    }, t.proposalApprove);
    const reject = el('button', {
      type: 'button', className: 'btn small secondary', 'data-testid': `reject-update-${update.id}`, 'aria-label': `${s.heldRejectLabel}: ${title}`,
    }, t.proposalReject);
    approve.addEventListener('click', () => void this.answer([approve, reject], 'ApproveProposalUpdate', update.id, s.heldApproved));
    reject.addEventListener('click', () => void this.answer([approve, reject], 'RejectProposalUpdate', update.id, s.heldRejected));
    return el('li', { className: 'held-update', 'data-testid': `held-update-${update.id}` }, [
      el('p', {}, [el('strong', {}, `${s.heldProposal}: `), title]),
      el('p', { 'data-testid': `held-update-text-${update.id}` }, update.text),
      ...(update.startsAt ? [el('p', { className: 'help' }, s.updateAt(`${formatDate(update.startsAt)} ${formatTime(update.startsAt)}`))] : []),
      el('p', { className: 'held-reason', 'data-testid': `held-update-reason-${update.id}` }, t.polls.heldFor(update.heldFor ?? '')),
      el('div', { className: 'actions' }, [approve, reject]),
    ]);
  }

  private async answer(buttons: HTMLButtonElement[], method: 'ApproveProposalUpdate' | 'RejectProposalUpdate', id: number, done: string): Promise<void> {
    for (const button of buttons) button.disabled = true;
    try {
      await this.live.act(method, id);
      announce(this.notice, done);
    } catch (error) {
      announce(this.notice, readable(error), 'error');
      for (const button of buttons) button.disabled = false;
    }
  }
}
