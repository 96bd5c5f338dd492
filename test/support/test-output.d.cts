/** Types of test-output.cjs (shared with the summary reporter, which jest loads untransformed). */
export declare const OUTPUT_ENV: string;
export declare function outputDir(): string | null;
export declare function reportFigure(text: string): void;
export declare function captureOutput(source: string, text: string): void;
export declare function readFigures(dir: string): string[];
export declare function secretForms(value: string): string[];
export interface SecretHit {
  secret: string;
  source: string;
  file: string;
}
export interface SecretScan {
  hits: SecretHit[];
  files: number;
  lines: number;
  bytes: number;
  secrets: string[];
}
export declare function scanForSecrets(dir: string, secrets: Record<string, string | undefined>): SecretScan;
