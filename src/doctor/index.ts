/** The preflight doctor: `runDoctor`, its report schema, and the human renderer. */
export { runDoctor, DEFAULT_DOCTOR_TIMEOUT_MS, type DoctorDeps } from './run-doctor';
export { renderReport, type RenderOptions } from './render';
export * from './domain/report';
