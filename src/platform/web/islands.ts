import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Browser code: each folder of src/client with a main.ts is an island, named after its folder. */
export const clientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../client');

/** Where the built files are served; their names carry a hash of their content, so they are cached for good. */
export const islandPrefix = '/assets/islands/';

const ISLAND_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

interface BuiltFile {
  contents: Buffer;
  /** The files it imports as it loads (shared chunks), by file name. */
  imports: string[];
}

/**
 * The islands, built at boot and kept in memory: each island's entry file and the chunks that several islands
 * share, named `<island>-<hash>.js` and `chunk-<hash>.js`.
 */
export class Islands {
  constructor(
    /** The entry file of each island, by island name. */
    private readonly entries: ReadonlyMap<string, string>,
    private readonly files: ReadonlyMap<string, BuiltFile>,
  ) {}

  get names(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * The addresses of the scripts a page loads for these lists of islands, each once, in order. A name that is not
   * an island fails the page, so a mistyped name is found by the first test that renders it.
   */
  scripts(...lists: unknown[]): string[] {
    const names: string[] = [];
    for (const list of lists) {
      if (list === undefined || list === null || list === '') continue;
      if (!Array.isArray(list)) throw new Error(`Islands are given as a list of names, not ${JSON.stringify(list)}`);
      for (const name of list as unknown[]) {
        if (typeof name !== 'string' || !this.entries.has(name)) {
          throw new Error(
            `There is no island ${JSON.stringify(name)}: islands are ${this.names.join(', ')} (src/client/<name>/main.ts)`,
          );
        }
        if (!names.includes(name)) names.push(name);
      }
    }
    return names.map((name) => `${islandPrefix}${this.entries.get(name) ?? ''}`);
  }

  /** A built file by its name under /assets/islands/, or undefined if there is none. */
  file(name: string): Buffer | undefined {
    return this.files.get(name)?.contents;
  }

  /** What these islands cost a page: the bytes of their entry files and of the chunks they import, each once. */
  bytes(names: readonly string[]): number {
    return this.totalBytes(names.map((name) => this.entries.get(name) ?? ''));
  }

  /** The bytes of island code a page loads, from the island scripts its HTML names and the chunks they import. */
  pageBytes(html: string): number {
    const pattern = new RegExp(`<script type="module" src="${islandPrefix}([^"]+)"`, 'g');
    return this.totalBytes([...html.matchAll(pattern)].map((match) => match[1] ?? ''));
  }

  private totalBytes(fileNames: readonly string[]): number {
    const seen = new Set<string>();
    const visit = (fileName: string): void => {
      const file = this.files.get(fileName);
      if (file === undefined || seen.has(fileName)) return;
      seen.add(fileName);
      for (const imported of file.imports) visit(imported);
    };
    for (const fileName of fileNames) visit(fileName);
    return [...seen].reduce((sum, fileName) => sum + (this.files.get(fileName)?.contents.byteLength ?? 0), 0);
  }
}

async function islandNames(dir: string): Promise<string[]> {
  const folders = await readdir(dir, { withFileTypes: true });
  const names: string[] = [];
  for (const folder of folders) {
    if (!folder.isDirectory()) continue;
    const files = await readdir(path.join(dir, folder.name));
    if (!files.includes('main.ts')) continue;
    if (!ISLAND_NAME.test(folder.name)) {
      throw new Error(`The island folder src/client/${folder.name} needs a name of lower-case letters, digits and -`);
    }
    names.push(folder.name);
  }
  return names.sort();
}

/**
 * Bundles every island with esbuild (in well under a second, so `npm start` needs no build step). Code that
 * several islands import is split into shared chunks that the browser loads once.
 */
async function buildIslandsIn(dir: string): Promise<Islands> {
  const names = await islandNames(dir);
  const result = await build({
    absWorkingDir: dir,
    entryPoints: Object.fromEntries(names.map((name) => [name, path.join(dir, name, 'main.ts')])),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    // Nothing is written there (write: false); esbuild needs a folder to name the outputs.
    outdir: path.join(dir, 'out'),
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: ['es2020'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const contents = new Map(
    result.outputFiles.map((file) => [
      path.basename(file.path),
      Buffer.from(file.contents.buffer, file.contents.byteOffset, file.contents.byteLength),
    ]),
  );
  const entries = new Map<string, string>();
  const files = new Map<string, BuiltFile>();
  for (const [outputPath, output] of Object.entries(result.metafile.outputs)) {
    const fileName = path.basename(outputPath);
    const fileContents = contents.get(fileName);
    if (fileContents === undefined) continue;
    const imports = output.imports
      .filter((imported) => imported.kind === 'import-statement' && !imported.external)
      .map((imported) => path.basename(imported.path));
    files.set(fileName, { contents: fileContents, imports });
    if (output.entryPoint !== undefined) entries.set(path.basename(path.dirname(output.entryPoint)), fileName);
  }
  for (const name of names) {
    if (!entries.has(name)) throw new Error(`The island ${name} was not built`);
  }
  return new Islands(new Map(names.map((name) => [name, entries.get(name) ?? ''])), files);
}

const builds = new Map<string, Promise<Islands>>();

/** The islands of src/client, built once per process: every app a test run starts shares the same build. */
export function buildIslands(dir: string = clientDir): Promise<Islands> {
  let islands = builds.get(dir);
  if (islands === undefined) {
    islands = buildIslandsIn(dir);
    builds.set(dir, islands);
    // A failed build is not kept: the next app to start tries again.
    void islands.catch(() => builds.delete(dir));
  }
  return islands;
}

/** The bytes a page loads for these islands (their files and the chunks they import), for benchmarks. */
export async function islandBytes(names: readonly string[]): Promise<number> {
  return (await buildIslands()).bytes(names);
}
