import { z } from 'zod';
import type { Paper, PaperReading } from '../arxiv/types';
import { PAPER_LIMITS } from './limits';

// Validated at the background's door: the content script runs on a page we do not control, so
// everything it sends is untrusted data. Bounds keep a hostile page from making us store megabytes.
const text = (max: number) => z.string().max(max);
const LONG = PAPER_LIMITS.long;

const SubjectSchema = z.object({ code: text(64).nullable(), name: text(PAPER_LIMITS.subjectName) });

export const PaperSchema = z.object({
  id: z.string().regex(/^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?\/\d{7})$/),
  version: z.number().int().positive().nullable(),
  title: text(PAPER_LIMITS.title),
  authors: z.array(text(PAPER_LIMITS.author)).max(PAPER_LIMITS.authors),
  comments: text(LONG).nullable(),
  journalRef: text(LONG).nullable(),
  subjects: z.array(SubjectSchema).max(PAPER_LIMITS.subjects),
  primarySubject: SubjectSchema.nullable(),
  abstract: text(LONG).nullable(),
  section: z.number().int().nonnegative(),
  crossListFrom: text(64).nullable(),
  itemNumber: z.number().int().nonnegative().nullable(),
}) satisfies z.ZodType<Paper>;

/** A paper as the page sends it: text as read, the subjects line not yet parsed. */
export const PaperReadingSchema = PaperSchema.omit({ subjects: true, primarySubject: true }).extend(
  {
    subjectsLine: text(LONG).nullable(),
    primarySubjectText: text(LONG).nullable(),
  },
) satisfies z.ZodType<PaperReading>;

/** Largest page arXiv serves (`show=2000`), with room for a catch-up page. */
export const MAX_PAPERS_PER_MESSAGE = 5_000;

export const RequestSchema = z.discriminatedUnion('type', [
  z.object({
    // The page read these papers; store them and return abstracts for those shown without one.
    type: z.literal('listing/read'),
    papers: z.array(PaperReadingSchema).max(MAX_PAPERS_PER_MESSAGE),
  }),
  // A page cannot link to the options page itself (chrome-extension:// is not reachable from it).
  z.object({ type: z.literal('options/open') }),
  // The options page's "Test connection" and model suggestions: made by the background, the one
  // place that talks to the model, with the values typed (not yet saved).
  z.object({
    type: z.literal('connection/test'),
    baseUrl: z.url().max(2_000),
    apiKey: text(500),
    model: text(200),
  }),
  z.object({ type: z.literal('models/list'), baseUrl: z.url().max(2_000), apiKey: text(500) }),
  z.object({ type: z.literal('store/stats') }),
  z.object({ type: z.literal('store/clear') }),
  // The popup: the digest of a listing tab's run today, the days with runs, one day's digest.
  z.object({ type: z.literal('digest/page'), url: z.url().max(2_000) }),
  z.object({ type: z.literal('digest/days'), limit: z.number().int().min(1).max(365) }),
  z.object({ type: z.literal('digest/day'), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  // Stop scoring a page: its queued papers are taken off the queue.
  z.object({ type: z.literal('scoring/stop'), url: z.url().max(2_000) }),
]);

export type Request = z.infer<typeof RequestSchema>;

const PageRefSchema = z.object({
  url: z.url().max(2_000),
  category: text(64),
  pageKind: z.enum(['new', 'recent', 'pastweek', 'month', 'catchup', 'other']),
  listingDate: text(10).nullable(),
});

const PaperIdsSchema = z.array(PaperSchema.shape.id).max(MAX_PAPERS_PER_MESSAGE);

export const PortRequestSchema = z.discriminatedUnion('type', [
  z.object({
    // Score these papers (already sent with `listing/read`); `force` scores even with automatic
    // scoring off (the user pressed "Score this page").
    type: z.literal('page/score'),
    page: PageRefSchema,
    // Every paper on the page (the run and its digest), and which of them to score now; null
    // scores all that are not judged yet.
    paperIds: PaperIdsSchema,
    only: PaperIdsSchema.nullable(),
    force: z.boolean(),
    // false: send what is already known and queue nothing; the page asks so at once, before
    // its listing is stored, and asks for the rest once it is. Absent: true.
    queue: z.boolean().optional(),
  }),
]);

export type PortRequest = z.infer<typeof PortRequestSchema>;
export type PageRef = z.infer<typeof PageRefSchema>;
