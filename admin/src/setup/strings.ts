import type { Pair } from '@talon/ui';

/** The first-run setup wizard's strings: Russian first, English second. */
export const W = {
  title: ['Первичная настройка офиса', 'First-run setup of the office'],
  intro: [
    'Этот сервер ещё не настроен. Ответьте на несколько вопросов — после этого можно будет войти, привязать киоски и табло и добавить операторов. Всё это можно изменить позже в разделе «Настройки».',
    'This server is not set up yet. Answer a few questions; then you can sign in, pair the kiosks and boards and add the operators. All of it can be changed later under Settings.',
  ],
  checking: ['Проверяем ссылку…', 'Checking the link…'],
  invalidTitle: ['Ссылка не подходит', 'This link does not work'],
  invalidText: [
    'Ссылка первичной настройки неверна или уже использована. Правильная ссылка напечатана в консоли сервера при запуске и сохранена в файле setup-link.txt в папке данных сервера. Если файла нет, перезапустите сервер — он напечатает новую ссылку.',
    'The setup link is wrong or has already been used. The right link was printed on the server console at start and saved in setup-link.txt in the server data folder. If the file is not there, restart the server: it prints a new link.',
  ],
  alreadyTitle: ['Офис уже настроен', 'The office is already set up'],
  alreadyText: [
    'Первичная настройка этого сервера уже выполнена, ссылка больше не действует. Войдите под учётной записью администратора.',
    'First-run setup of this server has been done; the link no longer works. Sign in with an administrator account.',
  ],
  signIn: ['Перейти ко входу', 'Go to sign-in'],
  retry: ['Повторить', 'Try again'],
  next: ['Далее', 'Next'],
  back: ['Назад', 'Back'],
  finish: ['Завершить настройку', 'Finish setup'],
  finishing: ['Настраиваем…', 'Setting up…'],
  fixBelow: ['Исправьте отмеченные поля', 'Please fix the marked fields'],
  required: ['Заполните это поле', 'Please fill this in'],

  stepOffice: ['Офис', 'Office'],
  stepNorms: ['Нормативы', 'Norms'],
  stepHall: ['Окна и часы', 'Windows and hours'],
  stepAdmin: ['Администратор', 'Administrator'],
  stepDone: ['Готово', 'Done'],
  stepOf: ['Шаг {n} из {of}', 'Step {n} of {of}'],

  officeName: ['Название офиса', 'Office name'],
  officeNameHint: ['Так офис называется на табло, талонах и в отчётах', 'As shown on boards, tickets and reports'],
  officeNameEn: ['Название по-английски (необязательно)', 'Name in English (optional)'],
  address: ['Адрес (необязательно)', 'Address (optional)'],
  timeZone: ['Часовой пояс', 'Time zone'],
  timeZoneHint: [
    'Название зоны IANA, например Europe/Moscow или Asia/Yekaterinburg. От него зависят часы приёма и сброс номеров талонов в полночь',
    'An IANA zone name such as Europe/Moscow or Asia/Yekaterinburg. Reception hours and the midnight reset of ticket numbers follow it',
  ],
  timeZoneNow: ['Сейчас там {time}', 'It is {time} there now'],
  timeZoneBad: ['Такого часового пояса нет', 'No such time zone'],

  normsIntro: [
    'Выберите стандарт обслуживания: от него зависят услуги, нормативы времени и меню тем на киоске. Либо загрузите файл настроек, выгруженный из другого офиса.',
    'Choose the service standard: it sets the services, time norms and the kiosk topic menu. Or load a configuration file exported from another office.',
  ],
  wait: ['ожидание', 'wait'],
  service: ['обслуживание', 'service'],
  total: ['Весь визит — не более {n} мин', 'Whole visit: at most {n} min'],
  min: ['мин', 'min'],
  serviceCol: ['Услуга', 'Service'],
  waitCol: ['Ожидание, мин', 'Wait, min'],
  serviceNormCol: ['Обслуживание, мин', 'Service, min'],
  fromFile: ['Загрузить файл настроек (JSON)', 'Load a configuration file (JSON)'],
  fromFileHint: [
    'Файл настроек офиса в формате JSON (например, выгруженный из раздела «Настройки» другого офиса). Окна, часы, услуги и меню берутся из файла; название, адрес и часовой пояс — с первого шага.',
    "An office configuration file in JSON (e.g. exported from another office's Settings). Windows, hours, services and the menu come from the file; the name, address and time zone from the first step.",
  ],
  chooseFile: ['Файл настроек', 'Configuration file'],
  fileOk: [
    'Файл «{file}» подходит: окон {windows}, услуг {services}, тем {topics}',
    'File "{file}" is valid: {windows} windows, {services} services, {topics} topics',
  ],
  fileNotJson: ['Это не JSON-файл', 'This is not a JSON file'],
  fileInvalid: ['Файл не подходит как настройки офиса:', 'The file is not a valid office configuration:'],
  chooseNorms: ['Выберите профиль нормативов или файл', 'Choose a norm preset or a file'],

  windows: ['Окна', 'Windows'],
  windowsCount: ['Сколько окон', 'Number of windows'],
  cabinets: ['Кабинеты', 'Rooms'],
  cabinetsCount: ['Сколько кабинетов (если есть)', 'Number of rooms (if any)'],
  numbersHint: [
    'Номера — как на табличках над окнами; посетители увидят и услышат их на табло',
    'The numbers as on the signs above the windows; visitors see and hear them on the board',
  ],
  windowN: ['Окно №', 'Window no.'],
  cabinetN: ['Кабинет №', 'Room no.'],
  hours: ['Часы работы и часы приёма', 'Office hours and reception hours'],
  hoursHint: [
    'Киоск выдаёт талоны только в часы приёма; часы приёма должны быть внутри часов работы офиса. Перерыв на обед можно добавить позже в «Настройках».',
    'The kiosk issues tickets during reception hours only, which must lie within office hours. A lunch closure can be added later under Settings.',
  ],
  day: ['День', 'Day'],
  officeOpen: ['Офис работает', 'Office open'],
  receptionOpen: ['Приём посетителей', 'Reception'],
  closed: ['выходной', 'closed'],
  hallFromFile: [
    'Окна и часы взяты из файла настроек — их можно изменить позже в «Настройках».',
    'Windows and hours come from the configuration file; they can be changed later under Settings.',
  ],
  numberTwice: ['Номер {n} повторяется', 'Number {n} is used twice'],
  oneWindow: ['Нужно хотя бы одно окно', 'At least one window is needed'],
  receptionOutside: ['Приём должен быть внутри часов работы офиса', 'Reception must lie within office hours'],
  oneReceptionDay: ['Нужен хотя бы один день приёма', 'At least one day with reception is needed'],
  badRange: [
    'Время в виде ЧЧ:ММ (например 09:00), окончание позже начала',
    'Times as HH:MM (e.g. 09:00), the end after the start',
  ],

  adminIntro: [
    'Администратор настроек управляет настройками, входами сотрудников и устройствами; он же администратор зала. Под этой учётной записью вы войдёте сразу после настройки.',
    'The configuration administrator manages settings, staff logins and devices, and is a hall administrator too. You sign in with this account right after setup.',
  ],
  login: ['Логин', 'Login'],
  loginHint: ['Латинские буквы и цифры, можно . _ @ -', 'Latin letters and digits; . _ @ - allowed'],
  adminName: ['Имя и фамилия', 'Full name'],
  password: ['Пароль', 'Password'],
  password2: ['Пароль ещё раз', 'Password again'],
  passwordRule: ['Правило для пароля: {rule}', 'Password rule: {rule}'],
  passwordsDiffer: ['Пароли не совпадают', 'The passwords do not match'],
  passwordWeak: ['Пароль не подходит под правило', 'The password does not follow the rule'],
  loginBad: ['Логин: от 2 знаков, латиница, цифры, _ . @ -', 'Login: 2+ characters, latin letters, digits, _ . @ -'],
  summary: ['Проверьте перед завершением', 'Check before you finish'],

  doneTitle: ['Офис настроен', 'The office is set up'],
  doneText: [
    'Офис «{name}» настроен, администратор «{login}» создан. Ссылка первичной настройки больше не действует. Что сделать дальше:',
    'Office "{name}" is set up and administrator "{login}" is created. The setup link no longer works. What to do next:',
  ],
  doneSignIn: ['Войдите как администратор настроек', 'Sign in as the configuration administrator'],
  doneDevices: [
    'Привяжите киоски, табло и терминалы оценки: «Настройки → Устройства» — получите код и откройте его на устройстве',
    'Pair the kiosks, boards and rating terminals: Settings → Devices: get a code and open it on the device',
  ],
  doneUsers: [
    'Добавьте операторов и администраторов зала: «Настройки → Входы и пароли»',
    'Add the operators and hall administrators: Settings → Logins and passwords',
  ],
  doneOperators: [
    'Проверьте операторов, услуги и темы киоска: «Настройки → Операторы», «Услуги и нормативы», «Темы обращений»',
    'Check the operators, services and kiosk topics: Settings → Operators, Services and norms, Topics',
  ],
  open: ['Открыть', 'Open'],
} as const satisfies Record<string, Pair>;

export const DAY_NAMES: Record<string, Pair> = {
  mon: ['Понедельник', 'Monday'],
  tue: ['Вторник', 'Tuesday'],
  wed: ['Среда', 'Wednesday'],
  thu: ['Четверг', 'Thursday'],
  fri: ['Пятница', 'Friday'],
  sat: ['Суббота', 'Saturday'],
  sun: ['Воскресенье', 'Sunday'],
};
