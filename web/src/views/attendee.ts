// The participant and stakeholder pages: event title, Now / Next with countdown, the agenda. Later
// panels (proposals, questions, badge progress) are added to `panels` and get the same updates.

import { setText } from '../dom';
import type { LiveSession } from '../session';
import type { PageKey } from '../session';
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
      for (const panel of panels) panel.update(session);
    },
  });
}
