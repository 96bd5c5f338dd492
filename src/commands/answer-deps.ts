import type { Directory } from '../domain/directory';

/** What every answer needs: the directory and the clock (answers are pure apart from directory reads). */
export interface AnswerDeps {
  directory: Directory;
  now: Date;
  /** told about every error turned into an error card, for the operator's log; optional */
  onError?: (error: unknown) => void;
}
