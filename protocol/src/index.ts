export * from './api.js';
export * from './commands.js';
export * from './config.js';
export * from './errors.js';
export * from './events.js';
export * from './state.js';
export * from './text.js';
