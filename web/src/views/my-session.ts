// "My session": the proposals the person joined or owns, with the owner's contact, the fellow partners who agreed
// to be found (only for someone who agreed too), and the owner's updates, live; it keeps working after the session
// closed (docs/protocol.md "My session", docs/privacy.md "Fellow partners").

import '../styles.css';
import { HubConnectionBuilder, LogLevel, type HubConnection } from '@microsoft/signalr';
import { ApiError, downloadFile, getJson, hubError, readable } from '../api';
import { applyI18n, byTestId, el, setText, show } from '../dom';
import { countryName, formatDate, formatTime, shownName } from '../format';
import { hubCall, type HubCall } from '../hub';
import { t } from '../i18n';
import { backoff, ownChanges, storedToken, storeToken, tokenFromHash } from '../session';
import { entryKey } from '../state';
import { announce } from '../ui';
import type { Change, ChangeBatch, MySession, MySessionProposal, SessionContact } from '../types';

applyI18n();

const s = t.mySession;
const notice = byTestId('my-session-notice');
const list = byTestId('my-session-proposals');
const empty = byTestId('my-session-empty');
const contactForm = byTestId<HTMLFormElement>('my-session-contact-form');
const contactInput = byTestId<HTMLInputElement>('my-session-contact');
const back = byTestId<HTMLAnchorElement>('my-session-back');

// The personal link may open this page directly (#token=…); else the token this device keeps for the session.
const fromHash = tokenFromHash(location.hash);
if (fromHash) history.replaceState(history.state, '', location.pathname + location.search);
const token = fromHash ?? storedToken('participant') ?? storedToken('stakeholder');
const cards = new Map<number, Card>();
let call: HubCall | null = null;

function contactLine(contact: SessionContact): HTMLElement {
  const parts = [shownName(contact.name), contact.organisation, contact.country ? countryName(contact.country) : ''].filter((p) => p);
  const line = el('p', { className: 'contact' }, [el('strong', {}, parts[0] ?? ''), parts.length > 1 ? ` · ${parts.slice(1).join(' · ')}` : '']);
  if (contact.intent) line.append(` · ${t.intent[contact.intent]}`);
  return line;
}

function email(address: string | null): HTMLElement {
  return address ? el('a', { href: `mailto:${address}`, className: 'contact-email' }, address) : el('span', { className: 'help' }, s.noEmail);
}

function when(iso: string): string {
  return `${formatDate(iso)} ${formatTime(iso)}`;
}

/** One proposal: its live part (owner, partners, updates) is redrawn on each change; the forms stay as typed. */
class Card {
  readonly section: HTMLElement;
  private readonly title: HTMLElement;
  private readonly role: HTMLElement;
  private readonly live: HTMLElement;
  private readonly consents: HTMLFormElement | null = null;
  private readonly shareOwner: HTMLInputElement | null = null;
  private readonly sharePartners: HTMLInputElement | null = null;
  private readonly consentEmail: HTMLInputElement | null = null;
  private readonly post: HTMLFormElement | null = null;
  private readonly formNotice: HTMLElement;

  constructor(proposal: MySessionProposal) {
    const id = proposal.proposalId;
    this.title = el('h2', { id: `proposal-${id}-title` });
    this.role = el('p', { className: 'eyebrow' });
    this.live = el('div', { className: 'stack' });
    this.formNotice = el('p', { className: 'live-notice', role: 'status', 'aria-live': 'polite', 'data-testid': `my-session-form-notice-${id}` });
    this.section = el('section', { className: 'card stack', 'aria-labelledby': `proposal-${id}-title`, 'data-testid': `my-session-proposal-${id}` }, [
      this.title,
      this.role,
      this.live,
    ]);
    if (proposal.role === 'member') {
      this.shareOwner = el('input', { type: 'checkbox', id: `share-owner-${id}`, 'data-testid': `my-session-share-owner-${id}` });
      this.sharePartners = el('input', { type: 'checkbox', id: `share-partners-${id}`, 'data-testid': `my-session-share-partners-${id}` });
      this.consentEmail = el('input', { type: 'email', id: `consent-email-${id}`, autocomplete: 'email', inputmode: 'email', 'data-max-chars': 254 });
      this.consents = el('form', { className: 'stack', novalidate: true, 'data-testid': `my-session-consents-${id}` }, [
        el('h3', { className: 'eyebrow' }, s.consentsHeading),
        el('div', { className: 'check' }, [this.shareOwner, el('label', { for: `share-owner-${id}` }, s.shareOwner)]),
        el('div', { className: 'check' }, [this.sharePartners, el('label', { for: `share-partners-${id}` }, s.sharePartners)]),
        el('div', { className: 'field' }, [el('label', { for: `consent-email-${id}` }, s.consentsEmail), this.consentEmail]),
        el('button', { type: 'submit', className: 'btn secondary', 'data-testid': `my-session-consents-save-${id}` }, s.consentsSave),
      ]);
      this.consents.addEventListener('submit', (event) => {
        event.preventDefault();
        const address = this.consentEmail!.value.trim();
        void this.act(s.consentsSaved, (hub) =>
          hub('SetMembershipConsents', id, {
            shareContact: this.shareOwner!.checked,
            sharePartners: this.sharePartners!.checked,
            ...(address ? { email: address } : {}),
          }),
        );
      });
      this.section.append(this.consents);
    } else {
      const text = el('textarea', { id: `update-text-${id}`, rows: 3, 'data-max-chars': 500, 'data-testid': `my-session-update-text-${id}` });
      const at = el('input', { type: 'datetime-local', id: `update-at-${id}`, 'data-testid': `my-session-update-at-${id}` });
      this.post = el('form', { className: 'stack', novalidate: true, 'data-testid': `my-session-post-${id}` }, [
        el('h3', { className: 'eyebrow' }, s.postHeading),
        el('div', { className: 'field' }, [el('label', { for: `update-text-${id}` }, s.postText), text]),
        el('div', { className: 'field' }, [el('label', { for: `update-at-${id}` }, s.postWhen), at]),
        el('button', { type: 'submit', className: 'btn primary', 'data-testid': `my-session-post-send-${id}` }, s.postSend),
      ]);
      this.post.addEventListener('submit', (event) => {
        event.preventDefault();
        const startsAt = at.value ? new Date(at.value).toISOString() : null;
        void this.act(s.postSent, (hub) => hub('PostProposalUpdate', id, { text: text.value.trim(), startsAt, requestId: crypto.randomUUID() })).then(
          (ok) => {
            if (ok) {
              text.value = '';
              at.value = '';
            }
          },
        );
      });
      this.section.append(this.post);
    }
    this.section.append(this.formNotice);
    this.render(proposal, true);
  }

  private async act(done: string, run: (hub: HubCall) => Promise<unknown>): Promise<boolean> {
    if (!call) return false;
    try {
      applyChanges(ownChanges(await run(call)));
      announce(this.formNotice, done);
      return true;
    } catch (error) {
      announce(this.formNotice, readable(hubError(error)), 'error');
      return false;
    }
  }

  render(proposal: MySessionProposal, first = false): void {
    const id = proposal.proposalId;
    setText(this.title, proposal.title);
    setText(this.role, proposal.role === 'owner' ? s.roleOwner : s.roleMember(proposal.mine ? t.intent[proposal.mine.intent] : ''));
    const owner = el('div', { className: 'stack', 'data-testid': `my-session-owner-${id}` }, [
      el('h3', { className: 'eyebrow' }, s.owner),
      contactLine(proposal.owner),
      proposal.owner.email ? email(proposal.owner.email) : el('p', { className: 'help' }, s.ownerNoEmail),
    ]);
    const partners = el('ul', { className: 'my-data-list', 'data-testid': `my-session-partners-${id}` },
      proposal.partners.map((partner) => el('li', { 'data-testid': `my-session-partner-${partner.personId}` }, [contactLine(partner), email(partner.email)])),
    );
    const partnersPart = el('div', { className: 'stack' }, [
      el('h3', { className: 'eyebrow' }, proposal.role === 'owner' ? s.ownerPartnersHeading : s.partnersHeading),
    ]);
    if (proposal.role === 'member' && !proposal.seesPartners) partnersPart.append(el('p', { className: 'help', 'data-testid': `my-session-reciprocity-${id}` }, s.reciprocity));
    else partnersPart.append(proposal.partners.length ? partners : el('p', { className: 'help' }, s.partnersEmpty));
    const updates = el('ul', { className: 'my-data-list', 'data-testid': `my-session-updates-${id}` },
      proposal.updates.map((update) => {
        const item = el('li', { 'data-testid': `my-session-update-${update.id}` }, [el('p', {}, update.text)]);
        if (update.startsAt) {
          const calendar = el('button', { type: 'button', className: 'btn secondary small', 'data-testid': `my-session-ics-${update.id}` }, s.updateCalendar);
          calendar.addEventListener('click', () => {
            if (!token) return;
            downloadFile(`/api/updates/${update.id}.ics`, token, `update-${update.id}.ics`).catch((error: unknown) =>
              announce(this.formNotice, readable(error), 'error'),
            );
          });
          item.append(el('p', { className: 'help' }, s.updateAt(when(update.startsAt))), calendar);
        }
        if (update.waiting) item.append(el('p', { className: 'help' }, s.updateWaiting));
        return item;
      }),
    );
    this.live.replaceChildren(
      owner,
      partnersPart,
      el('div', { className: 'stack' }, [
        el('h3', { className: 'eyebrow' }, s.updatesHeading),
        proposal.updates.length ? updates : el('p', { className: 'help' }, s.updatesEmpty),
      ]),
    );
    // The consents follow the server, unless the person is changing them right now.
    if (proposal.mine && this.shareOwner && this.sharePartners && (first || !this.consents?.contains(document.activeElement))) {
      this.shareOwner.checked = proposal.mine.shareContact;
      this.sharePartners.checked = proposal.mine.sharePartners;
    }
  }
}

function apply(proposal: MySessionProposal): void {
  const card = cards.get(proposal.proposalId);
  if (card) card.render(proposal);
  else {
    const created = new Card(proposal);
    cards.set(proposal.proposalId, created);
    list.append(created.section);
  }
  show(empty, cards.size === 0);
}

function remove(proposalId: number): void {
  cards.get(proposalId)?.section.remove();
  cards.delete(proposalId);
  show(empty, cards.size === 0);
}

function render(session: MySession): void {
  for (const id of [...cards.keys()]) if (!session.proposals.some((p) => p.proposalId === id)) remove(id);
  for (const proposal of session.proposals) apply(proposal);
  show(empty, session.proposals.length === 0);
  show(byTestId('my-session-closed'), session.closed);
  back.href = session.role === 'stakeholder' ? '/stakeholder' : '/participant';
  show(back, true);
  if (session.role === 'stakeholder') {
    if (document.activeElement !== contactInput) contactInput.value = session.ownerContact ?? '';
    show(contactForm, true);
  }
}

async function load(): Promise<MySession | null> {
  try {
    const session = await getJson<MySession>('/api/me/session', { token: token! });
    if (fromHash) storeToken(session.role, token!);
    render(session);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'unauthorized') {
      setText(notice, s.invalid);
      list.replaceChildren();
      cards.clear();
      return null;
    }
    setText(notice, readable(error));
    return null;
  }
}

/** Per object (state.ts `entryKey`), the newest version the page applied: an own entry may come after a newer one. */
const appliedAt = new Map<string, number>();

/**
 * Applies entries of a `Changes` batch (`event.status`), an `Own` message or a call's answer (this person's
 * `my.proposal` and `my.contact`), skipping any older than what the page already shows of its object.
 */
function applyChanges(changes: readonly Change[]): void {
  for (const change of changes) {
    const key = entryKey(change);
    if ((appliedAt.get(key) ?? 0) > change.version) continue;
    appliedAt.set(key, change.version);
    if (change.kind === 'my.proposal') apply(change.data as MySessionProposal);
    else if (change.kind === 'my.proposal.removed') remove((change.data as { proposalId: number }).proposalId);
    else if (change.kind === 'my.contact' && document.activeElement !== contactInput) contactInput.value = (change.data as { email: string | null }).email ?? '';
    else if (change.kind === 'event.status') show(byTestId('my-session-closed'), (change.data as { closed: boolean }).closed);
  }
}

/**
 * The live part: `Own` messages (and the answers of this page's own calls) carry this person's my.proposal and
 * my.contact entries, the group's batches the event's status; after a reconnect the page reloads its data.
 */
async function connect(): Promise<void> {
  const connection: HubConnection = new HubConnectionBuilder()
    .withUrl('/hubs/session', { accessTokenFactory: () => token! })
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => backoff(context.previousRetryCount) })
    .configureLogging(LogLevel.Critical)
    .build();
  connection.on('Changes', (batch: ChangeBatch) => applyChanges(batch.changes));
  connection.on('Own', (batch: ChangeBatch) => applyChanges(batch.changes));
  connection.onreconnecting(() => setText(notice, s.reconnecting));
  connection.onreconnected(() => {
    setText(notice, '');
    void load();
  });
  call = hubCall(connection);
  for (let attempt = 0; ; attempt++) {
    try {
      await connection.start();
      document.body.dataset['live'] = 'true';
      // Anything that changed between the first answer and the connection.
      await load();
      return;
    } catch {
      await new Promise((resolve) => window.setTimeout(resolve, backoff(attempt)));
    }
  }
}

contactForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!call) return;
  const address = contactInput.value.trim();
  call('SetOwnerContact', { email: address || null }).then(
    (ack) => {
      applyChanges(ownChanges(ack));
      announce(notice, s.contactSaved);
    },
    (error: unknown) => announce(notice, readable(hubError(error)), 'error'),
  );
});

if (!token) setText(notice, s.noToken);
else void load().then((session) => (session ? connect() : undefined));
