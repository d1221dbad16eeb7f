// Types of build.mjs (plain JavaScript so that `pnpm start` needs nothing but node to build).
/** esbuild options every Node bundle of the server shares (platform, format, externals, require banner). */
export const NODE_BUNDLE: {
  bundle: true;
  platform: 'node';
  format: 'esm';
  target: string;
  external: string[];
  banner: { js: string };
};
/** Bundles TypeScript entries for Node as the server is bundled, into `outDir` (files written aside and renamed). */
export function bundleForNode(opts: { entryPoints: Record<string, string>; outDir: string; splitting?: boolean }): Promise<void>;
export const ENTRY: string;
export const OUT_FILE: string;
export const WORKER_ENTRY: string;
export const WORKER_OUT_FILE: string;
export const SOURCE_DIRS: string[];
export const BUILD_INPUTS: string[];
export function newestSourceTime(dirs: string[], files?: string[], counts?: (fileName: string) => boolean): number;
export function isStale(outFile?: string, dirs?: string[], files?: string[], counts?: (fileName: string) => boolean): boolean;
export function build(outFile?: string): Promise<void>;
export function buildIfStale(outFile?: string): Promise<boolean>;
export const EDITOR: string;
export const EDITOR_DIST: string;
export const EDITOR_STAMP: string;
export const EDITOR_SOURCE_DIRS: string[];
export const EDITOR_INPUTS: string[];
export function newestEditorSourceTime(dirs?: string[], files?: string[]): number;
export function isEditorStale(stamp?: string, dirs?: string[], files?: string[]): boolean;
export function buildEditor(opts?: { quiet?: boolean }): Promise<void>;
export function buildEditorIfStale(opts?: { quiet?: boolean }): Promise<boolean>;
export function withDirLock<T>(lock: string, staleMs: number, work: () => Promise<T>): Promise<T>;
