// Bundles every cloudfunctions/<name>/index.ts into a self-contained deployable folder:
// index.js (all project code inlined) + package.json pinning wx-server-sdk, which CloudBase installs.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const WX_SERVER_SDK_VERSION = '4.0.2';
const root = resolve(__dirname, '..');
const functionsRoot = join(root, 'cloudfunctions');

export function functionNames(): string[] {
  return readdirSync(functionsRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(functionsRoot, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

function checkManifest(name: string): void {
  const file = join(functionsRoot, name, 'package.json');
  const expected = {
    name,
    version: '1.0.0',
    private: true,
    main: 'index.js',
    dependencies: { 'wx-server-sdk': WX_SERVER_SDK_VERSION },
  };
  const current = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  if (current?.dependencies?.['wx-server-sdk'] !== WX_SERVER_SDK_VERSION) {
    writeFileSync(file, JSON.stringify({ ...expected, ...current, dependencies: expected.dependencies }, null, 2) + '\n');
  }
}

export async function buildFunctions(names = functionNames()): Promise<void> {
  await Promise.all(
    names.map(async (name) => {
      checkManifest(name);
      await build({
        entryPoints: [join(functionsRoot, name, 'index.ts')],
        outfile: join(functionsRoot, name, 'index.js'),
        bundle: true,
        platform: 'node',
        target: 'node16', // CloudBase runtime Nodejs16.13 or later
        format: 'cjs',
        external: ['wx-server-sdk'],
        legalComments: 'none',
        logLevel: 'warning',
        banner: { js: '// Built by scripts/build-functions.ts from index.ts. Do not edit.' },
      });
    }),
  );
}

if (require.main === module) {
  const started = Date.now();
  const names = functionNames();
  buildFunctions(names)
    .then(() => console.log(`built ${names.length} cloud functions (${names.join(', ')}) in ${Date.now() - started} ms`))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
