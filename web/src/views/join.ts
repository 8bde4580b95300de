// The join page: look up the code's event, then POST /api/join (the participant's check-in). A retry of
// the same attempt resends its requestId so a dropped answer never creates a second person.

import '../styles.css';
import { ApiError, getJson, postJson, readable } from '../api';
import { countryOptions } from '../countries';
import { applyI18n, byId, byTestId, el, randomId, setText, show } from '../dom';
import { t } from '../i18n';
import { storeToken, storedToken, clearToken } from '../session';
import type { JoinInput, JoinLookup, Joined, Snapshot } from '../types';
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

// The deployment's own words on who the controller is, when it set them (Hub:PrivacyController).
void getJson<{ controller: string | null }>('/api/privacy')
  .then((privacy) => {
    if (privacy.controller) setText(byTestId('privacy-controller'), privacy.controller);
  })
  .catch(() => undefined);

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

function firstInvalidField(): HTMLInputElement | HTMLSelectElement | null {
  for (const field of [codeInput, nameInput, organisationInput, countrySelect, emailInput]) {
    field.value = field instanceof HTMLInputElement && field.type !== 'email' ? field.value.trim() : field.value;
    if (!field.checkValidity()) return field;
  }
  return null;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (busy) return;
  codeInput.value = normaliseCode(codeInput.value);
  emailInput.value = emailInput.value.trim();
  const invalid = firstInvalidField();
  for (const field of [codeInput, nameInput, organisationInput, countrySelect, emailInput]) {
    field.setAttribute('aria-invalid', field.checkValidity() ? 'false' : 'true');
  }
  if (invalid) {
    showError(invalid.validationMessage);
    invalid.focus();
    return;
  }
  void join();
});

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
  }
  busy = false;
  submit.disabled = false;
  setText(submit, t.joinSubmit);
}
