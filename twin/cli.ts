import path from 'node:path';
import { parseArgs } from 'node:util';
import { consoleLogger } from './logger';
import { REPO_ROOT } from './paths';
import { startTwin, type TwinHandle } from './server';

const USAGE = `usage: npm run twin -- [--port <port>] [--data <dir>] [--dev] [--no-timers] [--functions <dir>] [--env <env>]
                        [--message-push wxa_media_check=<function>] [--push-delay <ms>]
  --port       port on 127.0.0.1 (default 9000; 0 = any free port)
  --data       data directory (default .twin-data/)
  --dev        accept the caller's openid from the x-shaosheng-openid header (H5 development)
  --no-timers  do not run timer triggers on schedule
  --functions  built functions folder (default cloudfunctions/)
  --env        CloudBase environment id (default local-env)
  --message-push  route a WeChat message push to a function (消息推送); wxa_media_check=content pushes
               every mediaCheckAsync verdict automatically (else only POST /_twin/media-checks/:traceId/verdict)
  --push-delay delay of an automatic push after its call, ms (default 1500)
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
        'message-push': { type: 'string', multiple: true },
        'push-delay': { type: 'string' },
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

  const messagePush: { wxa_media_check?: string } = {};
  for (const route of values['message-push'] ?? []) {
    const m = /^(wxa_media_check)=(\S+)$/.exec(route);
    if (!m) fail(`invalid --message-push "${route}": expected wxa_media_check=<function>`);
    messagePush[m[1] as 'wxa_media_check'] = m[2];
  }
  const pushDelay = values['push-delay'] === undefined ? undefined : Number(values['push-delay']);
  if (pushDelay !== undefined && !(Number.isInteger(pushDelay) && pushDelay >= 0)) fail(`invalid --push-delay "${values['push-delay']}"`);

  let twin: TwinHandle;
  try {
    twin = await startTwin({
      port,
      dataDir: path.resolve(values.data),
      functionsDir: values.functions ? path.resolve(values.functions) : undefined,
      dev: values.dev,
      timers: !values['no-timers'],
      env: values.env,
      messagePush,
      messagePushDelayMs: pushDelay,
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
