export type SloProblemCode =
  | 'SLO_ERR_NO_DEFINITIONS'
  | 'SLO_ERR_YAML'
  | 'SLO_ERR_NOT_A_MAPPING'
  | 'SLO_ERR_FIELD_MISSING'
  | 'SLO_ERR_FIELD_UNKNOWN'
  | 'SLO_ERR_FIELD_TYPE'
  | 'SLO_ERR_NAME'
  | 'SLO_ERR_NAME_DUPLICATE'
  | 'SLO_ERR_SERVICE'
  | 'SLO_ERR_OBJECTIVE'
  | 'SLO_ERR_WINDOW'
  | 'SLO_ERR_SLI_KIND'
  | 'SLO_ERR_SLI_PLACEHOLDER'
  | 'SLO_ERR_SLI_PROMQL'
  | 'SLO_ERR_LABEL';

/** One thing wrong with a definition: where (file, SLO, field), a stable code, and why. */
export interface SloProblem {
  file: string;
  slo: string;
  field: string;
  code: SloProblemCode;
  message: string;
}

export function formatProblem(p: SloProblem): string {
  return `${p.file}: SLO ${p.slo}: ${p.field}: ${p.message} (${p.code})`;
}

/** Refused definitions; `problems` lists every problem found in every file, not just the first. */
export class SloDefinitionError extends Error {
  readonly code = 'SLO_ERR_INVALID_DEFINITIONS';
  readonly problems: readonly SloProblem[];

  constructor(problems: readonly SloProblem[]) {
    super(`invalid SLO definitions:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'SloDefinitionError';
    this.problems = problems;
  }
}
