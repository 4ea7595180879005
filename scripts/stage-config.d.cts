// Types for scripts/stage-config.cjs (plain CommonJS so osls can load it without a TypeScript step).
export interface StageConfig {
  visibilityTimeout: number;
  messageRetentionSeconds: number;
  deadLetterRetentionSeconds: number;
  ingestFunctionUrl: boolean;
}
export declare function deriveStageConfig(params: Record<string, unknown>): StageConfig;
