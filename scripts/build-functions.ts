// Bundles every cloudfunctions/<name>/index.ts into a self-contained deployable folder:
// index.js (all project code inlined) + package.json pinning wx-server-sdk, which CloudBase installs.
// Native modules cannot be inlined: a function that needs one lists it in EXTRA_DEPENDENCIES, which keeps
// it external in that function's bundle and adds it to that function's package.json.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const WX_SERVER_SDK_VERSION = '4.0.2';
/** Per function: native modules left out of the bundle and installed by CloudBase from package.json.
 *  sharp 0.32 is the last line supporting Node 16 (the CloudBase runtime); the admin function composes
 *  place posters with it and falls back to a text-less poster where it is not installed (cloudfunctions/admin/poster.ts). */
export const EXTRA_DEPENDENCIES: Record<string, Record<string, string>> = {
  admin: { sharp: '0.32.6' },
};
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
  const dependencies: Record<string, string> = { 'wx-server-sdk': WX_SERVER_SDK_VERSION, ...EXTRA_DEPENDENCIES[name] };
  const expected = {
    name,
    version: '1.0.0',
    private: true,
    main: 'index.js',
    dependencies,
  };
  const current = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  if (JSON.stringify(current?.dependencies) !== JSON.stringify(dependencies)) {
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
        external: ['wx-server-sdk', ...Object.keys(EXTRA_DEPENDENCIES[name] ?? {})],
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
