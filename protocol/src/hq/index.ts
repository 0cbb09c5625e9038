export * from './link.js';
export * from './profiles.js';
export * from './routes.js';
export * from './sync.js';
