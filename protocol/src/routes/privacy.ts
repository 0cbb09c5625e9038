import { z } from 'zod';
import type { FeedbackType } from '../config.js';
import { bilingualIssue } from '../issues.js';
import type { VisitSummary } from '../state.js';
import { route } from './define.js';
import { typed } from './typed.js';

const ADMIN = ['hall_admin', 'config_admin'] as const;

/**
 * A phone number as a person types it: digits with `+`, spaces, brackets and dashes, 6 to 15 digits.
 * `+7 900 123-45-67`, `8 (900) 123-45-67` and `9001234567` name the same number.
 */
export const PhoneNumber = z
  .string()
  .trim()
  .max(40)
  .superRefine((v, ctx) => {
    const digits = v.replace(/\D/g, '').length;
    if (!/^[+0-9 ()-]+$/.test(v) || digits < 6 || digits > 15)
      ctx.addIssue(
        bilingualIssue(
          'номер телефона: от 6 до 15 цифр, допустимы +, пробелы, скобки и дефисы',
          'a phone number: 6 to 15 digits; +, spaces, brackets and dashes allowed',
        ),
      );
  });

const PhoneBody = z.object({ phone: PhoneNumber }).strict();

/** What the office keeps about one visit, booking or feedback: the values and what they belong to. */
export interface PersonalDataRecord {
  /** The reference the event log carries instead of the values. */
  ref: string;
  kind: 'visit' | 'booking' | 'feedback' | 'follow-up';
  /** The visit's instant the retention counts from. */
  at: number;
  /** When the retention deletes the values. */
  purgeAt: number;
  values: { account?: string; phone?: string; name?: string; contact?: string };
  /** A visit: its ticket and, once closed, its figures (these stay after the values are deleted). */
  visit?: { ticketId: string; number?: string; dayKey?: string; serviceId?: string } & Partial<
    Pick<VisitSummary, 'outcome' | 'issuedAt' | 'closedAt' | 'operatorId' | 'windowId'>
  >;
  booking?: { appointmentId: string };
  feedback?: { id: number; type?: FeedbackType; text?: string; dayKey?: string };
  /** A follow-up recorded with the visitor's contact (the register, issue 16). */
  followUp?: { id: number };
}

/** A visitor's request under 152-ФЗ: everything kept about one phone number. */
export interface PersonalDataExport {
  /** The number as it was looked up (digits, Russian numbers as 7XXXXXXXXXX). */
  phone: string;
  retentionDays: number;
  exportedAt: number;
  records: PersonalDataRecord[];
}

export interface PersonalDataErased {
  phone: string;
  /** Visits, bookings and feedback whose values were deleted. */
  erased: number;
}

/**
 * Personal data on request (152-ФЗ): what is kept about a phone number, and its erasure. POST, so that
 * the number never travels in an address (logs, browser history). Export is reading (both
 * administrators); erasure changes the office's data (the configuration administrator).
 */
export const privacyRoutes = {
  personalDataExport: route({
    method: 'POST',
    path: '/api/privacy/personal-data/export',
    access: ADMIN,
    body: PhoneBody,
    response: typed<PersonalDataExport>(),
    errors: [],
    summary: 'Everything the office keeps about one phone number (a visitor’s 152-ФЗ request), as JSON',
  }),
  personalDataErase: route({
    method: 'POST',
    path: '/api/privacy/personal-data/erase',
    access: ['config_admin'],
    body: PhoneBody,
    response: typed<PersonalDataErased>(),
    errors: [],
    summary: 'Erases what the office keeps about one phone number; the visits’ figures stay in the reports',
  }),
};
