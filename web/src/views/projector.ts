// The room screen: 1920×1080, no scrolling, large type. Event title, join URL and code, now presenting
// with a big countdown, next up, and how many participants have checked in.

import '../styles.css';
import { setText } from '../dom';
import { t } from '../i18n';
import { NowCard, startLivePage } from './live';
import { joinUrl } from './join-code';

const title = document.querySelector<HTMLElement>('[data-testid="event-title"]');
const code = document.querySelector<HTMLElement>('[data-testid="join-code"]');
const url = document.querySelector<HTMLElement>('[data-testid="join-url"]');
const attendance = document.querySelector<HTMLElement>('[data-testid="attendance"]');
let now: NowCard | null = null;

startLivePage({
  page: 'projector',
  render(session) {
    const state = session.state;
    now ??= new NowCard(document, session.clock);
    if (title) setText(title, state.event.title);
    if (state.event.title) document.title = `${state.event.title} · StakeholderHub`;
    if (code) setText(code, state.event.joinCode);
    if (url) setText(url, state.event.joinCode ? joinUrl(state.event.joinCode) : '');
    if (attendance) setText(attendance, t.projectorCheckedIn(state.attendance.participants));
    now.update(state);
  },
});
