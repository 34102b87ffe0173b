import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RuleError } from '../errors.ts';
import { addError, emptyErrors, submitForm, type FormErrors, type FormValues } from './forms.ts';

const schema = z.object({
  name: z.string().trim().min(1, 'Enter the name'),
  places: z.coerce.number({ error: 'Places must be a whole number' }).int('Places must be a whole number'),
});

type Outcome =
  { shown: 'again'; values: FormValues; errors: FormErrors } | { shown: 'done'; result: string; name: string };

function submit(body: unknown, run: (data: z.infer<typeof schema>) => Promise<string>, checkRegion = false) {
  const ran: z.infer<typeof schema>[] = [];
  const outcome = submitForm(body, {
    schema,
    check: (values) =>
      checkRegion && values.regionId === undefined
        ? addError(emptyErrors(), 'regionId', 'Select the region')
        : emptyErrors(),
    run: (data) => {
      ran.push(data);
      return run(data);
    },
    done: (result, data): Outcome => ({ shown: 'done', result, name: data.name }),
    again: (values, errors): Outcome => ({ shown: 'again', values, errors }),
    ruleField: 'name',
  }) as Promise<Outcome>;
  return { outcome, ran };
}

describe('submitForm', () => {
  it('runs the command with the parsed form and follows on with its result', async () => {
    const { outcome } = submit({ _csrf: 't', name: ' Ward round ', places: '12' }, (data) =>
      Promise.resolve(`made ${data.name} for ${String(data.places)}`),
    );
    expect(await outcome).toEqual({ shown: 'done', result: 'made Ward round for 12', name: 'Ward round' });
  });

  it('shows the form again with what was typed, without the CSRF token, and runs nothing', async () => {
    const { outcome, ran } = submit({ _csrf: 't', name: '', places: 'many' }, () => Promise.resolve('x'));
    const shown = await outcome;
    expect(ran).toEqual([]);
    expect(shown).toMatchObject({ shown: 'again', values: { name: '', places: 'many' } });
    if (shown.shown !== 'again') throw new Error('not shown again');
    expect(shown.errors.list.map((item) => item.text)).toEqual(['Enter the name', 'Places must be a whole number']);
  });

  it('lists the extra checks first, with the schema’s problems after them', async () => {
    const { outcome, ran } = submit({ name: '', places: '3' }, () => Promise.resolve('x'), true);
    const shown = await outcome;
    expect(ran).toEqual([]);
    if (shown.shown !== 'again') throw new Error('not shown again');
    expect(shown.errors.list).toEqual([
      { text: 'Select the region', href: '#regionId' },
      { text: 'Enter the name', href: '#name' },
    ]);
    expect(Object.keys(shown.errors.fields).sort()).toEqual(['name', 'regionId']);
  });

  it('shows a rule’s refusal against its field, or the form’s main field, keeping what was typed', async () => {
    const refused = submit({ name: 'Ward round', places: '3' }, () =>
      Promise.reject(new RuleError('There are only 2 rooms', 'places')),
    );
    expect(await refused.outcome).toMatchObject({
      shown: 'again',
      values: { name: 'Ward round', places: '3' },
      errors: { list: [{ text: 'There are only 2 rooms', href: '#places' }] },
    });
    const unnamed = submit({ name: 'Ward round', places: '3' }, () =>
      Promise.reject(new RuleError('That name is taken')),
    );
    expect(await unnamed.outcome).toMatchObject({ errors: { list: [{ href: '#name' }] } });
  });

  it('lets any other failure through to the error page', async () => {
    const { outcome } = submit({ name: 'Ward round', places: '3' }, () => Promise.reject(new Error('database down')));
    await expect(outcome).rejects.toThrow('database down');
  });

  it('reads a form with a domain reader, keeps each date input’s boxes together and links its problems to the day', async () => {
    const shown = await submitForm(
      { 'startsOn[day]': '31', 'startsOn[month]': '2', 'startsOn[year]': '2027', title: 'Taster' },
      {
        schema: (values) =>
          values.title === ''
            ? { ok: false, problems: [{ field: 'title', href: '#title', message: 'Enter the title' }] }
            : { ok: true, data: { title: String(values.title) } },
        dateFields: ['startsOn'],
        run: () => Promise.reject(new RuleError('The start must be in the programme year', 'startsOn')),
        done: () => 'done',
        again: (values, errors) => ({ values, errors }),
        ruleField: 'title',
      },
    );
    expect(shown).toMatchObject({
      values: { startsOn: { day: '31', month: '2', year: '2027' }, title: 'Taster' },
      errors: { list: [{ text: 'The start must be in the programme year', href: '#startsOn-day' }] },
    });
  });
});
