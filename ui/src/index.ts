export * from './api.js';
export * from './ConnectionBanner.js';
export * from './contrast.js';
export * from './device.js';
export * from './i18n.js';
export * from './live.js';
export * from './PairingScreen.js';
export * from './time.js';
