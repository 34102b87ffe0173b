/**
 * Validates a public page's HTML (html-validate's recommended rules for a server-rendered page, leaving out its rules of style), for the tests of
 * the public pages: it gives each problem as "line:column rule: message", so an empty list is a valid page.
 */
import { HtmlValidate } from 'html-validate';

const validator = new HtmlValidate({
  extends: ['html-validate:standard'],
});

export async function htmlProblems(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((result) =>
    result.messages.map(
      (message) => `${String(message.line)}:${String(message.column)} ${message.ruleId}: ${message.message}`,
    ),
  );
}
