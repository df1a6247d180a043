export * from './result';
export type * from './entities';
export * from './api';
