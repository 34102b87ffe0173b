/**
 * The project page's carbon section: the saving a year, for every project (a population health project may count
 * carbon too), or a way to start the account.
 */
import { formatKg, type CarbonComparison } from './domain/carbon.ts';
import { carbonAccount } from './carbon-service.ts';
import type { SectionLoader } from './sections.ts';

/**
 * The saving in words for the summaries: "A saving of 2,420 kgCO2e a year" with "96.8% less than before", or "An
 * increase of …" when the change adds emissions.
 */
export function savingWords(comparison: CarbonComparison): { headline: string; percent: string | null } {
  const increase = comparison.savingKg < 0;
  const amount = formatKg(Math.abs(comparison.savingKg));
  const percent =
    comparison.savingPercent === null
      ? null
      : `${Math.abs(comparison.savingPercent).toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`;
  if (comparison.savingKg === 0) return { headline: 'No change in emissions a year', percent: null };
  return {
    headline: increase ? `An increase of ${amount} a year` : `A saving of ${amount} a year`,
    percent: percent === null ? null : increase ? `${percent} more than before` : `${percent} less than before`,
  };
}

/** The project page's carbon section. */
export const carbonSection: SectionLoader = async (ctx, access) => {
  const { lines, comparison } = await carbonAccount(ctx.db, access.project.id);
  return {
    template: 'projects/views/section-carbon.njk',
    model: {
      href: `/projects/${access.project.id}/carbon`,
      mayEdit: access.edit,
      lineCount: lines.length,
      saving: lines.length === 0 ? null : savingWords(comparison),
      before: formatKg(comparison.beforeKg),
      after: formatKg(comparison.afterKg),
    },
  };
};
