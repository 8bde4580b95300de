// The participant's EcoSystem Explorer parts: the practice wall with its share form, the reflection form, and
// "My badge progress" (the rule's four steps, live from `progress` entries; the claim form once eligible; the
// badge page and baked PNG links once issued). Every text that came from a person goes in through textContent.
//
// The wall shows the newest practice first: people look for what was just shared, like the "newest" sort of the
// questions. Practices a facilitator hid are dropped (`practice.removed`).

import { ApiError } from '../api';
import { byTestId, el, randomId, setAttr, setText, show } from '../dom';
import { formatTime, shownName } from '../format';
import { t } from '../i18n';
import { KeyedList } from '../keyed-list';
import { checkLimit } from '../limits';
import type { LiveSession } from '../session';
import type { EventState } from '../state';
import type { BadgeSummary, Practice, PracticeInput, Progress, ReflectionInput, StepProgress } from '../types';
import { announce, attempt } from '../ui';

/** The words for a step key (an unknown key from a newer server shows as it is). */
export function stepName(key: string): string {
  return (t.badgeStep as Record<string, string>)[key] ?? key;
}

/** Whether a failure left it open if the call went through (offline: not sent; network: perhaps applied). */
function unanswered(error: unknown): boolean {
  return error instanceof ApiError && ['offline', 'network', 'unknown'].includes(error.code);
}

/** The local path of a badge's baked PNG (the same host as the badge page the server names). */
export function bakedPngPath(badge: BadgeSummary): string {
  return `/badges/${encodeURIComponent(badge.id)}/badge.png`;
}

// ---------------------------------------------------------------- the practice wall

export class PracticeCard {
  readonly li: HTMLLIElement;
  readonly title = el('h3', { className: 'practice-title' });
  readonly text = el('p', { className: 'practice-text' });
  readonly author = el('p', { className: 'practice-author' });

  constructor(readonly id: number, testId: string) {
    this.li = el('li', { className: 'practice', 'data-testid': testId, 'data-practice-id': id }, [this.title, this.text, this.author]);
  }

  fill(practice: Practice): void {
    setText(this.title, practice.title);
    setText(this.text, practice.text);
    setText(this.author, t.proposalBy(shownName(practice.authorName), practice.authorOrganisation));
    setAttr(this.li, 'data-hidden', practice.hidden ? 'true' : null);
  }
}

export class PracticeWall {
  private readonly form = byTestId<HTMLFormElement>('practice-form');
  private readonly title = byTestId<HTMLInputElement>('practice-title');
  private readonly text = byTestId<HTMLTextAreaElement>('practice-text');
  private readonly closedNote = byTestId('practice-closed');
  private readonly submit = byTestId<HTMLButtonElement>('practice-submit');
  private readonly formNotice = byTestId('practice-notice');
  private readonly listNotice = byTestId('practices-notice');
  private readonly list = byTestId('practice-list');
  private readonly empty = el('li', { className: 'list-empty', 'data-testid': 'practices-empty' }, t.practicesEmpty);
  private readonly cards = new KeyedList<Practice, number, PracticeCard>(this.list, {
    key: (practice) => practice.id,
    create: (practice) => new PracticeCard(practice.id, `practice-${practice.id}`),
    node: (card) => card.li,
    update: (card, practice) => card.fill(practice),
    empty: this.empty,
  });
  private sending = false;
  /** One id per practice, kept when the same practice is sent again after an unanswered attempt. */
  private requestId: string | null = null;
  private seen: Set<number> | null = null;
  private mine = new Set<number>();

  constructor(private readonly session: LiveSession) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.share();
    });
    checkLimit(this.text);
  }

  update(): void {
    const state = this.session.state;
    const closed = state.status.closed;
    show(this.closedNote, closed);
    for (const control of [this.title, this.text]) control.disabled = closed;
    this.submit.disabled = closed || this.sending;
    setAttr(this.submit, 'aria-busy', this.sending ? 'true' : null);

    const visible = state.practices.filter((p) => !p.hidden).sort((a, b) => b.id - a.id);
    this.cards.render(visible);

    // New practices from others are read out politely; the first render announces nothing.
    if (this.seen !== null) {
      const arrived = visible.filter((p) => !this.seen?.has(p.id) && !this.mine.has(p.id));
      if (arrived.length === 1) announce(this.listNotice, t.newPractice(arrived[0]?.title ?? ''));
      else if (arrived.length > 1) announce(this.listNotice, t.newPractices(arrived.length));
    }
    this.seen = new Set(visible.map((p) => p.id));
  }

  private async share(): Promise<void> {
    if (this.sending || this.session.state.status.closed) return;
    const title = this.title.value.trim();
    const text = this.text.value.trim();
    setAttr(this.title, 'aria-invalid', title ? null : 'true');
    setAttr(this.text, 'aria-invalid', text ? null : 'true');
    if (!title || !text) {
      announce(this.formNotice, t.practiceEmpty, 'error');
      (title ? this.text : this.title).focus();
      return;
    }
    this.requestId ??= randomId();
    const input: PracticeInput = { title, text, requestId: this.requestId };
    this.sending = true;
    setText(this.submit, t.askSending);
    this.update();
    const ok = await attempt(this.formNotice, async () => {
      try {
        const ack = await this.session.act('SharePractice', input);
        if (ack.id !== null) this.mine.add(ack.id);
      } catch (error) {
        if (!unanswered(error)) this.requestId = null;
        throw error;
      }
    });
    this.sending = false;
    setText(this.submit, t.practiceSubmit);
    if (ok) {
      this.requestId = null;
      this.title.value = '';
      this.text.value = '';
      checkLimit(this.text);
      announce(this.formNotice, t.practiceShared);
    }
    this.update();
  }
}

// ---------------------------------------------------------------- the reflection

export class ReflectionPanel {
  private readonly form = byTestId<HTMLFormElement>('reflection-form');
  private readonly takeHome = byTestId<HTMLTextAreaElement>('reflection-take-home');
  private readonly contribute = byTestId<HTMLTextAreaElement>('reflection-contribute');
  private readonly saved = byTestId('reflection-saved');
  private readonly closedNote = byTestId('reflection-closed');
  private readonly submit = byTestId<HTMLButtonElement>('reflection-submit');
  private readonly notice = byTestId('reflection-notice');
  private saving = false;
  /** What the form was last filled with from the stored reflection; a form the person edited is left alone. */
  private filledFrom: string | null = null;
  private edited = false;

  constructor(private readonly session: LiveSession) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    for (const box of [this.takeHome, this.contribute]) box.addEventListener('input', () => (this.edited = true));
  }

  update(): void {
    const state = this.session.state;
    const reflection = state.reflection;
    const key = reflection ? `${reflection.takeHome}\u0000${reflection.contribute}` : '';
    if (reflection && key !== this.filledFrom && !this.edited) {
      this.takeHome.value = reflection.takeHome;
      this.contribute.value = reflection.contribute;
    }
    this.filledFrom = key;
    show(this.saved, !!reflection);
    setText(this.saved, reflection ? t.reflectionSavedAt(formatTime(reflection.updatedAt)) : '');
    const closed = state.status.closed;
    show(this.closedNote, closed);
    for (const control of [this.takeHome, this.contribute]) control.disabled = closed;
    this.submit.disabled = closed || this.saving;
    setAttr(this.submit, 'aria-busy', this.saving ? 'true' : null);
    setAttr(this.form, 'data-closed', closed ? 'true' : null);
  }

  private async save(): Promise<void> {
    if (this.saving || this.session.state.status.closed) return;
    const input: ReflectionInput = { takeHome: this.takeHome.value.trim(), contribute: this.contribute.value.trim() };
    if (!input.takeHome) {
      setAttr(this.takeHome, 'aria-invalid', 'true');
      announce(this.notice, t.reflectionEmpty, 'error');
      this.takeHome.focus();
      return;
    }
    setAttr(this.takeHome, 'aria-invalid', null);
    this.saving = true;
    this.update();
    const ok = await attempt(this.notice, () => this.session.act('SaveReflection', input));
    this.saving = false;
    if (ok) {
      this.edited = false;
      this.filledFrom = null;
      announce(this.notice, t.reflectionSaved);
    }
    this.update();
  }
}

// ---------------------------------------------------------------- my badge progress

interface StepRow {
  li: HTMLLIElement;
  mark: HTMLElement;
  name: HTMLElement;
  count: HTMLElement;
  /** "done" or "not done", for screen readers (the mark is hidden from them). */
  state: HTMLElement;
}

export class BadgePanel {
  private readonly steps = byTestId('badge-steps');
  private readonly notice = byTestId('badge-notice');
  private readonly eligible = byTestId('badge-eligible');
  private readonly form = byTestId<HTMLFormElement>('claim-form');
  private readonly email = byTestId<HTMLInputElement>('claim-email');
  private readonly contact = byTestId<HTMLInputElement>('claim-contact');
  private readonly submit = byTestId<HTMLButtonElement>('claim-submit');
  private readonly claimNotice = byTestId('claim-notice');
  private readonly earned = byTestId('badge-earned');
  private readonly earnedText = byTestId('badge-earned-text');
  private readonly link = byTestId<HTMLAnchorElement>('badge-link');
  private readonly png = byTestId<HTMLAnchorElement>('badge-png');
  private readonly rows = new KeyedList<StepProgress, string, StepRow>(this.steps, {
    key: (step) => step.key,
    create: (step) => {
      const mark = el('span', { className: 'step-mark', 'aria-hidden': 'true' });
      const name = el('span', { className: 'step-name' });
      const count = el('span', { className: 'step-count' });
      const state = el('span', { className: 'visually-hidden' });
      return { li: el('li', { className: 'badge-step', 'data-testid': `badge-step-${step.key}` }, [mark, name, count, state]), mark, name, count, state };
    },
    node: (row) => row.li,
    update: (row, step) => {
      setText(row.mark, step.done ? '✓' : '○');
      setText(row.name, stepName(step.key));
      setText(row.count, step.required > 1 ? t.badgeStepCount(Math.min(step.count, step.required), step.required) : '');
      setText(row.state, step.done ? t.badgeStepDone : t.badgeStepNotDone);
      setAttr(row.li, 'data-done', step.done ? 'true' : 'false');
    },
  });
  private claiming = false;
  /** The badge the claim answered, until the `progress` entry that carries it arrives. */
  private claimed: BadgeSummary | null = null;
  /** Which steps were done at the last update (null before the first): newly done ones are read out. */
  private done: Set<string> | null = null;

  constructor(private readonly session: LiveSession) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.claim();
    });
  }

  private mine(state: EventState): Progress | null {
    return state.progressOf(state.me?.id) ?? state.progress[0] ?? null;
  }

  update(): void {
    const state = this.session.state;
    const progress = this.mine(state);
    const steps = progress?.steps ?? state.rule.steps.map((s) => ({ key: s.key, count: 0, required: s.required, done: false }));
    this.rows.render(steps);
    const nowDone = new Set(steps.filter((s) => s.done).map((s) => s.key));

    if (this.done !== null) {
      const newly = steps.filter((s) => s.done && !this.done?.has(s.key));
      if (newly.length) announce(this.notice, newly.map((s) => t.badgeStepDoneNotice(stepName(s.key))).join(' '));
    }
    this.done = nowDone;

    const badge = progress?.badge ?? this.claimed;
    const eligible = progress?.eligible ?? false;
    show(this.eligible, eligible && !badge);
    setText(this.eligible, eligible ? t.badgeEligible : '');
    show(this.form, eligible && !badge);
    this.submit.disabled = this.claiming;
    setAttr(this.submit, 'aria-busy', this.claiming ? 'true' : null);
    show(this.earned, !!badge);
    setAttr(this.earned, 'data-revoked', badge?.revoked ? 'true' : null);
    if (badge) {
      setText(this.earnedText, badge.revoked ? t.badgeRevoked : t.badgeEarned);
      if (this.link.getAttribute('href') !== badge.url) this.link.href = badge.url;
      const png = bakedPngPath(badge);
      if (this.png.getAttribute('href') !== png) this.png.href = png;
      show(this.png, !badge.revoked);
    }
  }

  private async claim(): Promise<void> {
    if (this.claiming) return;
    const email = this.email.value.trim();
    if (!email || !this.email.checkValidity()) {
      setAttr(this.email, 'aria-invalid', 'true');
      announce(this.claimNotice, t.claimEmailInvalid, 'error');
      this.email.focus();
      return;
    }
    setAttr(this.email, 'aria-invalid', null);
    this.claiming = true;
    setText(this.submit, t.claimSending);
    this.update();
    const ok = await attempt(this.claimNotice, async () => {
      const claimed = await this.session.invoke('ClaimBadge', { email, contact: this.contact.checked });
      this.claimed = claimed.badge;
      await this.session.waitForVersion(claimed.version);
    });
    this.claiming = false;
    setText(this.submit, t.claimSubmit);
    this.update();
    // The sentence that says it was earned takes the focus, so a screen reader reads it out.
    if (ok) this.earnedText.focus();
  }
}
