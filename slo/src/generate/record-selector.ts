/** `slo:sli_error:ratio_rate5m`: an SLI's error ratio over one window. */
export function errorRatioRecord(window: string): string {
  return `slo:sli_error:ratio_rate${window}`;
}

/** The recorded error ratio of one SLO over one window. */
export function errorRecordSelector(window: string, slo: string): string {
  return `${errorRatioRecord(window)}{slo="${slo}"}`;
}
