import { describe, expect, it } from 'vitest';
import { escapeHtml, mailBodyHtml } from './body.ts';

describe('mailBodyHtml', () => {
  it('makes each http(s) address a link whose text is the whole address', () => {
    const html = mailBodyHtml('Accept it here:\n\nhttps://breadth.example/auth/set-password/Abc_123-xyz?x=1&y=2');
    expect(html).toBe(
      '<p>Accept it here:</p>\n<p><a class="nhsuk-link" href="https://breadth.example/auth/set-password/Abc_123-xyz?x=1&amp;y=2">https://breadth.example/auth/set-password/Abc_123-xyz?x=1&amp;y=2</a></p>',
    );
  });

  it('escapes everything else, and leaves other schemes as text', () => {
    const html = mailBodyHtml('<script>alert(1)</script> javascript:alert(1) "quoted" & \'single\'');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<a');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;quoted&quot; &amp; &#39;single&#39;');
  });

  it('cannot be broken out of through the address', () => {
    const html = mailBodyHtml('http://x.example/"onmouseover="alert(1)<b>');
    expect(html).toBe(
      '<p><a class="nhsuk-link" href="http://x.example/">http://x.example/</a>&quot;onmouseover=&quot;alert(1)&lt;b&gt;</p>',
    );
  });

  it('leaves sentence punctuation after an address out of the link', () => {
    expect(mailBodyHtml('Go to https://breadth.example/a. Then (see https://breadth.example/b), done')).toBe(
      '<p>Go to <a class="nhsuk-link" href="https://breadth.example/a">https://breadth.example/a</a>. Then (see <a class="nhsuk-link" href="https://breadth.example/b">https://breadth.example/b</a>), done</p>',
    );
  });

  it('keeps line breaks within a paragraph', () => {
    expect(mailBodyHtml('Dear Sam,\r\nWelcome.\n\n\nRegards')).toBe('<p>Dear Sam,<br>\nWelcome.</p>\n<p>Regards</p>');
  });

  it('escapes the five characters that matter in HTML', () => {
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });
});
