// The pages' languages, one line each; the first is the default and the one every other file is checked against.
// Adding a language is its file (a `Strings` object, so tsc insists on every key) and its line here.

export { en } from './en';
export { nl } from './nl';
export { fr } from './fr';
export { de } from './de';
