import { describe, expect, it } from 'vitest';
import { xmlProblems } from './well-formed-xml.ts';

describe('the well-formedness check the feed tests use', () => {
  it('accepts well-formed documents', () => {
    for (const xml of [
      '<feed/>',
      '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><id>a</id></feed>\n',
      '<a x="1" y=\'2\'><b>Tom &amp; Jerry &lt;3 &#233; &#xE9; &quot;hi&apos;</b><c /></a>',
      '<!-- before --><a><![CDATA[<not a tag> & more]]><?pi data?></a>',
      '<a title="&lt;b&gt; &amp; &quot;q&quot;">x > y</a>',
    ]) {
      expect(xmlProblems(xml), xml).toEqual([]);
    }
  });

  it('finds what makes a document not well-formed', () => {
    const cases: [string, RegExp][] = [
      ['<a>Tom & Jerry</a>', /bare “&”/],
      ['<a>&nbsp;</a>', /bare “&”/],
      ['<a>1 < 2</a>', /“<” that starts no tag/],
      ['<a title="<b>">x</a>', /“<” in text/],
      ['<a title="Tom & Jerry">x</a>', /bare “&”/],
      ['<a title=x>y</a>', /start tag <a> that is not well-formed/],
      ['<a x="1" x="2"/>', /attribute x twice/],
      ['<a><b></a></b>', /<\/a> at \d+ closes <b>/],
      ['<a><b></b>', /<a> not closed/],
      ['<a/><b/>', /second root element <b>/],
      ['text<a/>', /text outside the root element/],
      ['', /no root element/],
      ['<a>\u0001</a>', /character XML does not allow/],
      ['<!DOCTYPE a><a/>', /declaration the checker does not read/],
      ['<?xml version=1.0?><a/>', /XML declaration that is not well-formed/],
      ['<a><!-- a -- b --></a>', /comment that is not well-formed/],
      ['<a></ a>', /end tag that is not well-formed/],
    ];
    for (const [xml, problem] of cases) {
      expect(xmlProblems(xml).join(), xml).toMatch(problem);
    }
  });
});
