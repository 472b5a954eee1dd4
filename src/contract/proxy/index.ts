/**
 * The org-admin proxy's HTTP API as zod schemas and inferred types. Both the proxy and the Forge app
 * import this, so it must stay free of Node-only imports.
 */
export * from './ids';
export * from './problems';
export * from './accounts';
export * from './mutations';
export * from './scan';
export * from './health';
export * from './idp';
export * from './batches';
