import path from 'node:path';
import { parseArgs } from 'node:util';
import { consoleLogger } from './logger';
import { REPO_ROOT } from './paths';
import { startTwin, type TwinHandle } from './server';

const USAGE = `usage: npm run twin -- [--port <port>] [--data <dir>] [--dev] [--no-timers] [--functions <dir>] [--env <env>]
  --port       port on 127.0.0.1 (default 9000; 0 = any free port)
  --data       data directory (default .twin-data/)
  --dev        accept the caller's openid from the x-shaosheng-openid header (H5 development)
  --no-timers  do not run timer triggers on schedule
  --functions  built functions folder (default cloudfunctions/)
  --env        CloudBase environment id (default local-env)
Environment variables named SHAOSHENG_* are passed on to the cloud functions.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '9000' },
        data: { type: 'string', default: path.join(REPO_ROOT, '.twin-data') },
        dev: { type: 'boolean', default: false },
        'no-timers': { type: 'boolean', default: false },
        functions: { type: 'string' },
        env: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port "${values.port}"`);

  let twin: TwinHandle;
  try {
    twin = await startTwin({
      port,
      dataDir: path.resolve(values.data),
      functionsDir: values.functions ? path.resolve(values.functions) : undefined,
      dev: values.dev,
      timers: !values['no-timers'],
      env: values.env,
      functionEnv: Object.fromEntries(
        Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('SHAOSHENG_') && typeof e[1] === 'string'),
      ),
      logger: consoleLogger,
    });
  } catch (err) {
    process.stderr.write(`twin failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(`twin ready ${twin.url}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    consoleLogger('info', `${signal}: shutting down`);
    twin.close().then(
      () => process.exit(0),
      (err: Error) => {
        process.stderr.write(`error while shutting down: ${err.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
