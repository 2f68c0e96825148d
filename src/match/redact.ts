/**
 * @module match/redact
 * Remove secrets and personal data from text before it is echoed back, logged or stored:
 * Discord and GitHub tokens, API keys, private keys, JWTs, passwords in URLs, e-mail addresses and
 * the user names in home-directory paths.
 */

/** Order matters: whole blocks (private keys) first, then tokens, then the generic patterns. */
const RULES: { pattern: RegExp; replace: string }[] = [
  {
    pattern:
      /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----[\s\S]{0,20000}?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----|$)/g,
    replace: '[private key]'
  },
  // JSON Web Tokens.
  { pattern: /\beyJ[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]{5,}/g, replace: '[jwt]' },
  // Discord bot tokens: base64 user id . timestamp . HMAC.
  {
    pattern: /\b[MNO][\w-]{23,27}\.[\w-]{6}\.[\w-]{27,40}\b/g,
    replace: '[discord token]'
  },
  // GitHub tokens (classic and fine-grained).
  {
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_\w{60,255})\b/g,
    replace: '[github token]'
  },
  // AWS access key ids and secret keys in assignments.
  { pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, replace: '[aws key]' },
  // Slack, Stripe, OpenAI-style and Google API keys.
  {
    pattern:
      /\b(?:xox[abprs]-[\w-]{10,200}|sk_live_\w{16,200}|sk-[A-Za-z0-9_-]{20,200}|AIza[\w-]{35})\b/g,
    replace: '[api key]'
  },
  // Passwords in URLs: scheme://user:password@host
  {
    pattern: /\b([a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@]{1,100}):[^\s@/]{1,200}@/gi,
    replace: '$1:[password]@'
  },
  // Authorization schemes first, so that the key=value rule below does not take the scheme for the secret.
  {
    pattern: /\b(Bearer|Bot|Basic)\s+[A-Za-z0-9._~+/-]{8,}=*/g,
    replace: '$1 [redacted]'
  },
  // key=value and key: value secrets, also inside longer names (AWS_SECRET_ACCESS_KEY=, DISCORD_TOKEN:).
  {
    pattern:
      /((?:^|[^A-Za-z0-9])[\w-]{0,40}?(?:api[_-]?key|apikey|secret|token|password|passwd|pwd|auth|authorization|access[_-]?key|client[_-]?secret)["']?\s*[:=]\s*["']?)(?!\[|Bearer\b|Bot\b|Basic\b)[^\s"',;]{6,500}/gi,
    replace: '$1[redacted]'
  },
  // E-mail addresses.
  {
    pattern:
      /\b[\w.%+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[a-z]{2,24}\b/gi,
    replace: '[email]'
  },
  // User names in home directories.
  {
    pattern: /(\/home\/|\/Users\/)(?!\{|\[)[^/\s:'"`]{1,64}/g,
    replace: '$1[user]'
  },
  {
    pattern:
      /([A-Za-z]:\\(?:Users|Documents and Settings)\\)(?!\[)[^\\\s:'"`]{1,64}/gi,
    replace: '$1[user]'
  }
]

/**
 * Redact secrets and personal data.
 * @param text Any text taken from a user's paste.
 * @returns The text with secrets replaced by `[… ]` placeholders.
 * @example redact('see /home/alice/x') // 'see /home/[user]/x'
 */
export function redact(text: string): string {
  let out = text
  for (const rule of RULES) out = out.replace(rule.pattern, rule.replace)
  return out
}
