export { type Channel, SmsChannel, smsRequest, TelegramChannel } from './channels.js';
export { registerNotifyRoutes, type VisitLinks } from './routes.js';
export { Notifier, type NotifyOptions, notifyRef } from './service.js';
export { loadNotifySettings, NOTIFY_SETTINGS_FILE, saveNotifySettings } from './settings.js';
