import { z } from 'zod';

// What text the desk and the case service accept (decision 0017). One rule for every string
// that reaches the service: bounded, and free of what PostgreSQL cannot store (a NUL character,
// half of a surrogate pair). Refused, never silently changed: a changed rationale or id is not
// what the person wrote.

/** The longest text of each kind, in UTF-16 code units (what JavaScript's `length` counts). */
export const textLimits = {
  /** Ids of disputes, evidence, notes, requests, users, orders; mutation names; policy codes. */
  identifier: 200,
  /** Names of people and things, usernames, item titles. */
  name: 200,
  /** A file's name, as most file systems allow. */
  fileName: 255,
  /** A media type such as `image/jpeg`, with its parameters. */
  mediaType: 255,
  /** A link to evidence elsewhere, as long as the desk's link intake takes. */
  url: 4096,
  /** A line: a language tag, a tracking number, an address, a flag's reason or detail. */
  shortText: 1000,
  /** What a person writes: a rationale, a note, a description, a comment, agreed terms. */
  freeText: 4000,
  /** A password at sign-in. */
  password: 1024,
} as const;

/** The longest lists: a few codes, or many ids and items. */
export const listLimits = { short: 50, long: 1000 } as const;

/** How text is refused: not storable, or over its limit. */
export const textRefusalCodes = ['invalid_text', 'too_long'] as const;
/** A stable reason text was refused. */
export type TextRefusalCode = (typeof textRefusalCodes)[number];

/** A surrogate without its other half. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether text can be stored and sent as it is: no NUL character, no half of a surrogate pair. */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !loneSurrogate.test(value);
}

const unstorableMessage =
  'contains a character that cannot be kept (a NUL character or half of an emoji, as a broken copy and paste can leave). Remove it and try again.';

/** Marks the text rule's own issue, so a refusal can say `invalid_text` rather than `invalid_args`. */
const textRuleParams = { textRule: 'unstorable' } as const;

/** A string of at most `max` characters that passes the text rule. */
export function boundedText(max: number) {
  return z
    .string()
    .max(max, { error: `Too long: at most ${max} characters.`, abort: true })
    .refine(isStorableText, { error: unstorableMessage, params: textRuleParams, abort: true });
}

/** A non-empty identifier (dispute, evidence, user id…) under the text rule. */
export function identifier() {
  return boundedText(textLimits.identifier).min(1);
}

/**
 * Text for an answer or a log line built from input the service refused: characters that cannot
 * be stored become U+FFFD and the text is cut to `max`, so no refusal echoes unbounded input.
 */
export function echo(value: unknown, max = 80): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return cut.replaceAll('\u0000', '\ufffd').replace(new RegExp(loneSurrogate.source, 'g'), '\ufffd');
}

function flatten(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    switch (issue.code) {
      case 'invalid_key':
      case 'invalid_element':
        return [issue, ...flatten(issue.issues)];
      case 'invalid_union':
        return [issue, ...flatten(issue.errors.flat())];
      default:
        return [issue];
    }
  });
}

/** Which text refusal a failed parse is, if any: unstorable text first, then text or a list over its limit. */
export function textRefusalOf(error: z.ZodError): TextRefusalCode | undefined {
  const issues = flatten(error.issues);
  if (issues.some((issue) => issue.code === 'custom' && issue.params?.textRule === textRuleParams.textRule)) return 'invalid_text';
  if (issues.some((issue) => issue.code === 'too_big')) return 'too_long';
  return undefined;
}

/**
 * A failed parse in a sentence or two: at most three problems, each with where it is. Path parts
 * come from the input (record keys), so each is cut short; the whole is bounded.
 */
export function describeIssues(error: z.ZodError): string {
  const described = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${echo(String(part), 40)}`)).join('').replace(/^\./, '');
    return `${path || 'the whole request'}: ${echo(issue.message, 300)}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `${described.join('; ')}${more}`;
}
