// The facilitator's privacy panel: how many days after the session closes its personal data is purged, the
// event's own controller text for the join page, when the purge will happen, and "purge now" behind an explicit
// "Yes" (docs/privacy.md, "Retention and purge").

import { getJson, postJson, readable } from '../api';
import { byTestId, setText } from '../dom';
import { formatDate } from '../format';
import { t } from '../i18n';
import type { EventState } from '../state';
import type { PrivacySettings, PurgeReport } from '../types';

export class PrivacyAdmin {
  private readonly form = byTestId<HTMLFormElement>('privacy-form');
  private readonly days = byTestId<HTMLInputElement>('retention-days');
  private readonly controller = byTestId<HTMLTextAreaElement>('controller-text');
  private readonly status = byTestId('privacy-status');
  private readonly sure = byTestId<HTMLInputElement>('purge-sure');
  private readonly purge = byTestId<HTMLButtonElement>('purge-now');
  private settings: PrivacySettings | null = null;
  private closed: boolean | null = null;

  constructor(private readonly token: string) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    this.sure.addEventListener('change', () => {
      this.purge.disabled = !this.sure.checked || !!this.settings?.purgedAt;
    });
    this.purge.addEventListener('click', () => void this.purgeNow());
  }

  /** Reads the settings again when the session closes or reopens: the purge date follows the closing. */
  update(state: EventState): void {
    if (this.closed === state.status.closed) return;
    this.closed = state.status.closed;
    void this.load(true);
  }

  private async load(fill: boolean): Promise<void> {
    try {
      this.settings = await getJson<PrivacySettings>('/api/privacy/settings', { token: this.token });
      if (fill) {
        this.days.value = String(this.settings.retentionDays);
        this.controller.value = this.settings.controller ?? '';
      }
      this.describe();
    } catch (error) {
      setText(this.status, readable(error));
    }
  }

  private describe(): void {
    const settings = this.settings;
    if (!settings) return;
    if (settings.purgedAt) setText(this.status, t.facPurged(formatDate(settings.purgedAt)));
    else if (settings.purgeAt) setText(this.status, t.facPurgeAt(formatDate(settings.purgeAt)));
    else setText(this.status, t.facPurgeNotClosed);
    this.purge.disabled = !this.sure.checked || !!settings.purgedAt;
  }

  private async save(): Promise<void> {
    try {
      const days = this.days.value.trim() === '' ? null : Number(this.days.value);
      await postJson('/api/privacy/settings', { retentionDays: days, controller: this.controller.value }, { token: this.token });
      await this.load(false);
      setText(this.status, `${t.facPrivacySaved} ${this.status.textContent ?? ''}`.trim());
    } catch (error) {
      setText(this.status, readable(error));
    }
  }

  private async purgeNow(): Promise<void> {
    if (!this.sure.checked) return;
    this.purge.disabled = true;
    try {
      const report = await postJson<PurgeReport>('/api/privacy/purge', { confirm: true }, { token: this.token });
      this.sure.checked = false;
      await this.load(false);
      setText(this.status, `${t.facPurgeDone(report.erased)} ${this.status.textContent ?? ''}`.trim());
    } catch (error) {
      setText(this.status, readable(error));
      this.purge.disabled = !this.sure.checked;
    }
  }
}
