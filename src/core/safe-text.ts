/**
 * Text that came from outside (a server's body, a dataset, a URL the user typed) made safe to
 * show: secrets taken out, and control characters escaped before they reach a terminal.
 *
 * Secrets are registered by whoever holds them (the Hub client its token, openai-judge its key,
 * the served client a URL's credentials) and taken out of every error message (RewardgaugeError
 * does it) and of every text that quotes a server. The registry is process-wide on purpose: a
 * message is often built far from the code that knows which secret it might carry (a 401 body
 * quoted by a shape check, a Hub error wrapped by a loader), and forgetting one place must not
 * leak. Registering more than needed costs nothing but a few redactions.
 */

export const REDACTED = '[REDACTED]';

const secrets = new Set<string>();

/** Take `value` out of every message from now on (also percent-encoded: a URL or a query string may carry it so). */
export function addSecret(value: string | undefined): void {
  if (value === undefined || value === '') return;
  secrets.add(value);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) secrets.add(encoded);
}

// The process's own Hub token, known from the start: the hf: adapter's Python worker or a mirror
// may print it in text that never passes through the Hub client (which adds the token it is given).
for (const name of ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN']) addSecret(process.env[name]?.trim());

/** `scheme://user:password@host` → `scheme://[REDACTED]@host`, anywhere in the text. */
export function redactUrlCredentials(text: string): string {
  // The authority ends at the first / ? # or whitespace; the last @ before it ends the userinfo.
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*(?:@[^\s/?#@]*)*@/gi, `$1${REDACTED}@`);
}

/** Every registered secret and every URL's credentials replaced by [REDACTED]. */
export function redact(text: string): string {
  let out = redactUrlCredentials(text);
  // Longest first, so a secret that contains another is taken out whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

/**
 * C0 and C1 controls, DEL, and the bidirectional overrides and isolates that reorder what a
 * terminal shows (Trojan Source): each is written as a visible escape, `\x1b` or `\u202e`, so
 * `\u001b]0;pwned\u0007` cannot retitle a terminal nor `\u202e` reverse a line.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_KEEP_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const visible = (c: string): string => {
  const n = c.charCodeAt(0);
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
};

/** For one line of a table or a log: every control character escaped, newlines and tabs too. */
export function escapeTerminal(text: string): string {
  return text.replace(CONTROL, visible);
}

/** For a message that may span lines: as `escapeTerminal`, but \n and \t kept. */
export function escapeTerminalLines(text: string): string {
  return text.replace(CONTROL_KEEP_LINES, visible);
}

/** What an error message or a quoted server reply goes through before anyone sees it. */
export const safeMessage = (text: string): string => escapeTerminalLines(redact(text));
