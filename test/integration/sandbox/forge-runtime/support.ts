import type { Clock } from '../../../../src/sandbox/forge-runtime';

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private t: number = Date.parse('2026-11-02T09:00:00Z')) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(ms: number): void {
    this.t = ms;
  }
}

export const APP_ID = 'ari:cloud:ecosystem::app/2f1c3a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b';
export const INSTALLATION_ID = 'b7d9e2f0-1a2b-4c3d-8e4f-5a6b7c8d9e0f';
export const INSTALLATION_ARI = `ari:cloud:ecosystem::installation/${INSTALLATION_ID}`;
