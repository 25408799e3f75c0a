/** One thing wrong with a profile: a stable code, the field's path, and what it must be. */
export interface ProfileProblem {
  code: ProfileProblemCode;
  field: string;
  message: string;
}

export type ProfileProblemCode =
  | 'LOAD_PROFILE_NOT_FOUND'
  | 'LOAD_PROFILE_MALFORMED_JSON'
  | 'LOAD_PROFILE_FIELD_MISSING'
  | 'LOAD_PROFILE_FIELD_UNKNOWN'
  | 'LOAD_PROFILE_FIELD_TYPE'
  | 'LOAD_PROFILE_FIELD_RANGE'
  | 'LOAD_PROFILE_DURATION_MISMATCH'
  | 'LOAD_PROFILE_SHARES_NOT_ONE'
  | 'LOAD_PROFILE_FANOUT_TOO_LARGE'
  | 'LOAD_PROFILE_DUPLICATE_NAME'
  | 'LOAD_PROFILE_BEHAVIOUR_UNSUPPORTED'
  | 'LOAD_PROFILE_SCALE_INVALID';

/** A refused profile; `problems` lists every problem found, not just the first. */
export class ProfileError extends Error {
  readonly code = 'LOAD_PROFILE_INVALID';
  readonly source: string;
  readonly problems: readonly ProfileProblem[];

  constructor(source: string, problems: readonly ProfileProblem[]) {
    super(`load profile ${source} is invalid:\n`
      + problems.map((p) => `  ${p.field} (${p.code}): ${p.message}`).join('\n'));
    this.name = 'ProfileError';
    this.source = source;
    this.problems = problems;
  }
}
