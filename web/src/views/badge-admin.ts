// The facilitator's badge panel: each participant's progress (name from the snapshot's `people`), the rule's
// thresholds (SetBadgeRule), "Issue to all eligible" (IssueBadges, with its report), revoking a badge with a
// reason (RevokeBadge), closing and reopening the session, hiding and showing practices, and the earners CSV and
// credentials JSON (fetched with the bearer token). Every person's text goes in through textContent.

import { downloadFile } from '../api';
import { byTestId, el, setAttr, setText, show } from '../dom';
import { formatList } from '../format';
import { t } from '../i18n';
import { KeyedList } from '../keyed-list';
import type { LiveSession } from '../session';
import type { EventState } from '../state';
import type { IssueReport, Person, Practice, Progress } from '../types';
import { announce, attempt } from '../ui';
import { stepName, PracticeCard } from './badge';

interface ProgressRow {
  tr: HTMLTableRowElement;
  name: HTMLElement;
  steps: HTMLElement;
  eligible: HTMLElement;
  badge: HTMLElement;
  revoke: HTMLButtonElement;
  revokeForm: HTMLFormElement;
  reason: HTMLInputElement;
  reasonLabel: HTMLLabelElement;
  confirm: HTMLButtonElement;
  key: string;
  busy: boolean;
}

interface PracticeRow {
  card: PracticeCard;
  hidden: HTMLElement;
  toggle: HTMLButtonElement;
  busy: boolean;
}

export class BadgeAdmin {
  private readonly notice = byTestId('badge-admin-notice');
  private readonly status = byTestId('event-status');
  private readonly closeToggle = byTestId<HTMLButtonElement>('event-close-toggle');
  private readonly ruleForm = byTestId<HTMLFormElement>('rule-form');
  private readonly count = byTestId('badge-progress-count');
  private readonly issue = byTestId<HTMLButtonElement>('issue-badges');
  private readonly report = byTestId('issue-report');
  private readonly rowsBody = byTestId('badge-progress-rows');
  private readonly practiceList = byTestId('fac-practice-list');
  private readonly exportEarners = byTestId<HTMLButtonElement>('export-earners');
  private readonly exportCredentials = byTestId<HTMLButtonElement>('export-credentials');
  private readonly rows = new KeyedList<Progress, number, ProgressRow>(this.rowsBody, {
    key: (entry) => entry.personId,
    create: (entry) => this.makeRow(entry.personId),
    node: (row) => row.tr,
    update: (row, entry) => this.fillRow(row, entry, this.nameOf(this.session.state, entry.personId)),
    empty: el('tr', {}, [el('td', { colspan: 4, className: 'list-empty' }, t.facProgressEmpty)]),
  });
  private readonly practices = new KeyedList<Practice, number, PracticeRow>(this.practiceList, {
    key: (practice) => practice.id,
    create: (practice) => this.makePracticeRow(practice.id),
    node: (row) => row.card.li,
    update: (row, practice) => this.fillPractice(row, practice),
    empty: el('li', { className: 'list-empty' }, t.facPracticesEmpty),
  });
  private readonly ruleInputs = new Map<string, HTMLInputElement>();
  private readonly ruleSave = el('button', { type: 'submit', className: 'btn small primary', 'data-testid': 'rule-save' }, t.facRuleSave);
  private ruleKey = '';
  private ruleEdited = false;
  private statusBusy = false;
  private ruleBusy = false;
  private issueBusy = false;

  constructor(private readonly session: LiveSession) {
    this.closeToggle.addEventListener('click', () => void this.toggleClosed());
    this.issue.addEventListener('click', () => void this.issueAll());
    this.ruleForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.saveRule();
    });
    this.ruleForm.addEventListener('input', () => (this.ruleEdited = true));
    this.exportEarners.addEventListener('click', () => void this.download(this.exportEarners, '/api/badges/earners.csv', 'badge-earners.csv'));
    this.exportCredentials.addEventListener('click', () =>
      void this.download(this.exportCredentials, '/api/badges/credentials.json', 'badge-credentials.json'));
  }

  update(): void {
    const state = this.session.state;
    const closed = state.status.closed;
    setText(this.status, closed ? t.facEventClosed : t.facEventOpen);
    setAttr(this.status, 'data-closed', closed ? 'true' : 'false');
    setText(this.closeToggle, closed ? t.facReopenEvent : t.facCloseEvent);
    this.closeToggle.disabled = this.statusBusy;
    this.issue.disabled = this.issueBusy;
    setAttr(this.issue, 'aria-busy', this.issueBusy ? 'true' : null);
    this.renderRule(state);
    this.renderProgress(state);
    this.renderPractices(state);
  }

  // ------------------------------------------------------------ the rule

  private renderRule(state: EventState): void {
    this.ruleSave.disabled = this.ruleBusy;
    const key = JSON.stringify(state.rule.steps);
    if (key === this.ruleKey) return;
    this.ruleKey = key;
    if (this.ruleEdited && this.ruleInputs.size) return; // the facilitator is typing: keep what they typed
    this.ruleInputs.clear();
    const fields = state.rule.steps.map((step) => {
      const id = `rule-${step.key}`;
      const input = el('input', {
        id, type: 'number', min: step.min ?? 1, max: step.max, step: 1, value: step.required, required: true, inputmode: 'numeric',
        disabled: step.max <= 1, 'aria-describedby': `${id}-range`, 'data-testid': id,
      });
      this.ruleInputs.set(step.key, input);
      return el('div', { className: 'field' }, [
        el('label', { for: id }, stepName(step.key)),
        input,
        el('p', { className: 'help', id: `${id}-range` }, step.min === 0 ? t.polls.ruleOptional(step.max) : t.facRuleRange(step.max)),
      ]);
    });
    this.ruleForm.replaceChildren(...fields, el('div', {}, [this.ruleSave]));
  }

  private async saveRule(): Promise<void> {
    if (this.ruleBusy) return;
    const thresholds: Record<string, number> = {};
    for (const [key, input] of this.ruleInputs) {
      if (!input.disabled) thresholds[key] = Number(input.value);
    }
    this.ruleBusy = true;
    this.update();
    const ok = await attempt(this.notice, () => this.session.act('SetBadgeRule', { thresholds }));
    this.ruleBusy = false;
    if (ok) {
      this.ruleEdited = false;
      this.ruleKey = '';
      announce(this.notice, t.facRuleSaved);
    }
    this.update();
  }

  // ------------------------------------------------------------ progress, issuing, revoking

  private nameOf(state: EventState, personId: number): Person | null {
    return state.people.find((p) => p.id === personId) ?? null;
  }

  private renderProgress(state: EventState): void {
    const progress = [...state.progress].sort((a, b) => a.personId - b.personId);
    const eligible = progress.filter((p) => p.eligible).length;
    const badges = progress.filter((p) => p.badge && !p.badge.revoked).length;
    setText(this.count, t.facProgressCount(eligible, badges));
    this.rows.render(progress);
  }

  private makeRow(personId: number): ProgressRow {
    const reasonId = `revoke-reason-${personId}`;
    const reason = el('input', { id: reasonId, 'data-max-chars': 300, 'data-testid': reasonId });
    const reasonLabel = el('label', { for: reasonId, className: 'visually-hidden' });
    const confirm = el('button', { type: 'submit', className: 'btn small danger', 'data-testid': `revoke-confirm-${personId}` }, t.facRevokeConfirm);
    const cancel = el('button', { type: 'button', className: 'btn small' }, t.facCancel);
    const revokeForm = el('form', { className: 'revoke-form', hidden: true, 'data-testid': `revoke-form-${personId}` }, [reasonLabel, reason, confirm, cancel]);
    const revoke = el('button', { type: 'button', className: 'btn small danger-outline', 'data-testid': `revoke-${personId}` }, t.facRevoke);
    const badge = el('span', { 'data-testid': `badge-cell-${personId}` });
    const row: ProgressRow = {
      tr: el('tr', { 'data-testid': `badge-row-${personId}`, 'data-person-id': personId }),
      name: el('th', { scope: 'row', 'data-testid': `badge-name-${personId}` }),
      steps: el('div', { className: 'steps-cell' }),
      eligible: el('td', { 'data-testid': `badge-eligible-${personId}` }),
      badge,
      revoke,
      revokeForm,
      reason,
      reasonLabel,
      confirm,
      key: '',
      busy: false,
    };
    row.tr.append(row.name, el('td', {}, [row.steps]), row.eligible, el('td', {}, [badge, ' ', revoke, revokeForm]));
    revoke.addEventListener('click', () => {
      show(revokeForm, true);
      show(revoke, false);
      reason.focus();
    });
    cancel.addEventListener('click', () => {
      show(revokeForm, false);
      show(revoke, true);
      revoke.focus();
    });
    revokeForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.revokeBadge(personId);
    });
    return row;
  }

  private fillRow(row: ProgressRow, progress: Progress, person: Person | null): void {
    const name = person?.name ?? t.unknownPerson(progress.personId);
    const key = JSON.stringify([name, person?.organisation ?? '', progress, row.busy]);
    if (key === row.key) return;
    row.key = key;
    setText(row.name, person?.organisation ? `${name} · ${person.organisation}` : name);
    row.steps.replaceChildren(...progress.steps.map((step) =>
      el('span', { className: 'step-chip', 'data-done': step.done ? 'true' : 'false', 'data-step': step.key },
        `${stepName(step.key)}${step.required > 1 ? ` ${t.badgeStepCount(Math.min(step.count, step.required), step.required)}` : ''}` +
        ` (${step.done ? t.badgeStepDone : t.badgeStepNotDone})`)));
    setText(row.eligible, progress.eligible ? t.facYes : t.facNo);
    setAttr(row.eligible, 'data-eligible', progress.eligible ? 'true' : 'false');
    const badge = progress.badge;
    if (!badge) {
      row.badge.replaceChildren(t.facNoBadge);
    } else {
      const link = el('a', { href: badge.url, target: '_blank', rel: 'noopener', 'data-testid': `badge-link-${progress.personId}` }, t.facBadgeLink);
      row.badge.replaceChildren(link, badge.revoked ? ` (${t.facBadgeRevoked})` : '');
    }
    setAttr(row.badge, 'data-badge', badge ? (badge.revoked ? 'revoked' : 'valid') : 'none');
    const revocable = !!badge && !badge.revoked;
    if (!revocable) show(row.revokeForm, false);
    show(row.revoke, revocable && row.revokeForm.hidden);
    setAttr(row.revoke, 'aria-label', t.facRevokeLabel(name));
    setText(row.reasonLabel, t.facRevokeReason(name));
    row.confirm.disabled = row.busy;
  }

  private async revokeBadge(personId: number): Promise<void> {
    const state = this.session.state;
    const row = this.rows.get(personId);
    const badge = state.progressOf(personId)?.badge;
    if (!row || !badge || row.busy) return;
    row.busy = true;
    this.update();
    const ok = await attempt(this.notice, () => this.session.act('RevokeBadge', badge.id, row.reason.value.trim()));
    row.busy = false;
    if (ok) {
      row.reason.value = '';
      show(row.revokeForm, false);
      announce(this.notice, t.facRevoked(this.nameOf(state, personId)?.name ?? t.unknownPerson(personId)));
    }
    row.key = '';
    this.update();
    // The revoke controls are gone now: the focus goes to the badge link, next to where they were.
    if (ok) row.badge.querySelector('a')?.focus();
  }

  private async issueAll(): Promise<void> {
    if (this.issueBusy) return;
    this.issueBusy = true;
    this.update();
    let report: IssueReport | null = null;
    await attempt(this.notice, async () => {
      report = await this.session.invoke('IssueBadges');
      await this.session.waitForVersion(report.version);
    });
    this.issueBusy = false;
    const done = report as IssueReport | null;
    if (done) {
      const state = this.session.state;
      const names = formatList(done.eligibleWithoutEmail.map((id) => this.nameOf(state, id)?.name ?? t.unknownPerson(id)));
      setText(this.report, t.facIssueReport(done.issued, done.alreadyIssued, done.eligibleWithoutEmail.length) +
        (names ? ` ${t.facIssueWithoutEmail(names)}` : ''));
      setAttr(this.report, 'data-issued', String(done.issued));
      setAttr(this.report, 'data-without-email', String(done.eligibleWithoutEmail.length));
    }
    this.update();
  }

  private async toggleClosed(): Promise<void> {
    if (this.statusBusy) return;
    const closed = this.session.state.status.closed;
    this.statusBusy = true;
    this.update();
    await attempt(this.notice, () => this.session.act(closed ? 'ReopenEvent' : 'CloseEvent'));
    this.statusBusy = false;
    this.update();
  }

  // ------------------------------------------------------------ practices

  private renderPractices(state: EventState): void {
    this.practices.render([...state.practices].sort((a, b) => b.id - a.id));
  }

  private makePracticeRow(id: number): PracticeRow {
    const card = new PracticeCard(id, `fac-practice-${id}`);
    const hidden = el('span', { className: 'badge', hidden: true }, t.facPracticeHidden);
    const toggle = el('button', { type: 'button', className: 'btn small', 'data-testid': `practice-toggle-${id}` });
    card.li.prepend(hidden);
    card.li.append(el('div', { className: 'button-row' }, [toggle]));
    const row: PracticeRow = { card, hidden, toggle, busy: false };
    toggle.addEventListener('click', () => void this.togglePractice(id));
    return row;
  }

  private fillPractice(row: PracticeRow, practice: Practice): void {
    row.card.fill(practice);
    show(row.hidden, practice.hidden);
    setText(row.toggle, practice.hidden ? t.facShowPractice : t.facHidePractice);
    setAttr(row.toggle, 'aria-label', practice.hidden ? t.facShowPracticeLabel(practice.title) : t.facHidePracticeLabel(practice.title));
    row.toggle.disabled = row.busy;
  }

  private async togglePractice(id: number): Promise<void> {
    const row = this.practices.get(id);
    const practice = this.session.state.practices.find((p) => p.id === id);
    if (!row || !practice || row.busy) return;
    row.busy = true;
    this.update();
    await attempt(this.notice, () => this.session.act(practice.hidden ? 'ShowPractice' : 'HidePractice', id));
    row.busy = false;
    this.update();
  }

  // ------------------------------------------------------------ exports

  private async download(button: HTMLButtonElement, path: string, name: string): Promise<void> {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    const ok = await attempt(this.notice, () => downloadFile(path, this.session.token, name));
    button.disabled = false;
    button.removeAttribute('aria-busy');
    if (ok) announce(this.notice, t.downloadStarted);
  }
}
