// What the live pages share: starting a session for the page's token, the "Now / Next" card with its
// countdown, and the agenda list.

import { formatCountdown, onTick, parseTime, type ServerClock } from '../clock';
import { applyI18n, el, setAttr, setText, show } from '../dom';
import { t } from '../i18n';
import { LiveSession, clearToken, takeToken, type PageKey, type StateReason } from '../session';
import type { EventState } from '../state';
import type { AgendaItem, Pitch } from '../types';
import { KeyedList } from '../keyed-list';
import { renderStatus, showInvalidLink } from '../ui';

export interface LiveOptions {
  page: PageKey;
  /** Called after every state change with the session (render here). */
  render(session: LiveSession, reason: StateReason): void;
  /** Where a visitor without a (valid) token goes instead of seeing "This link is not valid". */
  redirectWhenInvalid?: string;
}

/** Boots a live page: i18n, token, session, connection status. Returns null when there is no token. */
export function startLivePage(options: LiveOptions): LiveSession | null {
  applyI18n();
  renderStatus('connecting');
  const token = takeToken(options.page);
  const invalid = () => {
    if (options.redirectWhenInvalid) {
      clearToken(options.page);
      location.replace(options.redirectWhenInvalid);
    } else {
      showInvalidLink();
    }
  };
  if (!token) {
    invalid();
    return null;
  }
  const session: LiveSession = new LiveSession(options.page, token, {
    onState: (reason) => options.render(session, reason),
    onStatus: renderStatus,
    onInvalid: invalid,
  });
  void session.start();
  return session;
}

/** What a "now" or "next" line shows of an agenda item or a pitch. */
interface StageLine {
  title: string;
  presenter: string;
  endsAt: string | null;
}

function stageLine(entry: AgendaItem | Pitch | null): StageLine | null {
  if (!entry) return null;
  const presenter = 'speaker' in entry ? entry.speaker : presenterLine(entry);
  return { title: entry.title, presenter, endsAt: entry.endsAt };
}

export function presenterLine(item: AgendaItem | null): string {
  if (!item || !item.presenter) return item?.organisation ?? '';
  return t.byPresenter(item.presenter, item.organisation);
}

/**
 * The "Now" card: `now-title`, `now-presenter`, `next-title`, and `countdown` (ticking every 250 ms from the
 * current item's endsAt and the server clock offset). Any of the parts may be missing on a page.
 */
export class NowCard {
  private readonly nowTitle: HTMLElement | null;
  private readonly nowPresenter: HTMLElement | null;
  private readonly nextTitle: HTMLElement | null;
  private readonly nextPresenter: HTMLElement | null;
  private readonly countdown: HTMLElement | null;
  private endsAt: number | null = null;

  constructor(
    root: ParentNode,
    private readonly clock: ServerClock,
  ) {
    const find = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    this.nowTitle = find('now-title');
    this.nowPresenter = find('now-presenter');
    this.nextTitle = find('next-title');
    this.nextPresenter = find('next-presenter');
    this.countdown = find('countdown');
    onTick(() => this.tick());
  }

  update(state: EventState): void {
    // A running pitch is what is on stage, with its own countdown; the pitch after it is what comes next.
    const current = stageLine(state.currentPitch) ?? stageLine(state.current);
    const next = stageLine(state.nextPitch) ?? stageLine(state.next);
    if (this.nowTitle) {
      setText(this.nowTitle, current ? current.title : t.nothingNow);
      setAttr(this.nowTitle, 'data-empty', current ? null : 'true');
    }
    if (this.nowPresenter) {
      setText(this.nowPresenter, current?.presenter ?? '');
      show(this.nowPresenter, !!current?.presenter);
    }
    if (this.nextTitle) {
      setText(this.nextTitle, next ? next.title : t.nothingNext);
      setAttr(this.nextTitle, 'data-empty', next ? null : 'true');
    }
    if (this.nextPresenter) {
      setText(this.nextPresenter, next?.presenter ?? '');
      show(this.nextPresenter, !!next?.presenter);
    }
    this.endsAt = current ? parseTime(current.endsAt) : null;
    this.tick();
  }

  private tick(): void {
    const node = this.countdown;
    if (!node) return;
    if (this.endsAt === null) {
      setText(node, '');
      setAttr(node, 'data-overrun', null);
      show(node, false);
      return;
    }
    const { text, overrun } = formatCountdown(this.endsAt, this.clock.now());
    setText(node, text);
    setAttr(node, 'data-overrun', overrun ? 'true' : null);
    setAttr(node, 'aria-label', `${overrun ? t.overrunLabel : t.countdownLabel} ${text}`);
    show(node, true);
  }
}

const STATUS_LABEL: Record<AgendaItem['status'], () => string> = {
  done: () => t.statusDone,
  current: () => t.statusCurrent,
  planned: () => t.statusPlanned,
};

/** The read-only agenda list (`agenda-list`): one `li` per item with `data-status`, kept by item id. */
export class AgendaList {
  private readonly rows: KeyedList<AgendaItem, number, HTMLElement>;

  constructor(list: HTMLElement) {
    this.rows = new KeyedList(list, {
      key: (item) => item.id,
      create: (item) => el('li', { className: 'agenda-item', 'data-item-id': item.id }, [
        el('span', { className: 'agenda-status' }),
        el('span', { className: 'agenda-body' }, [
          el('span', { className: 'agenda-title' }),
          el('span', { className: 'agenda-meta' }),
        ]),
        el('span', { className: 'agenda-minutes' }),
      ]),
      update: fillAgendaRow,
      empty: el('li', { className: 'agenda-empty', 'data-status': 'empty' }, t.agendaEmpty),
    });
  }

  update(state: EventState): void {
    this.rows.render(state.agenda.items);
  }
}

export function fillAgendaRow(row: HTMLElement, item: AgendaItem): void {
  setAttr(row, 'data-status', item.status);
  setAttr(row, 'data-kind', item.kind);
  setAttr(row, 'aria-current', item.status === 'current' ? 'step' : null);
  const status = row.querySelector('.agenda-status');
  if (status) setText(status, STATUS_LABEL[item.status]());
  const title = row.querySelector('.agenda-title');
  if (title) setText(title, item.title);
  const meta = row.querySelector('.agenda-meta');
  if (meta) setText(meta, [t.kind[item.kind] ?? item.kind, presenterLine(item)].filter(Boolean).join(' · '));
  const minutes = row.querySelector('.agenda-minutes');
  if (minutes) setText(minutes, t.minutes(item.plannedMinutes));
}
