// The join page: look up the code's event, then POST /api/join (the participant's check-in). A retry of
// the same attempt resends its requestId so a dropped answer never creates a second person.

import '../styles.css';
import { ApiError, getJson, postJson, readable } from '../api';
import { countryOptions } from '../countries';
import { applyI18n, byId, byTestId, el, randomId, setAttr, setText, show } from '../dom';
import { t } from '../i18n';
import { characterCount, tooLong } from '../limits';
import { storeToken, storedToken, clearToken } from '../session';
import type { JoinInput, JoinLookup, Joined, PrivacyNotice, Snapshot } from '../types';
import { normaliseCode } from './join-code';

applyI18n();

const form = byId<HTMLFormElement>('join-form');
const codeInput = byId<HTMLInputElement>('code');
const nameInput = byId<HTMLInputElement>('name');
const organisationInput = byId<HTMLInputElement>('organisation');
const countrySelect = byId<HTMLSelectElement>('country');
const emailInput = byId<HTMLInputElement>('email');
const badgeEmailInput = byId<HTMLInputElement>('badge-email');
const submit = byTestId<HTMLButtonElement>('join-submit');
const formError = byTestId('form-error');
const eventTitle = byTestId('event-title');
const codeStatus = byTestId('code-status');
const continueBox = byTestId('continue');
const continueLink = byTestId<HTMLAnchorElement>('continue-link');

// Who the controller is in the event's own words (else the deployment's, Hub:PrivacyController) and how long the
// event keeps personal data, once the code names an event.
function privacyNotice(code: string): void {
  void getJson<PrivacyNotice>(code ? `/api/privacy?code=${encodeURIComponent(code)}` : '/api/privacy')
    .then((privacy) => {
      setText(byTestId('privacy-controller'), privacy.controller ?? t.privacyController);
      setText(byTestId('privacy-how-long'), privacy.retentionDays === null ? t.privacyHowLong : t.privacyHowLongDays(privacy.retentionDays));
    })
    .catch(() => undefined);
}
privacyNotice('');

// ---------------------------------------------------------------- countries

countrySelect.append(el('option', { value: '' }, t.joinCountryChoose));
for (const { code, name } of countryOptions(t.lang)) countrySelect.append(el('option', { value: code }, name));
// No guess from the browser's language: many Europeans browse in en-US, and a wrong country sent silently is
// worse than one choice made on purpose.

// ---------------------------------------------------------------- the code and its event

codeInput.value = normaliseCode(new URLSearchParams(location.search).get('code') ?? '');

let lookupTimer: number | undefined;
let lookupAbort: AbortController | null = null;

async function lookUp(code: string): Promise<void> {
  lookupAbort?.abort();
  if (!code) {
    show(eventTitle, false);
    setText(codeStatus, '');
    return;
  }
  const abort = new AbortController();
  lookupAbort = abort;
  setText(codeStatus, t.joinCodeChecking);
  try {
    const found = await getJson<JoinLookup>(`/api/join/${encodeURIComponent(code)}`, { signal: abort.signal });
    setText(eventTitle, found.title);
    show(eventTitle, true);
    setText(codeStatus, '');
    document.title = `${found.title} · StakeholderHub`;
    privacyNotice(code);
  } catch (error) {
    if (abort.signal.aborted) return;
    show(eventTitle, false);
    setText(codeStatus, error instanceof ApiError && error.code === 'not_found' ? t.joinCodeUnknown : readable(error));
  }
}

codeInput.addEventListener('input', () => {
  window.clearTimeout(lookupTimer);
  lookupTimer = window.setTimeout(() => void lookUp(normaliseCode(codeInput.value)), 400);
});
codeInput.addEventListener('blur', () => {
  const code = normaliseCode(codeInput.value);
  if (codeInput.value !== code) codeInput.value = code;
});
void lookUp(codeInput.value);

// ---------------------------------------------------------------- already joined on this device?

async function offerContinue(): Promise<void> {
  const token = storedToken('participant');
  if (!token) return;
  try {
    const snapshot = await getJson<Snapshot>('/api/snapshot', { token });
    setText(continueLink, t.joinContinueAs(snapshot.me.name));
    show(continueBox, true);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'unauthorized') clearToken('participant');
  }
}
void offerContinue();

// ---------------------------------------------------------------- joining

/**
 * One id per join attempt, kept across retries (even if a field was edited meanwhile: the first try may
 * have gone through) and renewed only after the server refused the attempt, which created nothing.
 */
let requestId: string | null = null;
let busy = false;

function showError(message: string): void {
  setText(formError, message);
}

type JoinField = HTMLInputElement | HTMLSelectElement;
const fields: JoinField[] = [codeInput, nameInput, organisationInput, countrySelect, emailInput];

/** The field a server refusal is about, by the label it names (`The {0} is required.` with "name"). */
const fieldsByLabel: Record<string, JoinField> = {
  'join code': codeInput,
  name: nameInput,
  organisation: organisationInput,
  'e-mail address': emailInput,
};

/** What is wrong with a field, in the page's language and naming it (not the browser's "Please fill out this field."). */
function problemOf(field: JoinField): string | null {
  const label = document.querySelector(`label[for="${field.id}"]`)?.textContent?.trim() ?? field.name;
  const max = Number(field.dataset['maxChars']);
  if (field.required && !field.value.trim()) return t.fieldRequired(label);
  if (max && tooLong(field.value, max)) return t.fieldTooLong(label, max, characterCount(field.value));
  if (field instanceof HTMLInputElement && field.type === 'email' && field.value && !field.checkValidity()) return t.fieldEmailInvalid(label);
  return null;
}

/**
 * Marks a field invalid with its message beside it (`aria-describedby`, `aria-invalid`), or clears it. The form's
 * alert region says the first problem, so a screen reader hears it on submit.
 */
function markField(field: JoinField, message: string | null): void {
  const id = `${field.id}-error`;
  let note = document.getElementById(id);
  if (message && !note) {
    note = el('p', { id, className: 'field-error', 'data-testid': id });
    (field.parentElement ?? form).append(note);
  }
  if (note) setText(note, message ?? '');
  const described = (field.getAttribute('aria-describedby') ?? '').split(' ').filter((part) => part && part !== id);
  if (message) described.push(id);
  setAttr(field, 'aria-describedby', described.length ? described.join(' ') : null);
  setAttr(field, 'aria-invalid', message ? 'true' : null);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (busy) return;
  codeInput.value = normaliseCode(codeInput.value);
  emailInput.value = emailInput.value.trim();
  let first: { field: JoinField; message: string } | null = null;
  for (const field of fields) {
    const message = problemOf(field);
    markField(field, message);
    if (message && !first) first = { field, message };
  }
  if (first) {
    showError(first.message);
    first.field.focus();
    return;
  }
  void join();
});

// A field's message goes once it is fixed.
for (const field of fields) {
  field.addEventListener(field instanceof HTMLSelectElement ? 'change' : 'input', () => {
    if (field.getAttribute('aria-invalid') === 'true' && !problemOf(field)) markField(field, null);
  });
}

async function join(): Promise<void> {
  busy = true;
  submit.disabled = true;
  setText(submit, t.joinSubmitting);
  showError('');
  requestId ??= randomId();
  const input: JoinInput = {
    code: codeInput.value,
    name: nameInput.value.trim(),
    organisation: organisationInput.value.trim(),
    country: countrySelect.value,
    requestId,
  };
  const email = emailInput.value.trim();
  if (email) input.email = email;
  if (email && badgeEmailInput.checked) input.badgeEmail = true;
  try {
    const joined = await postJson<Joined>('/api/join', input);
    storeToken('participant', joined.token);
    location.assign('/participant');
    return; // keep the button disabled while the next page loads
  } catch (error) {
    // A refusal created nothing: the next attempt is a new one. Without an answer (network, 5xx) the
    // join may have happened, so a retry must resend the same requestId.
    if (error instanceof ApiError && error.status !== null && error.status < 500) requestId = null;
    showError(readable(error));
    const field = error instanceof ApiError && error.detail
      ? error.detail.template.startsWith('The country') ? countrySelect : fieldsByLabel[error.detail.args[0] ?? '']
      : undefined;
    if (field) {
      markField(field, readable(error));
      field.focus();
    }
  }
  busy = false;
  submit.disabled = false;
  setText(submit, t.joinSubmit);
}
