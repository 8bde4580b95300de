/** Join codes are typed on phones (which like to capitalise, or not): trim, drop spaces, upper-case. */
export function normaliseCode(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function joinUrl(code: string): string {
  return `${location.origin}/join?code=${encodeURIComponent(code)}`;
}

/** The hub's own QR image of the join link (same origin as the page, so the same address as `joinUrl`). */
export function joinQrSrc(code: string): string {
  return `/api/qr/join/${encodeURIComponent(code)}.svg`;
}
