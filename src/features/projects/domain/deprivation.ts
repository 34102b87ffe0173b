/**
 * Reading the national files that give a postcode its deprivation decile, one row at a time, for an importer that
 * streams them: the English Indices of Deprivation (2025 or 2019) by lower-layer super output area (LSOA), and a
 * postcode-to-LSOA lookup (ONS's postcode to output area to LSOA to MSOA to local authority lookup, or the National
 * Statistics Postcode Lookup). Headers are found by tolerant matching, since their wording changes between editions.
 * The two files must use LSOAs of the same census (2021 for the 2025 indices, 2011 for the 2019 ones).
 */
import { normalisePostcode as standardPostcode } from '../../organisations/domain/postcode.ts';

/** A UK postcode in its standard form ("cb20qq" → "CB2 0QQ"), or null when it is not one. */
export function normalisePostcode(text: string): string | null {
  return standardPostcode(text);
}

/** A postcode as the lookup stores it: upper case, no space ("CB20QQ"); null when it is not a postcode. */
export function postcodeKey(text: string): string | null {
  return normalisePostcode(text)?.replace(' ', '') ?? null;
}

export type LsoaVintage = 2011 | 2021;

export type ColumnsResult<T> = { ok: true; columns: T } | { ok: false; problem: string };

/** The result of reading one row: a value, a row to pass over (and why), or a problem to report. */
export type RowResult<T> =
  | { kind: 'row'; value: T }
  | { kind: 'skip'; reason: 'blank' | 'terminated' | 'no-lsoa' }
  | { kind: 'problem'; message: string };

/** Lower case, one space between words, underscores and brackets as spaces, no byte-order mark. */
function words(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[_()[\],:;/-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function compact(header: string): string {
  return words(header).replace(/[^a-z0-9]/g, '');
}

function vintageOf(header: string): LsoaVintage | null {
  const text = words(header);
  if (/2021|\blsoa21/.test(text)) return 2021;
  if (/2011|\blsoa11/.test(text)) return 2011;
  return null;
}

function firstIndex(header: readonly string[], test: (text: string, compacted: string) => boolean): number | null {
  const index = header.findIndex((cell) => test(words(cell), compact(cell)));
  return index === -1 ? null : index;
}

/** Lists names for a message: "a, b and c". */
function listed(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

export interface ImdColumns {
  lsoa: number;
  /** The LSOA's name, where the file has one. */
  name: number | null;
  rank: number;
  decile: number;
  /** The census of the LSOA codes, as the header says it: "LSOA code (2021)" or "(2011)". */
  lsoaVintage: LsoaVintage | null;
}

const isImd = (text: string) => /index of multiple deprivation|\bimd\b/.test(text);

/**
 * Finds the columns of File 7 (all ranks, deciles and scores) or File 1 (the IMD) of the English Indices of
 * Deprivation, saved as CSV: "LSOA code (2021)", "LSOA name (2021)", "Index of Multiple Deprivation (IMD) Rank
 * (where 1 is most deprived)", "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of
 * LSOAs)", and the shorter names other copies use ("lsoa21cd", "IMD_Rank", "IMD decile").
 */
export function imdColumns(header: readonly string[]): ColumnsResult<ImdColumns> {
  const lsoa = firstIndex(
    header,
    (text, compacted) =>
      (/\blsoa\b/.test(text) && /\bcode\b/.test(text)) || ['lsoa21cd', 'lsoa11cd', 'lsoacd'].includes(compacted),
  );
  const name = firstIndex(
    header,
    (text, compacted) =>
      (/\blsoa\b/.test(text) && /\bname\b/.test(text)) || ['lsoa21nm', 'lsoa11nm', 'lsoanm'].includes(compacted),
  );
  const rank = firstIndex(header, (text) => isImd(text) && /\brank\b/.test(text) && !/score|decile/.test(text));
  const decile = firstIndex(header, (text) => isImd(text) && /\bdecile\b/.test(text) && !/score|\brank\b/.test(text));
  const missing = [
    lsoa === null ? 'the LSOA code' : null,
    rank === null ? 'the IMD rank' : null,
    decile === null ? 'the IMD decile' : null,
  ].filter((item): item is string => item !== null);
  if (lsoa === null || rank === null || decile === null) {
    return {
      ok: false,
      problem:
        `The file has no column for ${listed(missing)}. Use File 7 (all ranks, deciles and scores) or File 1 ` +
        'of the English Indices of Deprivation, saved as CSV with its header row',
    };
  }
  return { ok: true, columns: { lsoa, name, rank, decile, lsoaVintage: vintageOf(header[lsoa] ?? '') } };
}

export interface ImdRow {
  lsoa: string;
  name: string;
  rank: number;
  decile: number;
}

const ENGLISH_OR_WELSH_LSOA = /^[EW]01\d{6}$/;

/** A whole number as the files write it, with or without thousands commas; null for anything else. */
function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(?:\d{1,3}(?:,\d{3})+|\d+)$/.test(trimmed)) return null;
  return Number(trimmed.replace(/,/g, ''));
}

const isBlank = (row: readonly string[]) => row.every((cell) => cell.trim() === '');

/** Reads one data row of the indices with the columns imdColumns found. */
export function readImdRow(row: readonly string[], cols: ImdColumns): RowResult<ImdRow> {
  if (isBlank(row)) return { kind: 'skip', reason: 'blank' };
  const lsoa = (row[cols.lsoa] ?? '').trim().toUpperCase();
  if (!ENGLISH_OR_WELSH_LSOA.test(lsoa)) {
    return {
      kind: 'problem',
      message:
        lsoa === ''
          ? 'The LSOA code is missing'
          : `"${lsoa}" is not an LSOA code: they are E01 followed by 6 digits, like E01000001`,
    };
  }
  const rank = wholeNumber(row[cols.rank] ?? '');
  if (rank === null || rank < 1) {
    return { kind: 'problem', message: `The IMD rank of ${lsoa} is not a whole number of 1 or more` };
  }
  const decile = wholeNumber(row[cols.decile] ?? '');
  if (decile === null || decile < 1 || decile > 10) {
    return { kind: 'problem', message: `The IMD decile of ${lsoa} is not a whole number from 1 to 10` };
  }
  const name = cols.name === null ? '' : (row[cols.name] ?? '').trim();
  return { kind: 'row', value: { lsoa, name, rank, decile } };
}

export interface PostcodeColumns {
  postcode: number;
  lsoa: number;
  /** The date a postcode was terminated ("doterm"), where the file has it. */
  terminated: number | null;
  lsoaVintage: LsoaVintage | null;
}

/** Postcode columns in the order preferred: the standard form first, then the fixed-width ones. */
const POSTCODE_HEADERS = ['pcds', 'pcd7', 'pcd8', 'pcd', 'pcd2', 'postcode'];
const LSOA_HEADERS: Record<LsoaVintage, readonly string[]> = {
  2021: ['lsoa21cd', 'lsoa21', 'lsoa2021code', 'lsoacode2021'],
  2011: ['lsoa11cd', 'lsoa11', 'lsoa2011code', 'lsoacode2011'],
};

function indexOfAny(header: readonly string[], names: readonly string[]): number | null {
  const compacted = header.map(compact);
  for (const name of names) {
    const index = compacted.indexOf(name);
    if (index !== -1) return index;
  }
  return null;
}

/**
 * Finds the columns of a postcode-to-LSOA lookup: ONS's "PCD_OA21_LSOA21_MSOA21_LAD" file (pcd7, pcd8, pcds,
 * dointr, doterm, …, lsoa21cd) or the National Statistics Postcode Lookup (pcd, pcd2, pcds, dointr, doterm, …,
 * lsoa21 or lsoa11). Where a file has both censuses' LSOAs, `lsoaVintage` chooses (2021 unless said otherwise),
 * so that the lookup matches the edition of the indices imported.
 */
export function postcodeColumns(
  header: readonly string[],
  options: { lsoaVintage?: LsoaVintage } = {},
): ColumnsResult<PostcodeColumns> {
  const postcode = indexOfAny(header, POSTCODE_HEADERS);
  const wanted = options.lsoaVintage;
  const lsoaNames =
    wanted === undefined
      ? [...LSOA_HEADERS[2021], ...LSOA_HEADERS[2011], 'lsoacd', 'lsoacode', 'lsoa']
      : [...LSOA_HEADERS[wanted]];
  const lsoa = indexOfAny(header, lsoaNames);
  if (postcode === null || lsoa === null) {
    const missing = [
      postcode === null ? 'the postcode (pcds, pcd7 or pcd8)' : null,
      lsoa === null
        ? `the ${wanted === undefined ? '' : `${String(wanted)} `}LSOA code (lsoa21cd, lsoa21 or lsoa11)`
        : null,
    ].filter((item): item is string => item !== null);
    return {
      ok: false,
      problem:
        `The file has no column for ${listed(missing)}. Use ONS's postcode to LSOA lookup ` +
        '(PCD_OA21_LSOA21_MSOA21_LAD) or the National Statistics Postcode Lookup, saved as CSV with its header row',
    };
  }
  return {
    ok: true,
    columns: {
      postcode,
      lsoa,
      terminated: indexOfAny(header, ['doterm']),
      lsoaVintage: vintageOf(header[lsoa] ?? ''),
    },
  };
}

/** The shape of a postcode, loosely: the lookup is the authority on which postcodes exist. */
const POSTCODE_SHAPE = /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/;
/** Codes the lookups give where there is no LSOA: Channel Islands, Isle of Man and the like (L99999999, M99999999). */
const PSEUDO_CODE = /^[A-Z]99999999$/;

/**
 * Reads one row of a postcode lookup. Terminated postcodes are passed over, as are postcodes with no English or
 * Welsh LSOA (Scotland's data zones, Northern Ireland, the Channel Islands and the Isle of Man), since the indices
 * cover only England.
 */
export function readPostcodeRow(
  row: readonly string[],
  cols: PostcodeColumns,
): RowResult<{ postcodeKey: string; lsoa: string }> {
  if (isBlank(row)) return { kind: 'skip', reason: 'blank' };
  if (cols.terminated !== null && (row[cols.terminated] ?? '').trim() !== '') {
    return { kind: 'skip', reason: 'terminated' };
  }
  const written = (row[cols.postcode] ?? '').trim();
  const key = written.replace(/\s+/g, '').toUpperCase();
  if (!POSTCODE_SHAPE.test(key)) {
    return {
      kind: 'problem',
      message: written === '' ? 'The postcode is missing' : `"${written}" is not a UK postcode`,
    };
  }
  const lsoa = (row[cols.lsoa] ?? '').trim().toUpperCase();
  if (ENGLISH_OR_WELSH_LSOA.test(lsoa)) return { kind: 'row', value: { postcodeKey: key, lsoa } };
  if (lsoa === '' || PSEUDO_CODE.test(lsoa) || /^(?:S01\d{6}|95[A-Z0-9]{6}|N\d{8})$/.test(lsoa)) {
    return { kind: 'skip', reason: 'no-lsoa' };
  }
  return { kind: 'problem', message: `"${lsoa}", the LSOA of ${written}, is not an LSOA code` };
}

/**
 * Says when the indices and the lookup use LSOAs of different censuses, which would give postcodes the wrong
 * decile; null when they agree or a file does not say.
 */
export function lsoaVintageProblem(indices: LsoaVintage | null, lookup: LsoaVintage | null): string | null {
  if (indices === null || lookup === null || indices === lookup) return null;
  return (
    `The deprivation file uses LSOAs of ${String(indices)} but the postcode lookup gives LSOAs of ` +
    `${String(lookup)}. Use a lookup with ${String(indices)} LSOAs (lsoa${String(indices).slice(2)}cd), ` +
    `or the indices published for ${indices === 2021 ? '2011' : '2021'} LSOAs`
  );
}

const ORDINALS = ['', '', 'second ', 'third ', 'fourth ', 'fifth '];

/**
 * A decile for people: "1 (most deprived 10%)", "2 (second most deprived 10%)", …, "6 (fifth least deprived
 * 10%)", …, "10 (least deprived 10%)".
 */
export function decileLabel(decile: number): string {
  if (!Number.isInteger(decile) || decile < 1 || decile > 10) {
    throw new RangeError(`An IMD decile is a whole number from 1 to 10, not ${String(decile)}`);
  }
  if (decile <= 5) return `${String(decile)} (${ORDINALS[decile] ?? ''}most deprived 10%)`;
  return `${String(decile)} (${ORDINALS[11 - decile] ?? ''}least deprived 10%)`;
}
