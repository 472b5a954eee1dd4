import { createLogger, type Logger } from '../../../../src/proxy/server/logger';

/** A real (redacting) logger whose lines are kept for assertions instead of cluttering test output. */
export function memoryLogger(secrets: string[] = []): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    logger: createLogger({ destination: { write: (s: string) => void lines.push(s) }, secrets }),
  };
}
