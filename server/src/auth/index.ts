export * from './crypto.js';
export * from './service.js';
