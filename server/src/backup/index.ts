export * from './files.js';
export * from './schedule.js';
export * from './service.js';
export * from './status.js';
export * from './verify.js';
