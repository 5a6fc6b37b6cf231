/** How a finding is shown: the levels a rule reports at, and what a setting may choose for a rule. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';
