// Types of build.mjs (plain JavaScript so that `pnpm start` needs nothing but node to build).
export const ENTRY: string;
export const OUT_FILE: string;
export const SOURCE_DIRS: string[];
export const BUILD_INPUTS: string[];
export function newestSourceTime(dirs: string[], files?: string[]): number;
export function isStale(outFile?: string, dirs?: string[], files?: string[]): boolean;
export function build(outFile?: string): Promise<void>;
export function buildIfStale(outFile?: string): Promise<boolean>;
