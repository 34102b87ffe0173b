import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const clientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../client');

/**
 * The browser code shared by every page (nhsuk-frontend components, the idle-session warning), bundled once
 * at boot from src/client/app. Larger islands (the 360° player and studio) get their own entry points.
 */
export async function buildClientBundle(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(clientDir, 'app', 'main.ts')],
    bundle: true,
    format: 'esm',
    minify: true,
    target: ['es2020'],
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('The browser bundle was not built');
  return output.text;
}
