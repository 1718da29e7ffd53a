import { applyDecorators } from '@nestjs/common';
import { IsOptional, IsString, Length, Matches, ValidateBy, ValidationOptions } from 'class-validator';
import { JURISDICTION, MODEL_ID, MODEL_VERSION, USE_CASE, WEIGHTS_DIGEST } from '@registry/domain';

/**
 * Validation rules shared by every input, built on the domain's own patterns so the edge and the deciders
 * agree. The edge only gives better messages, each naming the field; the deciders stay the authority.
 * Feature-specific rules (firm ids, framework ids, ...) live beside their feature.
 */
/** The domain's own list (ISO 3166-1 alpha-2 plus EU), so a code the deciders would refuse never gets past here. */
export const IsJurisdictionCode = (field: string) =>
  applyDecorators(
    IsString(),
    ValidateBy(
      { name: 'isJurisdictionCode', validator: { validate: (value) => JURISDICTION.test(value) } },
      { message: `${field} must be an ISO 3166-1 alpha-2 country code such as HK, CN or SG, or EU` },
    ),
  );

/** Free text of 1 to `max` characters that is not blank. */
export const IsText = (field: string, max: number) =>
  applyDecorators(IsString(), Length(1, max, { message: `${field} must be 1 to ${max} characters` }), Matches(/\S/, { message: `${field} must not be blank` }));

/**
 * Characters that have no place in one line of text: every C0 control (TAB, LF and CR included), DEL, the C1
 * controls, and U+2028/U+2029 (line and paragraph separators, line breaks to JavaScript and some editors). A name
 * or a bureau holding a line break turns into two lines in every CSV, log line and terminal it reaches.
 * (NUL and lone surrogates are refused for every string by the storable-text plugin, before this runs.)
 * Also refused, in one line and in paragraphs alike: INVISIBLE, the characters that change how text reads without
 * showing themselves.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** The same, but TAB, LF and CR allowed: text written in paragraphs. */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const NOT_PARAGRAPHS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/**
 * Bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, U+200E/U+200F marks,
 * U+061C the Arabic letter mark) and invisible format characters (U+200B zero-width space, U+2060–U+2064,
 * U+FEFF). "Acme\u202eLtd" shows as "AcmedtL" and "Ac\u200bme" looks like "Acme": both spoof a name in the web
 * registry and on a credential. Letters of every script (Chinese, Arabic, Hebrew) and emoji are untouched, and so are
 * ZWNJ/ZWJ (U+200C/U+200D): Persian and Indic spellings and joined emoji (👩‍💻) need them, and they do not reorder text.
 */
const INVISIBLE = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

/** No control characters at all, no invisible or direction-changing ones (`each` for a list of names). */
export const IsSingleLine = (field: string, options: ValidationOptions = {}) =>
  ValidateBy(
    { name: 'isSingleLine', validator: { validate: (value) => typeof value === 'string' && !NOT_ONE_LINE.test(value) && !INVISIBLE.test(value) } },
    { message: `${field} must be one line: no line breaks, tabs, other control characters, invisible or direction-changing characters`, ...options },
  );

/** A name, a title, a bureau: free text of 1 to `max` characters on one line. */
export const IsLine = (field: string, max: number) => applyDecorators(IsText(field, max), IsSingleLine(field));

/** Free text that may run over several lines (a description): line breaks and tabs, but no other control character. */
export const IsMultilineText = (field: string, max: number) =>
  applyDecorators(
    IsText(field, max),
    ValidateBy(
      { name: 'isParagraphs', validator: { validate: (value) => typeof value === 'string' && !NOT_PARAGRAPHS.test(value) && !INVISIBLE.test(value) } },
      { message: `${field} must not contain control characters other than line breaks and tabs, nor invisible or direction-changing characters` },
    ),
  );

export const IsIdempotencyKey = () => applyDecorators(IsOptional(), IsString(), Length(1, 128, { message: 'idempotencyKey must be 1 to 128 characters' }));

export const IsModelId = (field = 'modelId') =>
  applyDecorators(IsString(), Matches(MODEL_ID, { message: `${field} must be 2 to 64 lowercase letters, digits or dashes, starting with a letter` }));

export const IsModelVersion = (field = 'version') =>
  applyDecorators(IsString(), Matches(MODEL_VERSION, { message: `${field} must be 1 to 32 letters, digits, dots, dashes or underscores` }));

export const IsDigest = (field: string) =>
  applyDecorators(IsString(), Matches(WEIGHTS_DIGEST, { message: `${field} must be sha256: followed by 64 lowercase hex digits` }));

export const IsUseCase = (field = 'useCase') =>
  applyDecorators(IsString(), Matches(USE_CASE, { message: `${field} must be a lower-case slug such as lending or chatbot` }));
