import { describe, expect, it } from 'vitest';
import { markdownToText, renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  it('renders headings one level below the page title by default', () => {
    expect(renderMarkdown('# Aims\n\nText')).toBe('<h2>Aims</h2>\n<p>Text</p>\n');
  });

  it('shifts headings under a section title', () => {
    expect(renderMarkdown('# A\n\n###### B', { topHeadingLevel: 3 })).toBe('<h3>A</h3>\n<h6>B</h6>\n');
  });

  it('shows typed HTML as text, never as markup', () => {
    const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });

  it('drops links to javascript: and data: addresses', () => {
    for (const href of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', 'vbscript:x']) {
      const html = renderMarkdown(`[click](${href})`);
      expect(html).not.toMatch(/href="(?!https?:|mailto:)/i);
    }
  });

  it('keeps web and mail links, styled as NHS links', () => {
    expect(renderMarkdown('[NHS](https://www.nhs.uk) <team@example.nhs.uk>')).toContain(
      '<a href="https://www.nhs.uk" class="nhsuk-link">NHS</a>',
    );
  });

  it('keeps lists and tables', () => {
    expect(renderMarkdown('- one\n- two')).toContain('<ul>\n<li>one</li>');
    expect(renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |')).toContain('<table class="nhsuk-table">');
  });
});

describe('markdownToText', () => {
  it('gives the words without marks', () => {
    expect(markdownToText('# Aims\n\n**Bold** & [link](https://x.test)')).toBe('Aims\nBold & link');
  });
});
