// Types of build.mjs (plain JavaScript so that `pnpm sluice` needs nothing but node to build).
export const CLI_ENTRY: string;
export const CLI_DIST: string;
export const CLI_OUT_FILE: string;
export function buildCli(outDir: string): Promise<string>;
export function isCliStale(outFile?: string): boolean;
export function buildCliIfStale(): Promise<boolean>;
