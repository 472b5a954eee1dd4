/**
 * The local Jira shell (see app.ts): hosts the app's built Custom UI modules with a local bridge.
 */
export { createShellApp, type ShellOptions } from './app';
export { startShell, type RunningShell } from './server';
export { loadHostedModules, hostedModulesFrom, type HostedModule, type ModuleKind } from './manifest-modules';
export { ShellError, type ShellErrorCode } from './errors';
export type { ShellUser } from './users';
