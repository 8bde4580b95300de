/** Join codes are typed on phones (which like to capitalise, or not): trim, drop spaces, upper-case. */
export function normaliseCode(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function joinUrl(code: string): string {
  return `${location.origin}/join?code=${encodeURIComponent(code)}`;
}
