/** Placeholder until the carbon helper's module is merged. */
export const CORE20_AREAS: readonly { key: string; label: string }[] = [];
