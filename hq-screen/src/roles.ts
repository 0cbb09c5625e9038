import type { HqRole } from '@talon/protocol';
import type { Pair } from '@talon/ui';
import { S } from './strings.js';

export const ROLE_NAMES: Record<HqRole, Pair> = {
  company_admin: S.roleCompanyAdmin,
  branch_manager: S.roleBranchManager,
  analyst: S.roleAnalyst,
};
