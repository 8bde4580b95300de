// The organiser console (/organiser): sign in (password, or the organisation's single sign-on when the hub has it),
// the organiser's events grouped as upcoming / live / closed / archived, create one from a template or a past event,
// open its facilitator console, archive or delete it, and invite another organiser (docs/protocol.md "Organisers").
// The sign-in is an HttpOnly cookie the page never sees; every POST and DELETE carries X-Organiser-Request.

import '../styles.css';
import { ApiError, getJson, readable, requestJson } from '../api';
import { applyI18n, byTestId, el, setText, show } from '../dom';
import { t } from '../i18n';

interface Organiser { id: number; email: string; name: string }
interface ConsoleOptions { openIdConnect: boolean; openIdConnectName: string | null }
interface OrganiserEvent { id: number; title: string; joinCode: string; group: string; startsAt: string | null; createdAt: string; checkedIn: number }
interface OrganiserEvents { upcoming: OrganiserEvent[]; live: OrganiserEvent[]; closed: OrganiserEvent[]; archived: OrganiserEvent[] }
interface EventLinks { facilitator: string; projector: string; join: string }
interface CreatedEvent { eventId: number; title: string; joinCode: string; links: EventLinks }
interface Invitation { email: string; link: string; expiresAt: string }
interface InvitationView { email: string; invitedBy: string; expiresAt: string }

const o = t.organiser;
const headers = { 'X-Organiser-Request': '1' };
const post = <T>(path: string, body?: unknown): Promise<T> => requestJson<T>('POST', path, { headers, body });

applyI18n();
document.title = `${o.title} · ${t.productName}`;
setText(byTestId('organiser-heading'), o.title);
for (const [testId, value] of [
  ['sign-in-heading', o.signInHeading], ['sign-in-email-label', o.email], ['sign-in-password-label', o.password],
  ['sign-in-submit', o.signIn], ['accept-heading', o.acceptHeading], ['accept-name-label', o.name],
  ['accept-password-label', o.newPassword], ['accept-submit', o.accept], ['sign-out', o.signOut],
  ['create-heading', o.createHeading], ['create-template-label', o.template], ['create-template-help', o.templateHelp],
  ['create-title-label', o.eventTitle], ['create-starts-label', o.eventStarts], ['create-submit', o.create],
  ['events-heading', o.eventsHeading], ['invite-heading', o.inviteHeading], ['invite-email-label', o.inviteEmail],
  ['invite-submit', o.invite], ['invite-link-label', o.inviteLink],
] as const) {
  setText(byTestId(testId), value);
}

const notice = byTestId('organiser-notice');
const signInCard = byTestId('sign-in-card');
const acceptCard = byTestId('accept-card');
const consoleArea = byTestId('organiser-console');
const templateSelect = byTestId<HTMLSelectElement>('create-template');
const titleInput = byTestId<HTMLInputElement>('create-title');
const startsInput = byTestId<HTMLInputElement>('create-starts');
const groups = byTestId('event-groups');
let invitationToken: string | null = null;

function say(message: string, kind: 'info' | 'error' = 'info'): void {
  notice.dataset['kind'] = kind;
  setText(notice, message);
}

function fieldError(testId: string, error: unknown): void {
  setText(byTestId(testId), error === null ? '' : error instanceof ApiError && error.code === 'rate_limited' ? o.tooManyAttempts : readable(error));
}

/** Runs an action with its button busy, so a double click sends once. */
async function busy(button: HTMLButtonElement, action: () => Promise<void>): Promise<void> {
  if (button.getAttribute('aria-busy') === 'true') return;
  button.setAttribute('aria-busy', 'true');
  button.disabled = true;
  try {
    await action();
  } finally {
    button.removeAttribute('aria-busy');
    button.disabled = false;
  }
}

function when(iso: string | null): string {
  return iso ? new Intl.DateTimeFormat(t.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '';
}

function showSignIn(): void {
  show(consoleArea, false);
  show(acceptCard, false);
  show(signInCard, true);
  setText(byTestId('organiser-role'), '');
}

async function showConsole(me: Organiser): Promise<void> {
  show(signInCard, false);
  show(acceptCard, false);
  show(consoleArea, true);
  setText(byTestId('organiser-me'), o.signedInAs(me.name, me.email));
  setText(byTestId('organiser-role'), o.role);
  await loadEvents();
}

// ---------------------------------------------------------------- the events

function eventItem(event: OrganiserEvent): HTMLLIElement {
  const meta = [o.joinCode(event.joinCode)];
  if (event.startsAt) meta.push(o.startsAt(when(event.startsAt)));
  if (event.group === 'live') meta.push(o.checkedIn(event.checkedIn));
  const actions = el('div', { className: 'button-row' });
  const item = el('li', { className: 'organiser-event', 'data-testid': `event-${event.id}` }, [
    el('span', { className: 'organiser-event-title', 'data-testid': 'event-title' }, event.title),
    el('span', { className: 'organiser-event-meta', 'data-testid': 'event-meta' }, meta.join(' · ')),
    actions,
  ]);

  const open = el('button', { type: 'button', className: 'btn primary small', 'data-testid': 'open-console', 'aria-label': o.openConsoleLabel(event.title) }, o.openConsole);
  open.addEventListener('click', () => void busy(open, async () => {
    try {
      const created = await post<CreatedEvent>(`/api/organiser/events/${event.id}/links`);
      location.assign(created.links.facilitator);
    } catch (error) {
      say(readable(error), 'error');
    }
  }));
  actions.append(open);

  const archived = event.group === 'archived';
  const archive = el('button', { type: 'button', className: 'btn secondary small', 'data-testid': archived ? 'unarchive' : 'archive',
    'aria-label': archived ? o.unarchiveLabel(event.title) : o.archiveLabel(event.title) }, archived ? o.unarchive : o.archive);
  archive.addEventListener('click', () => void busy(archive, async () => {
    try {
      await post<void>(`/api/organiser/events/${event.id}/${archived ? 'unarchive' : 'archive'}`);
      say(archived ? o.unarchivedNotice(event.title) : o.archivedNotice(event.title));
      await loadEvents();
    } catch (error) {
      say(readable(error), 'error');
    }
  }));
  actions.append(archive);

  const remove = el('button', { type: 'button', className: 'btn danger-outline small', 'data-testid': 'delete', 'aria-label': o.deleteLabel(event.title) }, o.delete);
  remove.addEventListener('click', () => {
    const yes = el('button', { type: 'button', className: 'btn danger small', 'data-testid': 'delete-confirm' }, o.deleteYes);
    const no = el('button', { type: 'button', className: 'btn secondary small', 'data-testid': 'delete-cancel' }, o.cancel);
    const confirm = el('div', { className: 'organiser-confirm', role: 'group', 'aria-label': o.deleteLabel(event.title) }, [
      el('p', {}, o.deleteConfirm(event.title)),
      el('div', { className: 'button-row' }, [yes, no]),
    ]);
    actions.replaceWith(confirm);
    no.focus();
    no.addEventListener('click', () => {
      confirm.replaceWith(actions);
      remove.focus();
    });
    yes.addEventListener('click', () => void busy(yes, async () => {
      try {
        await requestJson<void>('DELETE', `/api/organiser/events/${event.id}`, { headers });
        say(o.deleted(event.title));
        await loadEvents();
      } catch (error) {
        say(readable(error), 'error');
      }
    }));
  });
  actions.append(remove);
  return item;
}

function renderEvents(events: OrganiserEvents): void {
  const sections: [keyof OrganiserEvents, string][] = [['live', o.live], ['upcoming', o.upcoming], ['closed', o.closed], ['archived', o.archived]];
  groups.replaceChildren(
    ...sections.map(([key, heading]) => {
      const list = events[key];
      return el('section', { className: 'organiser-group', 'data-testid': `group-${key}`, 'aria-labelledby': `group-${key}-heading` }, [
        el('h3', { id: `group-${key}-heading` }, `${heading} (${list.length})`),
        list.length === 0
          ? el('p', { className: 'help' }, o.none)
          : el('ul', { className: 'organiser-events' }, list.map(eventItem)),
      ]);
    }),
  );

  // Templates: the built-in ones, then each past event of this organiser (archived ones too: a good plan is worth reusing).
  const chosen = templateSelect.value;
  const past = [...events.live, ...events.closed, ...events.upcoming, ...events.archived];
  templateSelect.replaceChildren(
    el('option', { value: 'antwerp-afternoon' }, o.templateAntwerp),
    el('option', { value: 'empty' }, o.templateEmpty),
    ...past.map((event) => el('option', { value: `event:${event.id}`, 'data-title': event.title }, o.templatePast(event.title))),
  );
  if ([...templateSelect.options].some((option) => option.value === chosen)) templateSelect.value = chosen;
}

async function loadEvents(): Promise<void> {
  try {
    renderEvents(await getJson<OrganiserEvents>('/api/organiser/events'));
  } catch (error) {
    if (error instanceof ApiError && error.code === 'unauthorized') showSignIn();
    else say(readable(error), 'error');
  }
}

// ---------------------------------------------------------------- the forms

byTestId<HTMLFormElement>('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const button = byTestId<HTMLButtonElement>('sign-in-submit');
  void busy(button, async () => {
    fieldError('sign-in-error', null);
    try {
      const me = await post<Organiser>('/api/organiser/sign-in', {
        email: byTestId<HTMLInputElement>('sign-in-email').value,
        password: byTestId<HTMLInputElement>('sign-in-password').value,
      });
      byTestId<HTMLInputElement>('sign-in-password').value = '';
      await showConsole(me);
    } catch (error) {
      fieldError('sign-in-error', error);
    }
  });
});

byTestId<HTMLFormElement>('accept-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void busy(byTestId<HTMLButtonElement>('accept-submit'), async () => {
    fieldError('accept-error', null);
    try {
      const me = await post<Organiser>('/api/organiser/invitation/accept', {
        token: invitationToken,
        name: byTestId<HTMLInputElement>('accept-name').value,
        password: byTestId<HTMLInputElement>('accept-password').value,
      });
      invitationToken = null;
      await showConsole(me);
    } catch (error) {
      fieldError('accept-error', error);
    }
  });
});

byTestId('sign-out').addEventListener('click', () => {
  void post<void>('/api/organiser/sign-out').finally(() => {
    say(o.signedOut);
    showSignIn();
  });
});

templateSelect.addEventListener('change', () => {
  // A copy suggests its own title; the person edits it.
  const option = templateSelect.selectedOptions[0];
  if (option?.dataset['title'] && !titleInput.value) titleInput.value = option.dataset['title'];
});

byTestId<HTMLFormElement>('create-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void busy(byTestId<HTMLButtonElement>('create-submit'), async () => {
    fieldError('create-error', null);
    try {
      const created = await post<CreatedEvent>('/api/organiser/events', {
        title: titleInput.value,
        template: templateSelect.value,
        startsAt: startsInput.value ? new Date(startsInput.value).toISOString() : null,
      });
      titleInput.value = '';
      startsInput.value = '';
      say(o.created(created.title));
      await loadEvents();
    } catch (error) {
      fieldError('create-error', error);
    }
  });
});

byTestId<HTMLFormElement>('invite-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void busy(byTestId<HTMLButtonElement>('invite-submit'), async () => {
    fieldError('invite-error', null);
    try {
      const invitation = await post<Invitation>('/api/organiser/invitations', { email: byTestId<HTMLInputElement>('invite-email').value });
      byTestId<HTMLInputElement>('invite-link').value = invitation.link;
      show(byTestId('invite-result'), true);
      byTestId<HTMLInputElement>('invite-link').select();
    } catch (error) {
      fieldError('invite-error', error);
    }
  });
});

// ---------------------------------------------------------------- start

async function start(): Promise<void> {
  // An invitation travels in the fragment (#invitation=…), never sent to a server's log; the address bar is cleared.
  const fromHash = /(?:^#|&)invitation=([^&]+)/.exec(location.hash)?.[1];
  if (fromHash) {
    invitationToken = decodeURIComponent(fromHash);
    history.replaceState(history.state, '', location.pathname);
    try {
      const view = await post<InvitationView>('/api/organiser/invitation', { token: invitationToken });
      setText(byTestId('accept-intro'), o.acceptIntro(view.invitedBy, view.email));
      show(acceptCard, true);
      return;
    } catch {
      say(o.invitationInvalid, 'error');
    }
  }

  const signIn = new URLSearchParams(location.search).get('signin');
  if (signIn === 'unknown') say(o.signInUnknown, 'error');
  else if (signIn === 'failed') say(o.signInFailed, 'error');

  try {
    const options = await getJson<ConsoleOptions>('/api/organiser/options');
    const oidc = byTestId('sign-in-oidc');
    setText(oidc, options.openIdConnectName || o.signInOidc);
    show(oidc, options.openIdConnect);
  } catch {
    // Without the options the password form still works.
  }

  try {
    await showConsole(await getJson<Organiser>('/api/organiser/me'));
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'unauthorized')) say(readable(error), 'error');
    showSignIn();
  }
}

void start();
