import { z } from 'zod';
import type { ErrorCode } from '../errors.js';
import { issueWord } from '../issues.js';
import type { Method, Produces } from '../routes/define.js';

/** Head-office users: the company's administrator, a branch's manager (their branch only), a read-only analyst. */
export const HQ_ROLES = ['company_admin', 'branch_manager', 'analyst'] as const;
export type HqRole = (typeof HQ_ROLES)[number];

/** `office`: an office server with its API key; the rest as on the office's edge. */
export type HqAccess = 'public' | 'office' | 'signed-in' | readonly HqRole[];

export interface HqRouteDef {
  method: Method;
  path: string;
  access: HqAccess;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  produces?: Produces;
  errors: readonly ErrorCode[];
  summary: string;
}

export const hqRoute = <const D extends HqRouteDef>(d: D): D => d;

/** An office's public code in a head-office path (`/o/<code>/…`). */
export const Code = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, issueWord('hqCode'));

/** A local date in a head-office query (YYYY-MM-DD). */
export const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
