import { Size, SIZES, SettingsOverrides } from '../environment/tiers';

/** Form choice for a setting a tier presets: keep the tier's value, or force it on or off. */
export type Toggle = boolean | 'tier' | 'on' | 'off';
export const TOGGLE_CHOICES = ['tier', 'on', 'off'] as const;

export function toggleValue(choice: Toggle | undefined): boolean | undefined {
  if (choice === 'on' || choice === true) return true;
  if (choice === 'off' || choice === false) return false;
  return undefined;
}

export function sizeValue(choice: Size | 'tier' | undefined): Size | undefined {
  return choice && (SIZES as readonly string[]).includes(choice)
    ? (choice as Size)
    : undefined;
}

export interface OverrideInput {
  size?: Size | 'tier';
  highAvailability?: Toggle;
  deletionProtection?: Toggle;
  backupRetentionDays?: number;
  encryption?: boolean;
}

export function toOverrides(input: OverrideInput): SettingsOverrides {
  return {
    size: sizeValue(input.size),
    highAvailability: toggleValue(input.highAvailability),
    deletionProtection: toggleValue(input.deletionProtection),
    backupRetentionDays: input.backupRetentionDays,
    encryption: input.encryption,
  };
}
