import { createHmac } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';

const ISSUER = 'Breadth';
const PERIOD_SECONDS = 30;

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

/**
 * The secret offered while a person sets up two-factor authentication, derived from the server's secret and their
 * session, so that showing the set-up page stores nothing (a GET changes no state) yet every showing in that session
 * offers the same secret. It is stored only when they confirm it with a code.
 */
export function setupTotpSecret(serverSecret: string, sessionId: string): string {
  const bytes = createHmac('sha256', serverSecret).update(`two-factor set-up\0${sessionId}`).digest().subarray(0, 20);
  return new OTPAuth.Secret({ buffer: new Uint8Array(bytes).buffer }).base32;
}

/** The time step a moment falls in: codes change with each step. */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / PERIOD_SECONDS);
}

function totpFor(secret: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

/**
 * The time step of the code, if it is right: the current step's code or one step either side, to allow for clock
 * drift on the phone. The caller must refuse a step at or before the last one accepted (a code works once).
 */
export function matchTotp(secret: string, code: string, now: Date = new Date()): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secret, 'check').validate({ token, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : totpStep(now) + delta;
}

export function totpCode(secret: string, now: Date = new Date()): string {
  return totpFor(secret, 'code').generate({ timestamp: now.getTime() });
}

/** The code of a given time step (the demo shows the next unused one). */
export function totpCodeAtStep(secret: string, step: number): string {
  return totpCode(secret, new Date(step * PERIOD_SECONDS * 1000));
}

export function totpUri(secret: string, email: string): string {
  return totpFor(secret, email).toString();
}

/** An SVG QR code of the otpauth URI, safe to inline (no script) under the Content-Security-Policy. */
export async function totpQrSvg(secret: string, email: string): Promise<string> {
  return QRCode.toString(totpUri(secret, email), { type: 'svg', margin: 1, width: 200 });
}
