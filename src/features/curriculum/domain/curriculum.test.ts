import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compareOutcomeCodes,
  DEFAULT_STAGES,
  ENHANCE_DOMAINS,
  formatOutcomeCode,
  FP_HLOS,
  hasErrors,
  LIMITS,
  listOf,
  nextOutcomeCode,
  nextVersionNumber,
  normaliseOutcomeCode,
  parseOutcomeCode,
  publishProblems,
  sortedDomains,
  sortedOutcomes,
  stageIndex,
  stagesUpTo,
  starterCurriculum,
  validateCurriculum,
  type CurriculumContent,
  type Outcome,
  type Problem,
} from './curriculum.ts';
import { exampleCurriculum } from './example.ts';

function outcome(code: string, domainCode: string, stageCode: string, fpHlos: string[] = []): Outcome {
  return { code, domainCode, stageCode, text: `Outcome ${code}`, fpHlos };
}

/** Two stages, two domains, an outcome for each pair: valid with no warnings. */
function small(): CurriculumContent {
  return {
    stages: [
      { code: 'F1', name: 'Foundation year 1' },
      { code: 'F2', name: 'Foundation year 2' },
    ],
    domains: [
      { code: 'PCP', title: 'Person-centred practice', description: 'd', whyItMatters: 'w', order: 1 },
      { code: 'ENV', title: 'Environmental sustainability', description: 'd', whyItMatters: 'w', order: 2 },
    ],
    outcomes: [
      outcome('PCP-F1-01', 'PCP', 'F1', ['HLO1']),
      outcome('PCP-F2-01', 'PCP', 'F2'),
      outcome('ENV-F1-01', 'ENV', 'F1'),
      outcome('ENV-F2-01', 'ENV', 'F2', ['HLO2', 'HLO3']),
    ],
  };
}

function errors(problems: Problem[]): Problem[] {
  return problems.filter((problem) => problem.severity === 'error');
}

function pathsOf(problems: Problem[]): string[] {
  return problems.map((problem) => problem.path);
}

describe('the Enhance domains and default stages', () => {
  it('has the five stages F1 to ST3 in order', () => {
    expect(DEFAULT_STAGES.map((stage) => stage.code)).toEqual(['F1', 'F2', 'ST1', 'ST2', 'ST3']);
  });

  it('has the six domains with unique codes, distinct orders and plain text for every field', () => {
    expect(ENHANCE_DOMAINS.map((domain) => domain.title)).toEqual([
      'Person-centred practice',
      'Complex multimorbidity',
      'Working across systems',
      'Population health',
      'Social justice and health equity',
      'Environmental sustainability',
    ]);
    expect(new Set(ENHANCE_DOMAINS.map((domain) => domain.code)).size).toBe(6);
    expect(new Set(ENHANCE_DOMAINS.map((domain) => domain.order)).size).toBe(6);
    for (const domain of ENHANCE_DOMAINS) {
      expect(domain.description.length).toBeGreaterThan(40);
      expect(domain.whyItMatters.length).toBeGreaterThan(40);
      expect(domain.description.length).toBeLessThanOrEqual(LIMITS.domainDescription);
    }
  });

  it('starts a programme with stages and domains and warns that every domain lacks outcomes', () => {
    const problems = validateCurriculum(starterCurriculum());
    expect(hasErrors(problems)).toBe(false);
    expect(problems).toHaveLength(6);
    expect(problems[0]).toEqual({
      path: 'domains[0]',
      severity: 'warning',
      message: 'Person-centred practice has no outcomes at F1, F2, ST1, ST2 and ST3',
    });
  });

  it('gives a starter that can be changed without changing the constants', () => {
    const content = starterCurriculum();
    (content.stages[0] as { name: string }).name = 'Changed';
    expect(DEFAULT_STAGES[0]?.name).toBe('Foundation year 1');
  });

  it('has an example curriculum with no problems at all', () => {
    expect(validateCurriculum(exampleCurriculum())).toEqual([]);
    expect(exampleCurriculum().outcomes).toHaveLength(30);
  });

  it('knows the three Foundation Programme higher-level outcomes', () => {
    expect(FP_HLOS.map((hlo) => hlo.code)).toEqual(['HLO1', 'HLO2', 'HLO3']);
  });
});

describe('outcome codes', () => {
  it.each([
    ['PCP-F1-01', 'PCP-F1-01'],
    ['pcp-f1-01', 'PCP-F1-01'],
    [' pcp f1 1 ', 'PCP-F1-01'],
    ['PCP_F1_001', 'PCP-F1-01'],
    ['PCP–F1–7', 'PCP-F1-07'],
    ['PCP - ST3 - 12', 'PCP-ST3-12'],
    ['env--st2--3', 'ENV-ST2-03'],
    ['SJE-ST1-123', 'SJE-ST1-123'],
    ['SJE-ST1-0999', 'SJE-ST1-999'],
  ])('reads %j as %s', (raw, code) => {
    expect(normaliseOutcomeCode(raw)).toBe(code);
  });

  it.each([
    '',
    'PCP',
    'PCP-F1',
    'PCP-F1-',
    'PCPF101',
    'P-F1-01',
    'PCP-F1-00',
    'PCP-F1-1000',
    '1CP-F1-01',
    'PCP-F1-01-02',
    '-PCP-F1-01',
  ])('refuses %j', (raw) => {
    expect(parseOutcomeCode(raw)).toBeNull();
  });

  it('gives the parts of a code', () => {
    expect(parseOutcomeCode('cmm st2 4')).toEqual({
      code: 'CMM-ST2-04',
      domainCode: 'CMM',
      stageCode: 'ST2',
      number: 4,
    });
  });

  it('formats with at least two digits', () => {
    expect(formatOutcomeCode('PCP', 'F1', 3)).toBe('PCP-F1-03');
    expect(formatOutcomeCode('PCP', 'F1', 42)).toBe('PCP-F1-42');
    expect(formatOutcomeCode('PCP', 'F1', 100)).toBe('PCP-F1-100');
  });

  it('reads back every code it formats, and normalising twice changes nothing', () => {
    const part = (min: number, max: number) =>
      fc
        .tuple(
          fc.constantFrom(...Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZ')),
          fc.array(fc.constantFrom(...Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')), {
            minLength: min,
            maxLength: max,
          }),
        )
        .map(([first, rest]) => first + rest.join(''));
    fc.assert(
      fc.property(part(1, 7), part(0, 7), fc.integer({ min: 1, max: 999 }), (domain, stage, number) => {
        const code = formatOutcomeCode(domain, stage, number);
        expect(parseOutcomeCode(code)).toEqual({ code, domainCode: domain, stageCode: stage, number });
        expect(normaliseOutcomeCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (raw) => {
        const once = normaliseOutcomeCode(raw);
        if (once !== null) expect(normaliseOutcomeCode(once)).toBe(once);
      }),
    );
  });

  it('gives the next free number for a domain and stage', () => {
    const content = small();
    expect(nextOutcomeCode(content, 'PCP', 'F1')).toBe('PCP-F1-02');
    expect(nextOutcomeCode(content, 'PCP', 'ST1')).toBe('PCP-ST1-01');
    const gappy = { ...content, outcomes: [...content.outcomes, outcome('PCP-F1-07', 'PCP', 'F1')] };
    expect(nextOutcomeCode(gappy, 'PCP', 'F1')).toBe('PCP-F1-08');
  });

  it('orders codes by domain, stage and number, unreadable codes last', () => {
    const codes = ['PCP-F1-10', 'nonsense', 'ENV-F2-01', 'PCP-F1-2', 'PCP-F1-09', 'ENV-F1-03', 'ABC'];
    expect([...codes].sort(compareOutcomeCodes)).toEqual([
      'ENV-F1-03',
      'ENV-F2-01',
      'PCP-F1-2',
      'PCP-F1-09',
      'PCP-F1-10',
      'ABC',
      'nonsense',
    ]);
  });
});

describe('ordering helpers', () => {
  it('sorts domains by order then code', () => {
    const content = {
      ...small(),
      domains: [
        { code: 'ZZ', title: 'z', description: 'd', whyItMatters: 'w', order: 1 },
        { code: 'BB', title: 'b', description: 'd', whyItMatters: 'w', order: 2 },
        { code: 'AA', title: 'a', description: 'd', whyItMatters: 'w', order: 1 },
      ],
    };
    expect(sortedDomains(content).map((domain) => domain.code)).toEqual(['AA', 'ZZ', 'BB']);
  });

  it('finds stages up to and including one', () => {
    const content = exampleCurriculum();
    expect(stageIndex(content, 'F2')).toBe(1);
    expect(stageIndex(content, 'ST9')).toBe(-1);
    expect(stagesUpTo(content, 'ST1').map((stage) => stage.code)).toEqual(['F1', 'F2', 'ST1']);
    expect(stagesUpTo(content, 'ST9')).toEqual([]);
  });

  it('sorts outcomes by domain order, stage order and code, unknown domains last', () => {
    const content = small();
    const shuffled: CurriculumContent = {
      ...content,
      outcomes: [
        outcome('XX-F1-01', 'XX', 'F1'),
        outcome('ENV-F2-01', 'ENV', 'F2'),
        outcome('PCP-F2-01', 'PCP', 'F2'),
        outcome('ENV-F1-01', 'ENV', 'F1'),
        outcome('PCP-F1-10', 'PCP', 'F1'),
        outcome('PCP-F1-02', 'PCP', 'F1'),
      ],
    };
    expect(sortedOutcomes(shuffled).map((item) => item.code)).toEqual([
      'PCP-F1-02',
      'PCP-F1-10',
      'PCP-F2-01',
      'ENV-F1-01',
      'ENV-F2-01',
      'XX-F1-01',
    ]);
  });

  it.each([
    [[], ''],
    [['F1'], 'F1'],
    [['F1', 'F2'], 'F1 and F2'],
    [['F1', 'F2', 'ST1'], 'F1, F2 and ST1'],
  ])('lists %j as %j', (items, text) => {
    expect(listOf(items)).toBe(text);
  });
});

describe('validating a curriculum', () => {
  it('finds nothing wrong with a complete small curriculum', () => {
    expect(validateCurriculum(small())).toEqual([]);
  });

  it('needs at least one stage and one domain', () => {
    const problems = validateCurriculum({ stages: [], domains: [], outcomes: [] });
    expect(problems).toEqual([
      { path: 'stages', severity: 'error', message: 'Add at least one stage' },
      { path: 'domains', severity: 'error', message: 'Add at least one domain' },
    ]);
  });

  it('checks stage codes and names', () => {
    const content = {
      ...small(),
      stages: [
        { code: 'F1', name: 'Foundation year 1' },
        { code: 'f2', name: 'Lower case' },
        { code: '', name: 'No code' },
        { code: 'ST-1', name: 'Hyphen' },
        { code: 'F1', name: '  ' },
        { code: 'ST2', name: 'x'.repeat(LIMITS.stageName + 1) },
      ],
    };
    const problems = errors(validateCurriculum(content));
    expect(problems).toContainEqual({
      path: 'stages[1].code',
      severity: 'error',
      message: 'Stage code f2 must be up to 8 capital letters and numbers, starting with a letter, like F1 or ST3',
    });
    expect(problems).toContainEqual({ path: 'stages[2].code', severity: 'error', message: 'Enter a stage code' });
    expect(pathsOf(problems)).toContain('stages[3].code');
    expect(problems).toContainEqual({ path: 'stages[4].name', severity: 'error', message: 'Enter a stage name' });
    expect(problems).toContainEqual({
      path: 'stages[4].code',
      severity: 'error',
      message: 'Stage code F1 is used more than once',
    });
    expect(problems).toContainEqual({
      path: 'stages[5].name',
      severity: 'error',
      message: `A stage name must be ${String(LIMITS.stageName)} characters or fewer`,
    });
  });

  it('checks domain codes, text and order', () => {
    const content = small();
    const domains = [
      ...content.domains,
      { code: 'P', title: '', description: ' ', whyItMatters: '', order: 1.5 },
      { code: 'PCP', title: 'Again', description: 'd', whyItMatters: 'w', order: 3 },
    ];
    const problems = errors(validateCurriculum({ ...content, domains }));
    expect(pathsOf(problems)).toEqual([
      'domains[2].code',
      'domains[2].title',
      'domains[2].description',
      'domains[2].whyItMatters',
      'domains[2].order',
      'domains[3].code',
    ]);
    expect(problems[1]?.message).toBe('Enter a domain title');
    expect(problems[2]?.message).toBe('Enter a description of the domain');
    expect(problems[3]?.message).toBe('Enter why the domain matters');
    expect(problems[4]?.message).toBe('Order must be a whole number');
    expect(problems[5]?.message).toBe('Domain code PCP is used more than once');
  });

  it('checks outcome codes, suggesting the normal form when there is one', () => {
    const content = small();
    const outcomes = [
      ...content.outcomes,
      outcome('pcp-f1-2', 'PCP', 'F1'),
      outcome('whatever', 'PCP', 'F1'),
      outcome('', 'PCP', 'F1'),
      outcome('PCP-F1-00', 'PCP', 'F1'),
      outcome('PCP-F1-01', 'PCP', 'F1'),
    ];
    const problems = errors(validateCurriculum({ ...content, outcomes }));
    expect(problems).toEqual([
      { path: 'outcomes[4].code', severity: 'error', message: 'Outcome code pcp-f1-2 must be written PCP-F1-02' },
      {
        path: 'outcomes[5].code',
        severity: 'error',
        message: 'Outcome code whatever must be the domain code, the stage code and a number, like PCP-F1-01',
      },
      { path: 'outcomes[6].code', severity: 'error', message: 'Enter an outcome code' },
      {
        path: 'outcomes[7].code',
        severity: 'error',
        message: 'Outcome code PCP-F1-00 must end in a number from 01 to 999',
      },
      { path: 'outcomes[8].code', severity: 'error', message: 'Outcome code PCP-F1-01 is used more than once' },
    ]);
  });

  it('checks that an outcome belongs to a known domain and stage and has text', () => {
    const content = small();
    const outcomes = [
      ...content.outcomes,
      { code: 'SYS-F1-01', domainCode: 'SYS', stageCode: 'F1', text: 'Text', fpHlos: [] },
      { code: 'PCP-ST1-01', domainCode: 'PCP', stageCode: 'ST1', text: '', fpHlos: [] },
      { code: 'PCP-F1-05', domainCode: '', stageCode: '', text: 'x'.repeat(LIMITS.outcomeText + 1), fpHlos: [] },
    ];
    expect(errors(validateCurriculum({ ...content, outcomes }))).toEqual([
      {
        path: 'outcomes[4].domainCode',
        severity: 'error',
        message: 'Outcome SYS-F1-01 belongs to domain SYS, which this curriculum does not have',
      },
      {
        path: 'outcomes[5].stageCode',
        severity: 'error',
        message: 'Outcome PCP-ST1-01 is at stage ST1, which this curriculum does not have',
      },
      { path: 'outcomes[5].text', severity: 'error', message: 'Enter the text of outcome PCP-ST1-01' },
      { path: 'outcomes[6].domainCode', severity: 'error', message: 'Select the domain of outcome PCP-F1-05' },
      { path: 'outcomes[6].stageCode', severity: 'error', message: 'Select the stage of outcome PCP-F1-05' },
      {
        path: 'outcomes[6].text',
        severity: 'error',
        message: `The text of outcome PCP-F1-05 must be ${String(LIMITS.outcomeText)} characters or fewer`,
      },
    ]);
  });

  it('checks higher-level outcome codes', () => {
    const content = small();
    const outcomes = [outcome('PCP-F1-01', 'PCP', 'F1', ['HLO1', 'HLO4', 'hlo2', '', 'HLO1'])];
    const problems = errors(validateCurriculum({ ...content, outcomes }));
    expect(problems).toEqual([
      {
        path: 'outcomes[0].fpHlos[1]',
        severity: 'error',
        message: 'HLO4 is not a Foundation Programme higher-level outcome; use HLO1, HLO2, HLO3',
      },
      {
        path: 'outcomes[0].fpHlos[2]',
        severity: 'error',
        message: 'hlo2 is not a Foundation Programme higher-level outcome; use HLO1, HLO2, HLO3',
      },
      {
        path: 'outcomes[0].fpHlos[3]',
        severity: 'error',
        message: 'An empty code is not a Foundation Programme higher-level outcome; use HLO1, HLO2, HLO3',
      },
      { path: 'outcomes[0].fpHlos[4]', severity: 'error', message: 'Outcome PCP-F1-01 lists HLO1 more than once' },
    ]);
  });

  it('warns, without an error, when a code names another stage or domain (an outcome that moved)', () => {
    const content = small();
    const outcomes = content.outcomes.map((item) =>
      item.code === 'PCP-F1-01'
        ? { ...item, stageCode: 'F2' }
        : item.code === 'ENV-F1-01'
          ? { ...item, domainCode: 'PCP' }
          : item,
    );
    const problems = validateCurriculum({ ...content, outcomes });
    expect(hasErrors(problems)).toBe(false);
    expect(problems).toEqual([
      {
        path: 'outcomes[0].code',
        severity: 'warning',
        message:
          'Outcome PCP-F1-01 is at stage F2 but its code names F1. That is fine for an outcome that has moved, since codes never change; a new outcome should be PCP-F2-02',
      },
      {
        path: 'outcomes[2].code',
        severity: 'warning',
        message:
          'Outcome ENV-F1-01 is in domain PCP but its code names ENV. That is fine for an outcome that has moved, since codes never change; a new outcome should be PCP-F1-02',
      },
      { path: 'domains[1]', severity: 'warning', message: 'Environmental sustainability has no outcomes at F1' },
    ]);
  });

  it('warns when a domain has no outcome at some stage', () => {
    const content = small();
    const problems = validateCurriculum({
      ...content,
      outcomes: content.outcomes.filter((item) => item.code !== 'PCP-F2-01'),
    });
    expect(problems).toEqual([
      { path: 'domains[0]', severity: 'warning', message: 'Person-centred practice has no outcomes at F2' },
    ]);
  });

  it('puts errors before warnings', () => {
    const content = small();
    const problems = validateCurriculum({
      ...content,
      outcomes: [...content.outcomes.slice(1), outcome('BAD', 'PCP', 'F2')],
    });
    const severities = problems.map((problem) => problem.severity);
    expect(severities).toEqual([...severities].sort());
    expect(severities).toContain('warning');
    expect(severities).toContain('error');
  });

  it('never throws, orders errors first, and points every problem at a path of the content', () => {
    const code = fc.constantFrom('', 'F1', 'F2', 'PCP', 'ENV', 'x', 'ST-1', 'PCP-F1-01', 'ENV-F2-02', 'pcp f1 3');
    const text = fc.constantFrom('', ' ', 'Text', 'x'.repeat(700));
    const content = fc.record({
      stages: fc.array(fc.record({ code, name: text }), { maxLength: 4 }),
      domains: fc.array(
        fc.record({ code, title: text, description: text, whyItMatters: text, order: fc.constantFrom(1, 2, 2.5) }),
        { maxLength: 4 },
      ),
      outcomes: fc.array(
        fc.record({
          code,
          domainCode: code,
          stageCode: code,
          text,
          fpHlos: fc.array(fc.constantFrom('HLO1', 'HLO2', 'HLO9', ''), { maxLength: 3 }),
        }),
        { maxLength: 6 },
      ),
    });
    fc.assert(
      fc.property(content, (value) => {
        const problems = validateCurriculum(value);
        const firstWarning = problems.findIndex((problem) => problem.severity === 'warning');
        if (firstWarning >= 0) expect(problems.slice(firstWarning).every((p) => p.severity === 'warning')).toBe(true);
        for (const problem of problems) {
          expect(problem.message).not.toBe('');
          const match = /^(stages|domains|outcomes)(?:\[(\d+)\](?:\.(\w+)(?:\[(\d+)\])?)?)?$/.exec(problem.path);
          expect(match).not.toBeNull();
          const list = value[match![1] as 'stages' | 'domains' | 'outcomes'];
          if (match![2] !== undefined) {
            const item = list[Number(match![2])] as unknown as Record<string, unknown> | undefined;
            expect(item).toBeDefined();
            if (match![3] !== undefined) expect(item).toHaveProperty(match![3]);
          }
        }
      }),
    );
  });
});

describe('publishing', () => {
  it('needs a change summary, even for the first version', () => {
    expect(publishProblems(small(), '  ')).toEqual([
      { path: 'changeSummary', severity: 'error', message: 'Enter a summary of what changed' },
    ]);
    expect(publishProblems(small(), 'x'.repeat(LIMITS.changeSummary + 1))[0]?.message).toBe(
      `A summary of what changed must be ${String(LIMITS.changeSummary)} characters or fewer`,
    );
    expect(publishProblems(small(), 'First version')).toEqual([]);
  });

  it('returns the content’s errors and warnings alongside', () => {
    const problems = publishProblems(starterCurriculum(), 'First version');
    expect(hasErrors(problems)).toBe(false);
    expect(problems).toHaveLength(6);
    expect(hasErrors(publishProblems({ stages: [], domains: [], outcomes: [] }, 'First version'))).toBe(true);
  });

  it.each([
    [[], 1],
    [[1], 2],
    [[1, 2, 3], 4],
    [[3, 1], 4],
  ])('numbers the version after %j as %i', (published, next) => {
    expect(nextVersionNumber(published)).toBe(next);
  });
});
