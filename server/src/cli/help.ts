import { SERVER_ARGS } from './server-options.js';

/** The `talon` commands as the owner reads them: usage, what it does (Russian, then English), options. */
export interface CommandHelp {
  name: string;
  /** One line for `talon --help`. */
  summary: [ru: string, en: string];
  usage: string;
  ru: string;
  en: string;
  options: [flag: string, ru: string, en: string][];
}

const DATA: CommandHelp['options'][number] = [
  '--data ПАПКА|DIR',
  'папка данных офиса (или переменная TALON_DATA)',
  'the office data folder (or TALON_DATA)',
];

export const COMMANDS: CommandHelp[] = [
  {
    name: 'serve',
    summary: ['Запустить сервер офиса', 'Run the office server'],
    usage: 'talon serve --data ПАПКА [--port 8080] [--host 0.0.0.0] [--backup-dir ПАПКА] [--backup-at 02:30] …',
    ru:
      'Запускает сервер офиса на папке данных: без демо-данных, без демо-пользователей и без виртуального принтера. ' +
      'Новая папка создаётся (0700); новый офис получает ссылку первичной настройки. ' +
      'Ежедневно делает проверенную резервную копию базы. Печатает адреса, на которых работает.',
    en:
      'Runs the office server on a data folder: no demo data, no demo users, no virtual printer. ' +
      'A new folder is created (0700); a new office gets a first-run setup link. ' +
      'Makes a verified backup of the database every day. Prints the addresses it listens on.',
    options: [
      DATA,
      ['--port N', 'порт (по умолчанию 8080, или TALON_PORT)', 'port (default 8080, or TALON_PORT)'],
      [
        '--host ADDR',
        'адрес (по умолчанию 0.0.0.0 — все сети, экраны офиса на других ПК; или TALON_HOST)',
        'address (default 0.0.0.0: every network, the office screens are other PCs; or TALON_HOST)',
      ],
      ['--public-url URL', 'внешний адрес для ссылок посетителей', 'public address for visitor links'],
      [
        '--hq URL --hq-key KEY',
        'головной офис и ключ этого офиса (или TALON_HQ_URL, TALON_HQ_KEY)',
        'head office and this office’s key there (or TALON_HQ_URL, TALON_HQ_KEY)',
      ],
      ['--printer URL', 'принтер талонов: tcp://HOST[:9100], serial:PATH, usb:PATH', 'ticket printer'],
      ['--printer-paper 80|58', 'ширина бумаги, мм', 'paper width, mm'],
      ['--displays FILE', 'табло над окнами: файл настроек JSON', 'window LED displays: a JSON settings file'],
      ['--preset ID', 'нормативы нового офиса: rosatom, kostroma, belgorod, rusenergosbyt', 'a new office’s preset'],
      [
        '--backup-dir DIR',
        'папка резервных копий (по умолчанию ПАПКА/backups)',
        'backups folder (default DIR/backups)',
      ],
      ['--backup-at ЧЧ:ММ', 'время копии по времени офиса (02:30)', 'time of day, office time (02:30)'],
      ['--backup-keep N', 'сколько копий хранить (14)', 'how many backups to keep (14)'],
      ['--no-backups', 'не делать резервные копии', 'no backups'],
      [
        '--personal-data-days N',
        'сколько дней после визита хранить телефон и лицевой счёт посетителя (30)',
        'days a visitor’s phone and account are kept after the visit (30)',
      ],
      ['--tick-ms N', 'период служебного таймера, мс (5000)', 'housekeeping tick, ms (5000)'],
      [
        '--log-level LEVEL',
        'журнал JSON: fatal, error, warn, info (по умолчанию), debug, silent (или TALON_LOG_LEVEL)',
        'JSON log: fatal, error, warn, info (default), debug, silent (or TALON_LOG_LEVEL)',
      ],
      [
        '--tls-cert FILE --tls-key FILE',
        'HTTPS: сертификат и ключ PEM (или TALON_TLS_CERT, TALON_TLS_KEY)',
        'HTTPS: PEM certificate and key (or TALON_TLS_CERT, TALON_TLS_KEY)',
      ],
      [
        '--rate-limits SPEC',
        'пределы частоты через запятую: ИМЯ=ВСПЛЕСК:ИНТЕРВАЛ или ИМЯ=off; имена tickets (10:2s), commands (60:100ms), ' +
          'heartbeats (10:2s), pairing (10:10s), login (20:3s), requests (600:10ms) (или TALON_RATE_LIMITS)',
        'rate limits, comma-separated: NAME=BURST:INTERVAL or NAME=off; names tickets (10:2s), commands (60:100ms), ' +
          'heartbeats (10:2s), pairing (10:10s), login (20:3s), requests (600:10ms) (or TALON_RATE_LIMITS)',
      ],
      [
        '--metrics-token TOKEN',
        'токен для /metrics (лучше TALON_METRICS_TOKEN); без него /metrics только с этой машины',
        'token for /metrics (better TALON_METRICS_TOKEN); without it /metrics answers this machine only',
      ],
    ],
  },
  {
    name: 'admin create',
    summary: ['Создать администратора офиса', 'Create an office administrator'],
    usage: 'talon admin create --data ПАПКА --login ЛОГИН --name "ИМЯ" [--password ПАРОЛЬ]',
    ru:
      'Создаёт администратора офиса с ролями «администратор настроек» и «администратор зала». ' +
      'Без --password пароль спрашивается в терминале и не отображается. Можно при работающем сервере.',
    en:
      'Creates an office administrator (config_admin + hall_admin). Without --password the password is asked ' +
      'for in the terminal and not shown. Works while the server runs.',
    options: [
      DATA,
      ['--login ЛОГИН', 'логин: латиница, цифры, _ . @ -', 'login: latin letters, digits, _ . @ -'],
      ['--name ИМЯ', 'имя, как его видят в журнале действий', 'name as the audit shows it'],
      ['--password ПАРОЛЬ', 'пароль, не короче 8 символов', 'password, at least 8 characters'],
    ],
  },
  {
    name: 'password reset',
    summary: ['Задать новый пароль входа', 'Set a new password for a login'],
    usage: 'talon password reset --data ПАПКА --login ЛОГИН [--password ПАРОЛЬ]',
    ru:
      'Задаёт новый пароль входа; все открытые сеансы этого входа завершаются. ' +
      'Без --password пароль спрашивается в терминале. Можно при работающем сервере.',
    en:
      'Sets a new password for a login and ends its open sessions. Without --password it is asked for in the ' +
      'terminal. Works while the server runs.',
    options: [
      DATA,
      ['--login ЛОГИН', 'чей пароль', 'whose password'],
      ['--password ПАРОЛЬ', 'новый пароль', 'new password'],
    ],
  },
  {
    name: 'account unlock',
    summary: ['Снова включить отключённый вход', 'Enable a disabled login again'],
    usage: 'talon account unlock --data ПАПКА --login ЛОГИН',
    ru: 'Снова включает отключённый вход (и снимает блокировку, если она есть). Можно при работающем сервере.',
    en: 'Enables a disabled login again (and ends a lockout, if any). Works while the server runs.',
    options: [DATA, ['--login ЛОГИН', 'какой вход', 'which login']],
  },
  {
    name: 'devices list',
    summary: ['Список привязанных устройств', 'List the paired devices'],
    usage: 'talon devices list --data ПАПКА',
    ru: 'Показывает привязанные устройства (киоски, табло, терминалы оценки): код, роль, имя, последняя связь.',
    en: 'Lists the paired devices (kiosks, boards, rating terminals): id, role, name, last seen.',
    options: [DATA],
  },
  {
    name: 'devices revoke',
    summary: ['Отвязать устройство', 'Unpair a device'],
    usage: 'talon devices revoke --data ПАПКА ID',
    ru: 'Отвязывает устройство: его ключ перестаёт действовать сразу. Можно при работающем сервере.',
    en: 'Unpairs a device: its token stops working at once. Works while the server runs.',
    options: [DATA, ['ID', 'код устройства из «talon devices list»', 'the device id from "talon devices list"']],
  },
  {
    name: 'backup',
    summary: ['Резервная копия сейчас, с проверкой', 'Back up now, verified'],
    usage: 'talon backup --data ПАПКА [--to ПАПКА] [--keep N]',
    ru:
      'Делает резервную копию базы сейчас (онлайн, сервер может работать), проверяет её (integrity_check, ' +
      'последнее событие) и записывает результат в backup-status.json.',
    en:
      'Backs up the database now (online: the server may run), verifies the copy (integrity_check, last event) ' +
      'and records the result in backup-status.json.',
    options: [
      DATA,
      ['--to DIR', 'куда (по умолчанию ПАПКА/backups)', 'where to (default DIR/backups)'],
      ['--keep N', 'оставить N последних копий в этой папке', 'keep the newest N backups in that folder'],
    ],
  },
  {
    name: 'restore',
    summary: ['Восстановить офис из копии в новую папку', 'Restore an office from a backup into a new folder'],
    usage: 'talon restore ФАЙЛ_КОПИИ --into НОВАЯ_ПАПКА',
    ru:
      'Восстанавливает офис из резервной копии в новую (пустую) папку данных. Сначала полностью проверяет копию ' +
      '(как talon verify). Затем: talon serve --data НОВАЯ_ПАПКА.',
    en:
      'Restores an office from a backup into a new (empty) data folder, after verifying the backup in full ' +
      '(as talon verify does). Then: talon serve --data NEW_DIR.',
    options: [['--into DIR', 'новая или пустая папка данных', 'a new or empty data folder']],
  },
  {
    name: 'verify',
    summary: ['Проверить базу или копию', 'Verify a database or a backup'],
    usage: 'talon verify --data ПАПКА | --file ФАЙЛ',
    ru:
      'Проверяет базу или копию: SQLite integrity_check; свёртка журнала событий совпадает со снимками состояния; ' +
      'таблицы талонов, визитов и оценок совпадают с пересчётом из журнала. Печатает, что не сходится. ' +
      'Ничего не меняет; можно при работающем сервере.',
    en:
      'Checks a database or a backup: SQLite integrity_check; the fold of the event log matches the state ' +
      'snapshots; the tickets, visits and ratings tables match a rebuild from the log. Prints what differs. ' +
      'Changes nothing; works while the server runs.',
    options: [DATA, ['--file FILE', 'файл базы или резервной копии', 'a database or backup file']],
  },
  {
    name: 'config export',
    summary: ['Выгрузить настройки в JSON', 'Export the configuration as JSON'],
    usage: 'talon config export --data ПАПКА [--out ФАЙЛ]',
    ru: 'Выгружает текущие настройки офиса в JSON (в файл или на экран).',
    en: 'Writes the office configuration in force as JSON (to a file or standard output).',
    options: [DATA, ['--out FILE', 'файл (по умолчанию — на экран)', 'file (default: standard output)']],
  },
  {
    name: 'config import',
    summary: ['Загрузить настройки из JSON', 'Import a JSON configuration'],
    usage: 'talon config import --data ПАПКА ФАЙЛ',
    ru:
      'Загружает настройки из JSON как новую версию (с записью в журнал действий). Неверный файл отклоняется, ' +
      'ничего не меняется. Только при остановленном сервере (или загрузите файл в разделе «Настройки»).',
    en:
      'Applies a JSON configuration as a new version (audited). An invalid file is refused and nothing changes. ' +
      'Only while the server is stopped (or upload it on the admin Settings screen).',
    options: [DATA, ['FILE', 'файл настроек JSON', 'a JSON configuration file']],
  },
];

export const EXIT_CODES = [
  'Коды выхода · Exit codes:',
  '  0  готово · done',
  '  1  не получилось или найдены ошибки · failed, or problems found',
  '  2  неверная команда, папка или база · wrong command line, folder or database',
];

export function commandHelp(c: CommandHelp): string[] {
  const width = Math.max(...c.options.map((o) => o[0].length));
  // `serve` takes every server option (server-options.ts): those not described above are listed by name
  const described = new Set(c.options.flatMap(([f]) => f.match(/--[a-z-]+/g) ?? []));
  const more =
    c.name === 'serve'
      ? Object.keys(SERVER_ARGS)
          .map((k) => `--${k}`)
          .filter((f) => !described.has(f))
      : [];
  return [
    c.usage,
    '',
    c.ru,
    '',
    c.en,
    ...(c.options.length
      ? ['', 'Параметры · Options:', ...c.options.map(([f, ru, en]) => `  ${f.padEnd(width)}  ${ru} · ${en}`)]
      : []),
    ...(more.length ? [`  Ещё · More: ${more.join(', ')} (docs/install-office-server.md, docs/backups.md)`] : []),
    '',
    ...EXIT_CODES,
  ];
}

export function overview(version: string): string[] {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `talon ${version} — сервер электронной очереди офиса и его обслуживание · the office queue server and its upkeep`,
    '',
    'Команды · Commands:',
    ...COMMANDS.map((c) => `  talon ${c.name.padEnd(width)}  ${c.summary[0]} · ${c.summary[1]}`),
    '',
    'Подробно о команде · A command in detail: talon КОМАНДА --help',
    'Резервные копии и восстановление · Backups and restore: docs/backups.md',
    '',
    ...EXIT_CODES,
  ];
}
