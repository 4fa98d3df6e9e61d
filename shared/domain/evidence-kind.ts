import { z } from 'zod';

// Its own file so that the evidence checks and the dispute model can both use it without
// importing each other.

/** The kinds of evidence a request can ask for. */
export const evidenceKindSchema = z.enum(['video', 'photo', 'document']);
/** A kind of evidence. */
export type EvidenceKind = z.infer<typeof evidenceKindSchema>;
