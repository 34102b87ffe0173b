import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * The text of a mail that carries a sign-in link, as it must be sent, kept apart from the masked copy everyone can
 * read. It is encrypted (AES-256-GCM) with a key derived from the server's secret, which is not in the database, so
 * neither a backup nor someone reading the table can use the link; it is deleted once the mail is sent.
 */
function keyFrom(secret: string): Buffer {
  return createHash('sha256').update(`breadth mail\0${secret}`).digest();
}

export function seal(secret: string, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
}

/** The text, or null when it was sealed with another secret (the server's secret changed) or is damaged. */
export function unseal(secret: string, sealed: string): string | null {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (iv === undefined || tag === undefined || body === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** What stands in a stored mail where a token was. */
export const HIDDEN_TOKEN = '[link hidden]';

/** The text with every token replaced, so that the link it was in shows where it went but cannot be used. */
export function masked(text: string, tokens: readonly string[]): string {
  let out = text;
  for (const token of tokens) if (token.length > 0) out = out.split(token).join(HIDDEN_TOKEN);
  return out;
}
