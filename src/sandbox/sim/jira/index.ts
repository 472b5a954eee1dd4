/** The Jira part of the simulator: mount `createJiraApp(store)` and rebuild with `seedJira`. */
export { createJiraApp } from './app';
export { JiraStore, fixedStepClock, type JiraClock } from './store';
export { seedJira, DEMO_PROJECTS, APP_DISPLAY_NAME, type JiraIdentity, type JiraSeed } from './seed';
export { JIRA_OPERATIONS, JIRA_SPEC_FILE, type JiraOperationId } from './operations';
export { adfText, type AdfDoc } from './adf';
