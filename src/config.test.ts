import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('gives working defaults for the demo', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir.endsWith('data')).toBe(true);
    expect(config.demoLoginsEnabled).toBe(true);
    expect(config.seedDemo).toBe(true);
    expect(config.secureCookies).toBe(false);
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ NODE_ENV: 'production' }, 'SESSION_SECRET'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SEED_DEMO: 'perhaps' }, 'SEED_DEMO'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '11' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'proxy.example.nhs.uk' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.1, 300.1.1.1' }, 'TRUST_PROXY'],
    [{ BREADTH_CLOCK_START: '2026-10-14' }, 'BREADTH_CLOCK_START'],
    [{ BREADTH_CLOCK_START: '2026-10-14T09:00:00' }, 'BREADTH_CLOCK_START'],
    [{ BREADTH_CLOCK_START: 'next Wednesday' }, 'BREADTH_CLOCK_START'],
  ])('refuses %o, naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: .*${name}`));
  });

  it('turns off demo log-ins and turns on secure cookies in production', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      PUBLIC_URL: 'https://breadth.example.nhs.uk/',
    });
    expect(config.demoLoginsEnabled).toBe(false);
    expect(config.seedDemo).toBe(false);
    expect(config.secureCookies).toBe(true);
    expect(config.publicUrl).toBe('https://breadth.example.nhs.uk');
  });

  it('starts the clock at BREADTH_CLOCK_START when it is given, and at the real time otherwise', () => {
    expect(loadConfig({}).clockStart).toBeUndefined();
    expect(loadConfig({ BREADTH_CLOCK_START: '2026-10-14T09:00:00Z' }).clockStart).toEqual(
      new Date('2026-10-14T09:00:00Z'),
    );
    expect(loadConfig({ BREADTH_CLOCK_START: '2026-10-14T10:00:00+01:00' }).clockStart).toEqual(
      new Date('2026-10-14T09:00:00Z'),
    );
  });

  it('refuses BREADTH_CLOCK_START in production, in one line naming it', () => {
    const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) };
    expect(loadConfig(production).clockStart).toBeUndefined();
    expect(() => loadConfig({ ...production, BREADTH_CLOCK_START: '2026-10-14T09:00:00Z' })).toThrow(
      new ConfigError(
        'Invalid configuration: BREADTH_CLOCK_START must not be set when NODE_ENV is production: a clock that is not the real time is for tests only',
      ),
    );
  });

  it.each([
    [undefined, false],
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.5', ['10.0.0.5']],
    ['10.0.0.0/8, 192.168.1.1 ,fd00::/8', ['10.0.0.0/8', '192.168.1.1', 'fd00::/8']],
  ])('reads TRUST_PROXY=%j as %j', (value, expected) => {
    expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });
});
