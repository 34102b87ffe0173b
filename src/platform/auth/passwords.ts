import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary },
  graphs: common.adjacencyGraphs,
});

/**
 * argon2id (the library's default algorithm) with its default cost: 19 MiB, 2 passes, the OWASP minimum
 * recommendation. The algorithm is not passed explicitly because the library types it as an ambient const enum.
 */
export async function hashPassword(password: string): Promise<string> {
  const encoded = await hash(password);
  if (!encoded.startsWith('$argon2id$')) throw new Error('Password hashing did not use argon2id');
  return encoded;
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so that response time does not reveal which emails exist. */
let decoyHash: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<void> {
  decoyHash ??= hashPassword('decoy password that nobody has');
  await verifyPassword(await decoyHash, password);
}

/**
 * Checks a new password against the policy: long enough, not too long, and not guessable
 * (common-password lists, keyboard patterns, the person's own name or email). Returns an error message or null.
 */
export function passwordProblem(password: string, personal: readonly string[] = []): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `Password must be ${String(PASSWORD_MIN_LENGTH)} characters or more`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return `Password must be ${String(PASSWORD_MAX_LENGTH)} characters or fewer`;
  }
  const inputs = personal
    .flatMap((value) => value.toLowerCase().split(/[^a-z0-9]+/))
    .filter((part) => part.length >= 3);
  const result = zxcvbn.check(password, inputs);
  const common = result.sequence.some(
    (match) => match.pattern === 'dictionary' && match.dictionaryName === 'passwords',
  );
  if (common && result.score < 4) {
    return 'Password is too common. Try three random words together, like "copper tulip harbour"';
  }
  if (result.score < 3) {
    return 'Password is too easy to guess. Try three random words together, like "copper tulip harbour"';
  }
  return null;
}
