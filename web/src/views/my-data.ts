// "My data": everything the hub holds about the participant or stakeholder on this device, to read, download,
// withdraw consent, delete a question or practice they wrote, and erase themselves (docs/privacy.md).

import '../styles.css';
import { getJson, postJson, readable } from '../api';
import { countryOptions } from '../countries';
import { applyI18n, byTestId, el, setText, show } from '../dom';
import { t } from '../i18n';
import { clearToken, storedToken } from '../session';
import type { MyData } from '../types';

applyI18n();

const token = storedToken('participant') ?? storedToken('stakeholder');
const notice = byTestId('my-data-notice');
const card = byTestId('my-data');
const eraseCard = byTestId('my-data-erase-card');
const eraseButton = byTestId<HTMLButtonElement>('my-data-erase');
const sure = byTestId<HTMLInputElement>('my-data-erase-sure');
const revoke = byTestId<HTMLInputElement>('my-data-erase-revoke');
const profileForm = byTestId<HTMLFormElement>('my-data-profile-form');
const nameInput = byTestId<HTMLInputElement>('my-data-name');
const organisationInput = byTestId<HTMLInputElement>('my-data-organisation');
const countrySelect = byTestId<HTMLSelectElement>('my-data-country');
let data: MyData | null = null;

countrySelect.append(el('option', { value: '' }, t.joinCountryChoose));
for (const { code, name } of countryOptions(t.lang)) countrySelect.append(el('option', { value: code }, name));

function item(text: string, action?: { label: string; testId: string; run: () => Promise<void> }): HTMLLIElement {
  const li = el('li', {}, text);
  if (action) {
    const button = el('button', { type: 'button', class: 'btn secondary small', 'data-testid': action.testId }, action.label);
    button.addEventListener('click', () => void action.run());
    li.append(' ', button);
  }
  return li;
}

function render(mine: MyData): void {
  data = mine;
  const profile = byTestId('my-data-profile');
  profile.replaceChildren(
    ...[
      [t.joinName, mine.profile.name],
      [t.joinOrganisation, mine.profile.organisation],
      [t.joinCountry, mine.profile.country],
      [t.joinEmail, mine.profile.email ?? '—'],
    ].flatMap(([term, value]) => [el('dt', {}, term ?? ''), el('dd', {}, value ?? '')]),
  );
  byTestId('my-data-questions').replaceChildren(
    ...mine.questions.map((q) =>
      item(q.anonymous ? `${q.text} (${t.myDataAnonymous})` : q.text, {
        label: t.myDataDelete,
        testId: `my-data-delete-question-${q.id}`,
        run: () => act(() => postJson(`/api/me/questions/${q.id}/delete`, {}, { token })),
      }),
    ),
  );
  byTestId('my-data-practices').replaceChildren(
    ...mine.practices.map((p) =>
      item(p.title, {
        label: t.myDataDelete,
        testId: `my-data-delete-practice-${p.id}`,
        run: () => act(() => postJson(`/api/me/practices/${p.id}/delete`, {}, { token })),
      }),
    ),
  );
  nameInput.value = mine.profile.name;
  organisationInput.value = mine.profile.organisation;
  countrySelect.value = mine.profile.country;
  byTestId('my-data-memberships').replaceChildren(
    ...mine.memberships.map((m) => item(`${m.proposalTitle ?? m.proposalId} · ${m.intent}${m.shareContact ? ` · ${t.myDataShared}` : ''}`)),
  );
  setText(byTestId('my-data-other'), t.myDataOtherText(mine.upvotedProposals.length + mine.upvotedQuestions.length, mine.evidence.length, !!mine.reflection, !!mine.badge));
  show(card, true);
  show(eraseCard, true);
}

async function load(): Promise<void> {
  if (!token) {
    setText(notice, t.myDataNoToken);
    return;
  }
  try {
    render(await getJson<MyData>('/api/me/data', { token }));
  } catch (error) {
    setText(notice, readable(error));
  }
}

async function act(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
    setText(notice, t.myDataDone);
    await load();
  } catch (error) {
    setText(notice, readable(error));
  }
}

byTestId('my-data-download').addEventListener('click', () => {
  if (!data) return;
  const link = el('a', { href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' })), download: 'my-data.json' });
  link.click();
  URL.revokeObjectURL(link.href);
});

// Corrected with the same checks as joining; the room sees the new name where it showed the old one.
profileForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void act(() =>
    postJson('/api/me/profile', { name: nameInput.value, organisation: organisationInput.value, country: countrySelect.value }, { token }),
  );
});

byTestId('my-data-withdraw').addEventListener('click', () => void act(() => postJson('/api/me/consents/withdraw', {}, { token })));

sure.addEventListener('change', () => {
  eraseButton.disabled = !sure.checked;
});

eraseButton.addEventListener('click', () => {
  void (async () => {
    try {
      await postJson(`/api/me/erase?revokeBadge=${revoke.checked}`, {}, { token });
      clearToken('participant');
      clearToken('stakeholder');
      data = null;
      show(card, false);
      show(eraseCard, false);
      setText(notice, t.myDataErased);
    } catch (error) {
      setText(notice, readable(error));
    }
  })();
});

void load();
