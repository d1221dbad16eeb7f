import { create } from 'zustand';

/**
 * What the policy editor tells other panels (the Versions panel's publish button): how many
 * errors the draft has as typed, and whether it has unsaved changes. No engine import here.
 */
export interface PolicyEditorStatus {
  policyKey: string | null;
  errorCount: number;
  dirty: boolean;
}

export const usePolicyEditorStatus = create<PolicyEditorStatus>(() => ({ policyKey: null, errorCount: 0, dirty: false }));
