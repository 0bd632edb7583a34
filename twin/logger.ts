export type LogLevel = 'info' | 'warn' | 'error';
export type TwinLogger = (level: LogLevel, msg: string, extra?: object) => void;

export const silentLogger: TwinLogger = () => undefined;

/** Logger for the CLI: one line per event on stderr (stdout is reserved for the ready line). */
export const consoleLogger: TwinLogger = (level, msg, extra) => {
  const suffix = extra && Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
  process.stderr.write(`[twin] ${level.padEnd(5)} ${msg}${suffix}\n`);
};
