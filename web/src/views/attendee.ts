// The participant and stakeholder pages: event title, Now / Next with countdown, the agenda. Later
// panels (proposals, questions, badge progress) are added to `panels` and get the same updates.

import { downloadFile } from '../api';
import { setText, show } from '../dom';
import { t } from '../i18n';
import type { LiveSession } from '../session';
import type { PageKey } from '../session';
import { announce, attempt } from '../ui';
import { AgendaList, NowCard, startLivePage } from './live';

/** A part of an attendee page that follows the state (a later view: proposals, questions, badges…). */
export interface Panel {
  update(session: LiveSession): void;
}

export interface AttendeeOptions {
  page: Extract<PageKey, 'participant' | 'stakeholder'>;
  redirectWhenInvalid?: string;
  /** Builds the page's extra panels once the session exists. */
  panels?: (session: LiveSession) => Panel[];
}

export function mountAttendeePage(options: AttendeeOptions): void {
  const title = document.querySelector<HTMLElement>('[data-testid="event-title"]');
  const agendaNode = document.querySelector<HTMLElement>('[data-testid="agenda-list"]');
  let now: NowCard | null = null;
  let agenda: AgendaList | null = null;
  let panels: Panel[] | null = null;
  // "Add to calendar": the agenda as an iCalendar file, once the session has a planned start (the times come from it).
  const calendar = document.querySelector<HTMLButtonElement>('[data-testid="add-to-calendar"]');
  const calendarNotice = document.querySelector<HTMLElement>('[data-testid="calendar-notice"]');
  let token = '';
  calendar?.addEventListener('click', () => {
    if (!calendarNotice || !token) return;
    calendar.disabled = true;
    void attempt(calendarNotice, () => downloadFile('/api/agenda.ics', token, 'agenda.ics')).then((ok) => {
      calendar.disabled = false;
      if (ok) announce(calendarNotice, t.downloadStarted);
    });
  });

  startLivePage({
    page: options.page,
    ...(options.redirectWhenInvalid ? { redirectWhenInvalid: options.redirectWhenInvalid } : {}),
    render(session) {
      const state = session.state;
      now ??= new NowCard(document, session.clock);
      if (!agenda && agendaNode) agenda = new AgendaList(agendaNode);
      panels ??= options.panels?.(session) ?? [];
      if (title) setText(title, state.event.title);
      if (state.event.title) document.title = `${state.event.title} · StakeholderHub`;
      now.update(state);
      agenda?.update(state);
      token = session.token;
      if (calendar) show(calendar, state.agenda.startsAt !== null);
      for (const panel of panels) panel.update(session);
    },
  });
}
