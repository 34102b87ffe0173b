import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { buildIslands, islandPrefix } from './islands.ts';

/** The islands a page's HTML loads, by name, in order. */
function islandsOf(html: string): string[] {
  const pattern = new RegExp(`<script type="module" src="${islandPrefix}([a-z0-9-]+)-[A-Z0-9]+\\.js"></script>`, 'g');
  return [...html.matchAll(pattern)].map((match) => match[1] ?? '');
}

/** Every script element of a page: none is inline, so the Content-Security-Policy can forbid inline script. */
function scriptTags(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>[\s\S]*?<\/script>/g)].map((match) => match[0]);
}

describe('browser code as islands', () => {
  let t: TestApp;
  let owner: Agent;
  let runningJobId = '';
  let finishedJobId = '';
  let releaseJob = (): void => undefined;

  beforeAll(async () => {
    t = await createTestApp();
    const user = await createUser(t.db, { role: 'programme_admin', regionId: t.regionIds['east-of-england'] ?? null });
    owner = await new Agent(t.app).signInAs(user.id);
    const held = new Promise<void>((resolve) => {
      releaseJob = resolve;
    });
    const spec = { kind: 'test-run', title: 'Posts import', ownerUserId: user.id, regionId: null };
    runningJobId = await t.app.jobs.start(spec, async (progress) => {
      await progress.step(1, 4, 'Reading the file');
      await held;
      return { href: '/' };
    });
    finishedJobId = await t.app.jobs.start(spec, async () => ({ href: '/' }));
    await t.app.jobs.waitFor(finishedJobId, 60_000);
  });
  afterAll(async () => {
    releaseJob();
    await t.close();
  });

  it('gives a page with no island of its own only the design system’s script', async () => {
    const page = await new Agent(t.app).get('/auth/sign-in');
    expect(page.statusCode).toBe(200);
    expect(islandsOf(page.body)).toEqual(['nhsuk']);
    expect(scriptTags(page.body)).toHaveLength(1);
  });

  it('adds the idle-session warning for someone signed in, and nothing else to a page without islands', async () => {
    const page = await owner.get('/');
    expect(page.statusCode).toBe(200);
    expect(islandsOf(page.body)).toEqual(['nhsuk', 'session']);
  });

  it('loads the progress poller only while a job is unfinished', async () => {
    const running = await owner.get(`/jobs/${runningJobId}`);
    expect(running.statusCode).toBe(200);
    expect(islandsOf(running.body)).toEqual(['nhsuk', 'session', 'job-progress']);
    const finished = await owner.get(`/jobs/${finishedJobId}`);
    expect(finished.statusCode).toBe(200);
    expect(islandsOf(finished.body)).toEqual(['nhsuk', 'session']);
  });

  it('names every script by its content and lets browsers keep it for a year', async () => {
    const page = await owner.get(`/jobs/${runningJobId}`);
    const sources = [...page.body.matchAll(/<script type="module" src="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(sources).toHaveLength(3);
    for (const source of sources) {
      const response = await t.app.inject({ url: source });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.body.length).toBeGreaterThan(0);
    }
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    for (const tag of scriptTags(page.body)) expect(tag).toMatch(/^<script type="module" src="[^"]+"><\/script>$/);
  });

  it('answers an unknown island file with not found', async () => {
    for (const url of [`${islandPrefix}nhsuk-00000000.js`, `${islandPrefix}app.js`, '/assets/app.js']) {
      const response = await t.app.inject({ url, headers: { accept: 'application/json' } });
      expect(response.statusCode, url).toBe(404);
    }
  });

  it('fails a page that names an island there is not, so that a mistyped name is found at once', () => {
    expect(() => t.app.islands.scripts(['nhsuk'], ['rank-ordr'])).toThrow('There is no island "rank-ordr"');
    expect(() => t.app.islands.scripts('rank-order')).toThrow('a list of names');
  });

  it('prints the JavaScript each island and each page loads', async () => {
    const islands = t.app.islands;
    const rows = islands.names.map((name) => `  ${name.padEnd(28)} ${String(islands.bytes([name])).padStart(7)} bytes`);
    const pages: [string, Agent, string][] = [
      ['sign-in (signed out)', new Agent(t.app), '/auth/sign-in'],
      ['home (signed in)', owner, '/'],
      ['job progress (running)', owner, `/jobs/${runningJobId}`],
    ];
    for (const [label, agent, url] of pages) {
      const page = await agent.get(url);
      rows.push(`  page: ${label.padEnd(22)} ${String(islands.pageBytes(page.body)).padStart(7)} bytes`);
    }
    const ranking = islands.bytes(['nhsuk', 'session', 'rank-order']);
    rows.push(`  page: ${'ranking (editable)'.padEnd(22)} ${String(ranking).padStart(7)} bytes`);
    console.log(`JavaScript loaded (minified, before compression):\n${rows.join('\n')}`);
  });
});

describe('building islands', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'breadth-islands-'));
    const files: Record<string, string> = {
      'viewer/main.ts': "import { scene } from '../shared/scene.ts';\nconsole.log(scene('viewer'));\n",
      'studio/main.ts': "import { scene } from '../shared/scene.ts';\nconsole.log(scene('studio'));\n",
      'shared/scene.ts': `export function scene(name: string): string {\n  return name + '${'x'.repeat(2000)}';\n}\n`,
    };
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), text);
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes each folder with a main.ts an island, and puts code islands share in a chunk loaded once', async () => {
    const islands = await buildIslands(dir);
    expect(islands.names).toEqual(['studio', 'viewer']);
    const [studio, viewer] = islands.scripts(['studio', 'viewer']).map((src) => src.slice(islandPrefix.length));
    const studioFile = islands.file(studio!)!;
    const viewerFile = islands.file(viewer!)!;
    const chunk = /from"\.\/(chunk-[A-Z0-9]+\.js)"/.exec(studioFile.toString())?.[1];
    expect(chunk).toBeDefined();
    const chunkFile = islands.file(chunk!)!;
    expect(chunkFile.byteLength).toBeGreaterThan(2000);
    expect(islands.bytes(['studio'])).toBe(studioFile.byteLength + chunkFile.byteLength);
    expect(islands.bytes(['studio', 'viewer'])).toBe(
      studioFile.byteLength + viewerFile.byteLength + chunkFile.byteLength,
    );
  });
});
