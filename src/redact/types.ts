/** Built-in detectors `redactPii` can enable. */
export type PiiDetector =
  'email' | 'phone' | 'creditCard' | 'ssn' | 'ipAddress' | 'apiKey' | 'bearerToken' | 'jwt' | 'awsKey';

export interface RedactionOptions {
  /** true: every built-in detector; or the list of detectors to use. */
  readonly redactPii?: boolean | readonly PiiDetector[];
  /** Extra patterns whose matches are masked. */
  readonly patterns?: readonly RegExp[];
  /** Replaces the default mask; if it throws, the field is dropped rather than leaked. */
  readonly mask?: (match: string, detector: string) => string;
  /** Attribute keys whose whole value is masked. */
  readonly keys?: readonly (string | RegExp)[];
}
