import { describe, expect, it } from 'vitest';
import { MECHANISMS } from './allocate.ts';
import { MECHANISM_DESCRIPTIONS } from './mechanisms.ts';

describe('mechanism descriptions', () => {
  it('describe every mechanism, with steps and advice', () => {
    for (const mechanism of MECHANISMS) {
      const description = MECHANISM_DESCRIPTIONS[mechanism];
      expect(description.name.length).toBeGreaterThan(5);
      expect(description.steps.length).toBeGreaterThanOrEqual(3);
      expect(description.advice.length).toBeGreaterThan(20);
    }
  });

  it('say how linked applications are treated, as the engine does', () => {
    expect(MECHANISM_DESCRIPTIONS['serial-dictatorship'].steps.join(' ')).toMatch(/linked .* placed together/);
    expect(MECHANISM_DESCRIPTIONS['immediate-acceptance'].steps.join(' ')).toMatch(/linked .* placed together/);
    expect(MECHANISM_DESCRIPTIONS['deferred-acceptance'].steps.join(' ')).toMatch(
      /Linked applications are considered separately/,
    );
  });
});
