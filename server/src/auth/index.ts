export * from './crypto.js';
export * from './login-throttle.js';
export * from './service.js';
export * from './socket-registry.js';
