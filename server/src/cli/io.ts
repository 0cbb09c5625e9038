/** Where a command writes; tests pass their own to read what it said. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Typed-in secrets come from here (process.stdin by default). */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stdin: process.stdin,
};

/**
 * Exit codes: 0 done; 1 the command could not do it (a login taken, a server running, problems found);
 * 2 the command line, the folder or the database is wrong for this command or this build.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Russian first, English after, on one line. */
export const both = (ru: string, en: string) => `${ru} · ${en}`;

/** Reads a secret from the terminal without echo, or the first line of piped input. */
export async function readSecret(io: CliIo, question: string): Promise<string> {
  const { stdin } = io;
  if (!stdin.isTTY || !stdin.setRawMode) return readLine(stdin);
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let chars: string[] = [];
    const finish = () => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
    };
    const onData = (chunk: string | Buffer) => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(chars.join(''));
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new CliError(both('Прервано', 'Interrupted')));
          return;
        }
        if (ch === '\u007f' || ch === '\b') chars = chars.slice(0, -1);
        else if (ch >= ' ') chars.push(ch);
      }
    };
    stdin.on('data', onData);
  });
}

let piped: string[] | null = null;

/** One line of piped standard input (the whole input is read once, then handed out line by line). */
async function readLine(stdin: CliIo['stdin']): Promise<string> {
  if (piped === null) {
    let text = '';
    stdin.setEncoding?.('utf8');
    for await (const chunk of stdin) text += String(chunk);
    piped = text.split(/\r?\n/);
  }
  const line = piped.shift();
  if (line === undefined || line === '')
    throw new CliError(
      both(
        'Пароль не задан: укажите --password или введите его в терминале',
        'No password: give --password or type it in a terminal',
      ),
      2,
    );
  return line;
}
