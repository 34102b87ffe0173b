import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';

/**
 * Autoescape does not protect a string built inside a template and handed to a macro parameter that takes HTML
 * (nhsuk-frontend prints `html`, `titleHtml`, … with `| safe`): the concatenation is a plain string, so any
 * variable in it reaches the page raw. This walks every template's syntax tree and asks that each variable part of
 * such a value is passed through `| escape`. Where a value is provably safe some other way, a comment on the same
 * line, `{# html-safe: why #}`, accepts it.
 */

interface TemplateNode {
  typename: string;
  lineno: number;
  value?: unknown;
  fields: string[];
  [field: string]: unknown;
}

const MARKER = /\{#\s*html-safe:\s*\S[^#]*#\}/;
const ESCAPING_FILTERS = new Set(['escape', 'e']);

function parse(source: string): TemplateNode {
  // @types/nunjucks does not declare the parser, which nunjucks exports for exactly this kind of tool.
  const { parser } = nunjucks as unknown as { parser: { parse(src: string): TemplateNode } };
  return parser.parse(source);
}

function isNode(value: unknown): value is TemplateNode {
  return typeof value === 'object' && value !== null && 'typename' in value && 'fields' in value;
}

function childrenOf(node: TemplateNode): TemplateNode[] {
  const out: TemplateNode[] = [];
  for (const field of node.fields) {
    const child = node[field];
    if (Array.isArray(child)) out.push(...child.filter(isNode));
    else if (isNode(child)) out.push(child);
  }
  return out;
}

function* walk(node: TemplateNode): Generator<TemplateNode> {
  yield node;
  for (const child of childrenOf(node)) yield* walk(child);
}

function symbolName(node: unknown): string | undefined {
  return isNode(node) && (node.typename === 'Symbol' || node.typename === 'Literal') && typeof node.value === 'string'
    ? node.value
    : undefined;
}

/** Names set by `{% set name %}…{% endset %}`: the block is rendered with autoescape, so its text is safe HTML. */
function capturedNames(root: TemplateNode): Set<string> {
  const names = new Set<string>();
  for (const node of walk(root)) {
    if (node.typename !== 'Set' || !isNode(node.body)) continue;
    for (const target of (node.targets as unknown[] | undefined) ?? []) {
      const name = symbolName(target);
      if (name !== undefined) names.add(name);
    }
  }
  return names;
}

/** The parts of an HTML value that are neither constant text nor escaped, as short descriptions. */
function unescapedParts(node: TemplateNode, captured: Set<string>): string[] {
  switch (node.typename) {
    case 'Literal':
      return [];
    case 'Add':
    case 'Concat':
    case 'Or':
    case 'And':
      return [node.left, node.right].filter(isNode).flatMap((side) => unescapedParts(side, captured));
    case 'Group':
      return childrenOf(node).flatMap((child) => unescapedParts(child, captured));
    case 'InlineIf':
      // The condition is not printed; only what each branch gives is.
      return [node.body, node.else_].filter(isNode).flatMap((branch) => unescapedParts(branch, captured));
    case 'Filter': {
      const name = symbolName(node.name);
      return name !== undefined && ESCAPING_FILTERS.has(name) ? [] : [nameOf(node)];
    }
    case 'Symbol':
      return typeof node.value === 'string' && captured.has(node.value) ? [] : [nameOf(node)];
    default:
      return [nameOf(node)];
  }
}

function nameOf(node: TemplateNode): string {
  if (node.typename === 'Symbol') return String(node.value);
  if (node.typename === 'LookupVal') {
    const target = isNode(node.target) ? nameOf(node.target) : '?';
    const key = isNode(node.val) ? String(node.val.value) : '?';
    return `${target}.${key}`;
  }
  if (node.typename === 'Filter') {
    const args = isNode(node.args) ? childrenOf(node.args) : [];
    const input = args[0] === undefined ? '?' : nameOf(args[0]);
    return `${input} | ${String(symbolName(node.name))}`;
  }
  return node.typename;
}

function isHtmlParameter(name: string | undefined): boolean {
  return name !== undefined && (name === 'html' || name.endsWith('Html'));
}

/** Each HTML parameter in a template whose value has an unescaped variable part, as "line: part". */
export function unescapedHtml(source: string): string[] {
  const root = parse(source);
  const captured = capturedNames(root);
  const lines = source.split('\n');
  const found: string[] = [];
  for (const node of walk(root)) {
    if (node.typename !== 'Pair' || !isHtmlParameter(symbolName(node.key)) || !isNode(node.value)) continue;
    const parts = unescapedParts(node.value, captured);
    if (parts.length === 0 || MARKER.test(lines[node.lineno] ?? '')) continue;
    found.push(`line ${String(node.lineno + 1)}: ${parts.join(', ')}`);
  }
  return found;
}

function templates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return templates(path);
    return entry.name.endsWith('.njk') ? [path] : [];
  });
}

describe('HTML built in templates', () => {
  const root = join(import.meta.dirname);

  it('finds the templates', () => {
    expect(templates(root).length).toBeGreaterThan(20);
  });

  it('escapes every variable concatenated into a macro parameter that takes HTML', () => {
    const wrong = templates(root).flatMap((path) =>
      unescapedHtml(readFileSync(path, 'utf8')).map((problem) => `${relative(root, path)} ${problem}`),
    );
    expect(wrong).toEqual([]);
  });

  it.for([
    ['{{ m({ html: "<p>" + reason + "</p>" }) }}', ['line 1: reason']],
    ['{{ m({ html: "<p>" ~ code ~ "</p>" }) }}', ['line 1: code']],
    ['{{ m({ html: "<p>" + (event.reason or "") + "</p>" }) }}', ['line 1: event.reason']],
    ['{{ m({ html: "<p>" + (when | date) + "</p>" }) }}', ['line 1: when | date']],
    ['{{ m({ rows: [{ value: { html: ("<a>" + x.y + "</a>") if x else "None" } }] }) }}', ['line 1: x.y']],
    ['{{ m({ titleHtml: "<b>" + name + "</b>" }) }}', ['line 1: name']],
    ['{{ m({ html: given }) }}', ['line 1: given']],
    ['{{ m({ html: "<p>" + (reason | escape) + "</p>" }) }}', []],
    ['{{ m({ html: "<p>" + (reason | e) + ((x if y else "z") | escape) + "</p>" }) }}', []],
    ['{% set block %}<p>{{ reason }}</p>{% endset %}{{ m({ html: block }) }}', []],
    ['{{ m({ html: "<p>" + count + "</p>" }) }} {# html-safe: a count, always a number #}', []],
    ['{{ m({ text: "<p>" + reason + "</p>" }) }}', []],
  ] as const)('judges %s', ([source, expected]) => {
    expect(unescapedHtml(source)).toEqual(expected);
  });
});
