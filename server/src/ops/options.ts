import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isLogLevel, LOG_LEVELS, type LogLevel, type LogOptions } from './logging.js';
import type { TlsOptions } from './tls.js';

/**
 * The operations options of `talon serve` and `npm start` (spread into SERVER_ARGS, server/src/cli):
 * logging, HTTPS and the `/metrics` token. Secrets are better given in the environment (a systemd
 * `EnvironmentFile`, WinSW `<env>`) than on the command line, which other local users can read.
 */
export const OPS_ARGS = {
  /** fatal, error, warn, info (default), debug, trace or silent; the demo defaults to warn. */
  'log-level': { type: 'string', default: process.env.TALON_LOG_LEVEL ?? '' },
  /** HTTPS: the certificate (PEM, with its chain) and its key; both or neither. */
  'tls-cert': { type: 'string', default: process.env.TALON_TLS_CERT ?? '' },
  'tls-key': { type: 'string', default: process.env.TALON_TLS_KEY ?? '' },
  /** The bearer token `/metrics` asks for; without one it answers only this machine. */
  'metrics-token': { type: 'string', default: process.env.TALON_METRICS_TOKEN ?? '' },
} as const;

export interface OpsArgValues {
  'log-level': string;
  'tls-cert': string;
  'tls-key': string;
  'metrics-token': string;
}

export interface OpsServerOptions {
  logger: LogOptions | false;
  tls?: TlsOptions;
  metricsToken?: string;
}

/** A bad option value, reported like parseArgs' own errors (the launchers print the message and exit with 2). */
function badValue(message: string): Error {
  return Object.assign(new Error(message), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
}

function readPem(path: string, ru: string, en: string): Buffer {
  try {
    return readFileSync(resolve(path));
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error';
    throw badValue(`Не удалось прочитать ${ru} «${path}» (${code}) · Cannot read the TLS ${en} "${path}" (${code})`);
  }
}

export function opsOptionsFrom(values: OpsArgValues, { demo }: { demo: boolean }): OpsServerOptions {
  const level: string = values['log-level'] || (demo ? 'warn' : 'info');
  if (!isLogLevel(level))
    throw badValue(
      `Неверный --log-level «${level}»: ${LOG_LEVELS.join(', ')} · Bad --log-level "${level}": ${LOG_LEVELS.join(', ')}`,
    );
  const cert = values['tls-cert'];
  const key = values['tls-key'];
  if (Boolean(cert) !== Boolean(key))
    throw badValue('--tls-cert и --tls-key задаются вместе · --tls-cert and --tls-key go together');
  const token = values['metrics-token'];
  if (token && token.length < 16) throw badValue('--metrics-token: не короче 16 символов · at least 16 characters');
  return {
    logger: level === 'silent' ? false : { level: level as LogLevel },
    ...(cert && key
      ? { tls: { cert: readPem(cert, 'сертификат', 'certificate'), key: readPem(key, 'ключ', 'key') } }
      : {}),
    ...(token ? { metricsToken: token } : {}),
  };
}
