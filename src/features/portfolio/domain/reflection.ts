/**
 * A reflection, written to one of two well-known templates: Gibbs' reflective cycle, or "What? So what? Now what?".
 * Reflections are the learner's own (GMC and AoMRC guidance on reflective practice): they write about their
 * learning, not a factual record of care, and may keep a reflection private to themself and their educational
 * supervisor.
 */
import {
  Problems,
  readCommon,
  text,
  type EntryForm,
  type KindForm,
  type ReadContext,
  type Values,
} from './form-reading.ts';
import type { TextField } from './guard.ts';

export const REFLECTION_TEMPLATES = ['gibbs', 'what_so_what_now_what'] as const;
export type ReflectionTemplate = (typeof REFLECTION_TEMPLATES)[number];

export interface Prompt {
  key: string;
  label: string;
  hint: string;
}

export const TEMPLATE_LABELS: Record<ReflectionTemplate, string> = {
  gibbs: 'Gibbs’ reflective cycle',
  what_so_what_now_what: 'What? So what? Now what?',
};

export const TEMPLATE_PROMPTS: Record<ReflectionTemplate, readonly Prompt[]> = {
  gibbs: [
    { key: 'description', label: 'Description', hint: 'What happened? Keep to what you need to reflect on.' },
    { key: 'feelings', label: 'Feelings', hint: 'What were you thinking and feeling at the time?' },
    { key: 'evaluation', label: 'Evaluation', hint: 'What was good and what was difficult about it?' },
    { key: 'analysis', label: 'Analysis', hint: 'Why did it go as it did? What helps you make sense of it?' },
    { key: 'conclusion', label: 'Conclusion', hint: 'What else could you have done? What have you learned?' },
    { key: 'actionPlan', label: 'Action plan', hint: 'If it happened again, what would you do?' },
  ],
  what_so_what_now_what: [
    { key: 'what', label: 'What?', hint: 'What happened, and what was your part in it?' },
    { key: 'soWhat', label: 'So what?', hint: 'Why does it matter? What did you learn about yourself or the system?' },
    { key: 'nowWhat', label: 'Now what?', hint: 'What will you do differently, and how will you know it helped?' },
  ],
};

/** Prompts a reflection must answer: the first and the last of its template; the rest may be brief or empty. */
function requiredPrompts(template: ReflectionTemplate): string[] {
  const prompts = TEMPLATE_PROMPTS[template];
  return [prompts[0]?.key ?? '', prompts[prompts.length - 1]?.key ?? ''];
}

export interface Reflection {
  template: ReflectionTemplate;
  answers: Record<string, string>;
}

export function isTemplate(value: string): value is ReflectionTemplate {
  return (REFLECTION_TEMPLATES as readonly string[]).includes(value);
}

function read(values: Values, _context: ReadContext) {
  const problems = new Problems();
  const common = readCommon(problems, values, 'Date of what you are reflecting on');
  const template = problems.choice(values, 'template', REFLECTION_TEMPLATES, 'Choose a template for your reflection');
  const answers: Record<string, string> = {};
  if (isTemplate(text(values, 'template'))) {
    const required = requiredPrompts(template);
    for (const prompt of TEMPLATE_PROMPTS[template]) {
      answers[prompt.key] = problems.text(values, `answer-${prompt.key}`, prompt.label, {
        ...(required.includes(prompt.key) ? { required: `Write something under “${prompt.label}”` } : {}),
      });
    }
  }
  if (!problems.ok) return { ok: false as const, problems: problems.list };
  const data: EntryForm<Reflection> = {
    ...common,
    private: text(values, 'private') === 'yes',
    document: { template, answers },
  };
  return { ok: true as const, data };
}

function values(entry: EntryForm<Reflection>): Record<string, unknown> {
  const result: Record<string, unknown> = {
    title: entry.title,
    template: entry.document.template,
    private: entry.private ? 'yes' : 'no',
  };
  for (const [key, answer] of Object.entries(entry.document.answers)) result[`answer-${key}`] = answer;
  return result;
}

function texts(entry: { title: string; document: Reflection }): TextField[] {
  return [
    { field: 'title', label: 'The title', text: entry.title },
    ...TEMPLATE_PROMPTS[entry.document.template].map((prompt) => ({
      field: `answer-${prompt.key}`,
      label: `“${prompt.label}”`,
      text: entry.document.answers[prompt.key] ?? '',
    })),
  ];
}

export const reflectionForm: KindForm<Reflection> = { read, values, texts };
