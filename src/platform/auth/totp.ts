import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';

const ISSUER = 'Breadth';

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

/** Accepts the current code and one step either side, to allow for clock drift on the phone. */
export function verifyTotp(secret: string, code: string, now: Date = new Date()): boolean {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return false;
  return totpFor(secret, 'check').validate({ token, timestamp: now.getTime(), window: 1 }) !== null;
}

export function totpCode(secret: string, now: Date = new Date()): string {
  return totpFor(secret, 'code').generate({ timestamp: now.getTime() });
}

export function totpUri(secret: string, email: string): string {
  return totpFor(secret, email).toString();
}

/** An SVG QR code of the otpauth URI, safe to inline (no script) under the Content-Security-Policy. */
export async function totpQrSvg(secret: string, email: string): Promise<string> {
  return QRCode.toString(totpUri(secret, email), { type: 'svg', margin: 1, width: 200 });
}
