/**
 * For the feed's tests: whether a document is well-formed XML 1.0, as a feed reader's strict parser demands, with
 * no parser among the app's dependencies to ask (cheerio reads XML forgivingly, so it cannot tell). It checks what
 * a generated document can get wrong: one root element, tags that nest and close, quoted attributes named once, only
 * the five predefined entities and character references, no `<` or bare `&` in text or values, no character XML
 * forbids. It does not read a DOCTYPE (a feed has none), so a document with one is reported rather than trusted.
 */

const NAME = /^[A-Za-z_][\w.:-]*/;
const REFERENCE = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/;
// eslint-disable-next-line no-control-regex -- finding the controls XML forbids is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Text or an attribute value: every `&` starts a known reference, and no `<` appears. */
function textProblem(text: string, at: number): string | undefined {
  if (FORBIDDEN.test(text)) return `a character XML does not allow, near ${String(at)}`;
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
    if (!REFERENCE.test(text.slice(i))) return `a bare “&” at ${String(at + i)}`;
  }
  if (text.includes('<')) return `a “<” in text at ${String(at + text.indexOf('<'))}`;
  return undefined;
}

/** The problems that make the document not well-formed; none for a well-formed one. */
export function xmlProblems(xml: string): string[] {
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const declaration =
    /^<\?xml\s+version="1\.[0-9]"(?:\s+encoding="[A-Za-z][\w.-]*")?(?:\s+standalone="(?:yes|no)")?\s*\?>/;
  const head = declaration.exec(xml);
  if (head !== null) i = head[0].length;
  else if (xml.startsWith('<?xml')) return ['an XML declaration that is not well-formed'];
  while (i < xml.length) {
    const open = xml.indexOf('<', i);
    const text = xml.slice(i, open < 0 ? xml.length : open);
    const problem = textProblem(text, i);
    if (problem !== undefined) return [problem];
    if (stack.length === 0 && text.trim() !== '') return [`text outside the root element at ${String(i)}`];
    if (open < 0) break;
    i = open;
    const rest = xml.slice(i);
    if (rest.startsWith('<!--')) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0 || xml.slice(i + 4, end).includes('--')) return [`a comment that is not well-formed at ${String(i)}`];
      i = end + 3;
      continue;
    }
    if (rest.startsWith('<![CDATA[')) {
      const end = xml.indexOf(']]>', i);
      if (end < 0 || stack.length === 0) return [`a CDATA section that is not well-formed at ${String(i)}`];
      i = end + 3;
      continue;
    }
    if (rest.startsWith('<!')) return [`a declaration the checker does not read at ${String(i)}`];
    if (rest.startsWith('<?')) {
      const end = xml.indexOf('?>', i);
      if (end < 0) return [`a processing instruction that does not end at ${String(i)}`];
      i = end + 2;
      continue;
    }
    if (rest.startsWith('</')) {
      const name = NAME.exec(rest.slice(2))?.[0];
      const after = i + 2 + (name?.length ?? 0);
      const close = /^\s*>/.exec(xml.slice(after));
      if (name === undefined || close === null) return [`an end tag that is not well-formed at ${String(i)}`];
      const expected = stack.pop();
      if (expected !== name) return [`</${name}> at ${String(i)} closes <${expected ?? 'nothing'}>`];
      i = after + close[0].length;
      continue;
    }
    const name = NAME.exec(rest.slice(1))?.[0];
    if (name === undefined) return [`a “<” that starts no tag at ${String(i)}`];
    if (stack.length === 0 && ++roots > 1) return [`a second root element <${name}> at ${String(i)}`];
    let j = i + 1 + name.length;
    const seen = new Set<string>();
    for (;;) {
      const space = /^\s*/.exec(xml.slice(j))?.[0].length ?? 0;
      const end = /^(\/?)>/.exec(xml.slice(j + space));
      if (end !== null) {
        if (end[1] !== '/') stack.push(name);
        j += space + end[0].length;
        break;
      }
      const attribute = /^([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(xml.slice(j + space));
      if (space === 0 || attribute === null) return [`a start tag <${name}> that is not well-formed at ${String(i)}`];
      const [whole, attributeName = '', double, single] = attribute;
      if (seen.has(attributeName)) return [`the attribute ${attributeName} twice on <${name}> at ${String(i)}`];
      seen.add(attributeName);
      const valueProblem = textProblem(double ?? single ?? '', j);
      if (valueProblem !== undefined) return [valueProblem];
      j += space + whole.length;
    }
    i = j;
  }
  if (stack.length > 0) return [`<${stack.join('>, <')}> not closed`];
  if (roots === 0) return ['no root element'];
  return [];
}
