// The landing page: a code box that leads to /join?code=….

import '../styles.css';
import { applyI18n, byId } from '../dom';
import { normaliseCode } from './join-code';

applyI18n();
const form = byId<HTMLFormElement>('code-form');
const input = byId<HTMLInputElement>('code');

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const code = normaliseCode(input.value);
  if (!code) {
    input.focus();
    return;
  }
  location.assign(`/join?code=${encodeURIComponent(code)}`);
});
