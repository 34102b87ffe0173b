/**
 * A change project's poster: one A3 landscape page (more if the team wrote a lot) for a meeting's poster board or a
 * portfolio, in three columns under a title band: the aim, the measures with their SPC charts and what they show,
 * the PDSA cycles, the carbon and triple bottom line, and what the team learned.
 *
 * Written with pdfkit directly rather than platform/pdf's builder, which flows one column down A4 pages. It is
 * tagged as that builder's documents are: headings, paragraphs and figures (each chart with its one-sentence
 * description as alternative text) carry their structure, the title band's colour and the footer are marked as
 * decoration, and the language is named. Like the builder, it sets its text in the embedded Roboto
 * (platform/pdf/fonts.ts), so names are shown as written, and replaces the characters Roboto lacks (textForFont).
 */
import PDFDocument from 'pdfkit';
import { svgToPngAsync } from '../../platform/images/png.ts';
import { embedFonts, PDF_FONT } from '../../platform/pdf/fonts.ts';
import { textForFont, type HasGlyph } from '../../platform/pdf/text.ts';
import { nhsDate } from '../../shared/dates.ts';
import { formatKg } from './domain/carbon.ts';
import { MEMBER_ROLE_LABELS } from './domain/projects.ts';
import { measureSvg } from './measure-chart.ts';
import type { ProjectOutputs } from './outputs-service.ts';

export interface PosterMeasure {
  name: string;
  /** Its kind, unit and target in words: "Outcome measure · inhalers a week · target 20". */
  detail: string;
  /** The SPC chart as PNG; null when the measure has no data yet. */
  png: Buffer | null;
  /** What the chart shows in one sentence, the figure's alternative text. */
  alt: string;
  variationText: string | null;
  assuranceText: string | null;
}

export interface PosterContent {
  title: string;
  /** The area, setting and region in one line. */
  subtitle: string;
  /** The team, each with their role. */
  team: string[];
  aim: string;
  measures: PosterMeasure[];
  pdsaSummary: string | null;
  /** Each cycle in one line: title, dates, state or decision, and what was learned. */
  cycles: string[];
  /** The carbon account and triple bottom line, a line each. */
  bottomLine: string[];
  patientOutcome: string;
  learning: string;
  /** "Completed on 14 October 2026", or the project's status. */
  status: string;
}

/** A3 in PDF points (297 × 420 mm), landscape. */
export const A3_LANDSCAPE = { width: 1190.55, height: 841.89 } as const;

const FONT = PDF_FONT.regular;
const BOLD = PDF_FONT.bold;
const TEXT_COLOUR = '#212b32';
const SECONDARY_COLOUR = '#4c6272';
const NHS_BLUE = '#005eb8';
const MARGIN = 36;
const GUTTER = 28;
const COLUMNS = 3;
const BODY_SIZE = 12;
const FOOTER_SPACE = 24;

/** pdfkit's structure options that @types/pdfkit does not declare yet. */
type StructText = PDFKit.Mixins.TextOptions & { structParent?: PDFKit.PDFStructureElement; structType?: string };

/** A PNG's size in pixels, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Lays blocks down three columns, on to a new page after the last. */
class PosterLayout {
  readonly doc: PDFKit.PDFDocument;
  readonly root: PDFKit.PDFStructureElement;
  private column = 0;
  private top = MARGIN;
  y = MARGIN;
  readonly columnWidth = (A3_LANDSCAPE.width - 2 * MARGIN - (COLUMNS - 1) * GUTTER) / COLUMNS;
  private readonly bottom = A3_LANDSCAPE.height - MARGIN - FOOTER_SPACE;

  constructor(
    doc: PDFKit.PDFDocument,
    root: PDFKit.PDFStructureElement,
    private readonly title: string,
  ) {
    this.doc = doc;
    this.root = root;
  }

  get x(): number {
    return MARGIN + this.column * (this.columnWidth + GUTTER);
  }

  private get room(): number {
    return this.bottom - this.y;
  }

  startColumns(top: number): void {
    this.top = top;
    this.y = top;
    this.column = 0;
  }

  nextColumn(): void {
    this.column += 1;
    if (this.column < COLUMNS) {
      this.y = this.top;
      return;
    }
    this.doc.addPage();
    this.doc.markContent('Artifact', { type: 'Pagination' });
    this.doc
      .font(BOLD)
      .fontSize(14)
      .fillColor(NHS_BLUE)
      .text(`${this.title} (continued)`, MARGIN, MARGIN, { width: A3_LANDSCAPE.width - 2 * MARGIN, lineBreak: false });
    this.doc.endMarkedContent();
    this.startColumns(MARGIN + 32);
  }

  /** Moves on to the next column unless `height` fits in this one (a block taller than a column starts one). */
  need(height: number): void {
    if (height > this.room && this.y > this.top) this.nextColumn();
  }

  private height(text: string, font: string, size: number): number {
    return this.doc.font(font).fontSize(size).heightOfString(text, { width: this.columnWidth });
  }

  private write(text: string, font: string, size: number, colour: string, structType: string): void {
    const options: StructText = { width: this.columnWidth, structParent: this.root, structType };
    this.doc.font(font).fontSize(size).fillColor(colour).text(text, this.x, this.y, options);
    this.y += this.height(text, font, size);
  }

  heading(text: string, level: 2 | 3 = 2): void {
    const size = level === 2 ? 19 : 14;
    const font = BOLD;
    // Keep a heading with at least three lines of what follows it.
    this.need(this.height(text, font, size) + 3 * BODY_SIZE * 1.2 + 8);
    if (this.y > this.top) this.y += level === 2 ? 10 : 6;
    this.write(text, font, size, level === 2 ? NHS_BLUE : TEXT_COLOUR, `H${String(level)}`);
    this.y += 4;
  }

  /** A paragraph, split between columns at a word when it does not fit in what is left of one. */
  paragraph(text: string, options: { size?: number; bold?: boolean; colour?: string } = {}): void {
    const size = options.size ?? BODY_SIZE;
    const font = options.bold === true ? BOLD : FONT;
    const colour = options.colour ?? TEXT_COLOUR;
    let rest = text.trim();
    while (rest !== '') {
      const lineHeight = this.height('Xg', font, size);
      if (this.room < lineHeight) {
        this.nextColumn();
        continue;
      }
      if (this.height(rest, font, size) <= this.room) {
        this.write(rest, font, size, colour, 'P');
        break;
      }
      const words = rest.split(/(?<=\s)/);
      let low = 0;
      let high = words.length;
      while (low < high) {
        const mid = Math.ceil((low + high) / 2);
        if (this.height(words.slice(0, mid).join('').trimEnd(), font, size) <= this.room) low = mid;
        else high = mid - 1;
      }
      if (low === 0) {
        this.nextColumn();
        continue;
      }
      this.write(words.slice(0, low).join('').trimEnd(), font, size, colour, 'P');
      rest = words.slice(low).join('').trim();
      this.nextColumn();
    }
    this.y += size * 0.5;
  }

  /** A text the team wrote, paragraph by paragraph as they typed it. */
  prose(text: string): void {
    for (const part of text.split(/\n\s*\n/)) this.paragraph(part.replace(/\s*\n\s*/g, ' '));
  }

  /** The height a PNG takes drawn across the column. */
  figureHeight(png: Buffer): number {
    const { width, height } = pngSize(png);
    return (this.columnWidth * height) / width;
  }

  figure(png: Buffer, alt: string): void {
    const drawnHeight = this.figureHeight(png);
    this.need(drawnHeight);
    const x = this.x;
    const y = this.y;
    const figure = this.doc.struct('Figure', { alt }, () => {
      this.doc.image(png, x, y, { width: this.columnWidth });
    });
    this.root.add(figure);
    figure.end();
    this.y += drawnHeight + 6;
  }
}

/** The title band across the top: the title, what and where, the team and the status. */
function titleBand(layout: PosterLayout, content: PosterContent): number {
  const { doc, root } = layout;
  const width = A3_LANDSCAPE.width - 2 * MARGIN;
  const lines: { text: string; font: string; size: number; type: string; gap: number }[] = [
    { text: content.title, font: BOLD, size: 34, type: 'H1', gap: 6 },
    { text: content.subtitle, font: FONT, size: 15, type: 'P', gap: 4 },
    {
      text: content.team.length === 0 ? 'Team: none named' : `Team: ${content.team.join(', ')}`,
      font: FONT,
      size: 13,
      type: 'P',
      gap: 4,
    },
    { text: content.status, font: FONT, size: 12, type: 'P', gap: 0 },
  ];
  const heights = lines.map((line) => doc.font(line.font).fontSize(line.size).heightOfString(line.text, { width }));
  const bandHeight = MARGIN + heights.reduce((sum, h, index) => sum + h + (lines[index]?.gap ?? 0), 0) + 20;
  doc.markContent('Artifact', { type: 'Layout' });
  doc.rect(0, 0, A3_LANDSCAPE.width, bandHeight).fill(NHS_BLUE);
  doc.endMarkedContent();
  let y = MARGIN - 6;
  lines.forEach((line, index) => {
    const options: StructText = { width, structParent: root, structType: line.type };
    doc.font(line.font).fontSize(line.size).fillColor('#ffffff').text(line.text, MARGIN, y, options);
    y += (heights[index] ?? 0) + line.gap;
  });
  return bandHeight;
}

function footers(doc: PDFKit.PDFDocument, title: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index += 1) {
    doc.switchToPage(index);
    doc.markContent('Artifact', { type: 'Pagination' });
    doc
      .font(FONT)
      .fontSize(9)
      .fillColor(SECONDARY_COLOUR)
      .text(`${title} · Page ${String(index + 1)} of ${String(count)}`, MARGIN, A3_LANDSCAPE.height - MARGIN, {
        width: A3_LANDSCAPE.width - 2 * MARGIN,
        align: 'right',
        lineBreak: false,
      });
    doc.endMarkedContent();
  }
}

/**
 * The content with the characters the font lacks replaced in every text the poster shows (its metadata and the
 * charts' alternative text are Unicode and keep the text as given).
 */
function shownContent(content: PosterContent, hasGlyph: HasGlyph): PosterContent {
  const shown = (text: string) => textForFont(text, hasGlyph);
  const shownOrNull = (text: string | null) => (text === null ? null : shown(text));
  return {
    ...content,
    title: shown(content.title),
    subtitle: shown(content.subtitle),
    team: content.team.map(shown),
    aim: shown(content.aim),
    measures: content.measures.map((measure) => ({
      ...measure,
      name: shown(measure.name),
      detail: shown(measure.detail),
      variationText: shownOrNull(measure.variationText),
      assuranceText: shownOrNull(measure.assuranceText),
    })),
    pdsaSummary: shownOrNull(content.pdsaSummary),
    cycles: content.cycles.map(shown),
    bottomLine: content.bottomLine.map(shown),
    patientOutcome: shown(content.patientOutcome),
    learning: shown(content.learning),
    status: shown(content.status),
  };
}

/** The poster's PDF from its content. */
export async function posterPdf(given: PosterContent, createdAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A3',
    layout: 'landscape',
    // The layout keeps to its own margins; pdfkit's are kept small so that a footer never starts a page.
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: 0 },
    bufferPages: true,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: given.title,
      Author: given.team.join(', ') || 'Breadth',
      Subject: 'Change project poster',
      Creator: 'Breadth',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const content = shownContent(given, embedFonts(doc));
  const root = doc.struct('Document');
  doc.addStructure(root);
  const layout = new PosterLayout(doc, root, content.title);
  layout.startColumns(titleBand(layout, content) + 24);

  layout.heading('Aim');
  if (content.aim === '') layout.paragraph('No aim was written.');
  else layout.paragraph(content.aim.replace(/\s+/g, ' '), { size: 15, bold: true });

  layout.heading('Measures');
  if (content.measures.length === 0) layout.paragraph('The project has no measures.');
  for (const measure of content.measures) {
    // A measure's name, its details and its chart stay together in one column.
    layout.need(60 + (measure.png === null ? 0 : layout.figureHeight(measure.png)));
    layout.heading(measure.name, 3);
    layout.paragraph(measure.detail, { size: 10.5, colour: SECONDARY_COLOUR });
    if (measure.png === null) layout.paragraph('No data yet.');
    else layout.figure(measure.png, measure.alt);
    if (measure.variationText !== null) layout.paragraph(measure.variationText, { size: 11 });
    if (measure.assuranceText !== null) layout.paragraph(measure.assuranceText, { size: 11 });
  }

  layout.heading('PDSA cycles');
  if (content.pdsaSummary === null) layout.paragraph('No PDSA cycles were recorded.');
  else {
    layout.paragraph(content.pdsaSummary, { bold: true });
    for (const cycle of content.cycles) layout.paragraph(`• ${cycle}`, { size: 11 });
  }

  layout.heading('Carbon and the triple bottom line');
  for (const line of content.bottomLine) layout.paragraph(line);

  if (content.patientOutcome !== '') {
    layout.heading('Outcome for patients');
    layout.prose(content.patientOutcome);
  }

  layout.heading('What we learned');
  layout.prose(
    content.learning === '' ? 'Not written yet: the team writes it when the project is completed.' : content.learning,
  );

  footers(doc, content.title);
  root.end();
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

const GBP = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });

/** The carbon account and the triple bottom line in lines of words. */
export function bottomLineWords(outputs: ProjectOutputs): string[] {
  const { bottomLine } = outputs;
  const carbon = bottomLine.environmental;
  const lines: string[] = [];
  if (bottomLine.sustainableValue.environmentalSavingKg === null) lines.push('Environmental: no carbon was counted.');
  else {
    const change = carbon.savingKg >= 0 ? `saves ${formatKg(carbon.savingKg)}` : `adds ${formatKg(-carbon.savingKg)}`;
    const percent = carbon.savingPercent === null ? '' : ` (${String(Math.round(Math.abs(carbon.savingPercent)))} %)`;
    lines.push(
      `Environmental: the change ${change} a year${percent}, from ${formatKg(carbon.beforeKg)} to ${formatKg(carbon.afterKg)}.`,
    );
    for (const category of carbon.byCategory) {
      lines.push(`${category.label}: ${formatKg(category.beforeKg)} before, ${formatKg(category.afterKg)} after.`);
    }
    if (carbon.factorYears.length > 0) {
      lines.push(`Emission factors of ${carbon.factorYears.join(' and ')}.`);
    }
  }
  lines.push(
    bottomLine.financial === null
      ? 'Financial: not costed.'
      : `Financial: ${GBP.format(bottomLine.financial.beforeGbp)} a year before, ${GBP.format(bottomLine.financial.afterGbp)} after (${
          bottomLine.financial.savingGbp >= 0
            ? `${GBP.format(bottomLine.financial.savingGbp)} saved`
            : `${GBP.format(-bottomLine.financial.savingGbp)} more`
        }).`,
  );
  lines.push(`Social: ${bottomLine.social ?? 'not described.'}`);
  return lines;
}

/** The poster's content from a project's outputs, with each chart drawn as PNG off the main thread. */
export async function posterContent(outputs: ProjectOutputs): Promise<PosterContent> {
  const { project } = outputs;
  const measures = await Promise.all(
    outputs.measures.map(async (item, index): Promise<PosterMeasure> => {
      const { measure, result } = item;
      const target = measure.target === null ? '' : ` · target ${String(measure.target)}`;
      return {
        name: measure.name,
        detail: `${item.kindLabel} · ${measure.unit}${target}`,
        png:
          result === null
            ? null
            : await svgToPngAsync(measureSvg(measure, result, `poster-${String(index)}`), { width: 1200 }),
        alt: item.summary,
        variationText: item.variationText,
        assuranceText: item.assuranceText,
      };
    }),
  );
  const status =
    project.status === 'completed' && outputs.completedOn !== null
      ? `Completed on ${nhsDate(outputs.completedOn)}`
      : project.status === 'stopped'
        ? 'Stopped'
        : 'In progress';
  return {
    title: project.title,
    subtitle: [outputs.areaLabel, project.setting, outputs.regionName].filter((part) => part !== '').join(' · '),
    team: outputs.team.map(
      (member) =>
        `${member.name} (${MEMBER_ROLE_LABELS[member.role].toLowerCase()}${member.organisation === '' ? '' : `, ${member.organisation}`})`,
    ),
    aim: project.aim,
    measures,
    pdsaSummary: outputs.pdsaSummary,
    cycles: outputs.cycles.map((cycle) => {
      const outcome = cycle.decisionLabel ?? cycle.stateLabel;
      const learned = cycle.learned.trim() === '' ? '' : ` ${cycle.learned.trim()}`;
      return `${cycle.title} (${cycle.dates}): ${outcome}.${learned}`;
    }),
    bottomLine: bottomLineWords(outputs),
    patientOutcome: project.patientOutcome.trim(),
    learning: project.learning.trim(),
    status,
  };
}
