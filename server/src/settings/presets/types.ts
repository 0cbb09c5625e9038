import type { LocalText, NormPresetId, OfficeConfigInput } from '@talon/protocol';

/** What a norm preset brings: the norms, the services they apply to and a realistic kiosk menu. */
export interface NormPreset {
  id: NormPresetId;
  name: LocalText;
  /** The standard and its sections the figures come from, in words (shown under the preset). */
  source: LocalText;
  summary: LocalText;
  segments: OfficeConfigInput['segments'];
  services: OfficeConfigInput['services'];
  topics: OfficeConfigInput['topics'];
  priorityCategories: NonNullable<OfficeConfigInput['priorityCategories']>;
  /** Total-visit norm (rules.totalNormMin); absent when the standard sets none. */
  totalNormMin?: number;
}

export const ALL = ['individual', 'business'];
