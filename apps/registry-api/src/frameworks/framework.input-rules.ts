import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsDate, IsString, Matches, ValidateBy, ValidationArguments } from 'class-validator';
import { FRAMEWORK_ID, FRAMEWORK_VERSION, REQUIREMENT_ID, USE_CASE } from '@registry/domain';

/**
 * Edge validation for framework and accreditation inputs: the same shapes the deciders check, refused here first
 * with a message naming the field (the deciders stay the authority; these only give better messages).
 */
export const IsFrameworkId = (field = 'frameworkId') =>
  applyDecorators(IsString(), Matches(FRAMEWORK_ID, { message: `${field} must be 2 to 32 upper-case letters, digits or dashes, starting with a letter` }));
export const IsFrameworkVersion = (field = 'version') =>
  applyDecorators(IsString(), Matches(FRAMEWORK_VERSION, { message: `${field} must be 1 to 32 letters, digits, dots, underscores, dashes or slashes` }));
export const IsRequirementId = (field = 'id') =>
  applyDecorators(IsString(), Matches(REQUIREMENT_ID, { message: `${field} must be 1 to 32 upper-case letters, digits, dots, dashes or underscores` }));
/** Parsed by the DateTime scalar already; this only guards against a missing value. */
export const IsInstant = (field: string) => IsDate({ message: `${field} must be an ISO-8601 instant` });

/** A non-empty list of at most `max` strings, each matching `pattern`. */
export const IsList = (field: string, max: number, pattern: RegExp, what: string) =>
  applyDecorators(
    IsArray({ message: `${field} must be a list` }),
    ArrayNotEmpty({ message: `${field} must name at least one ${what}` }),
    ArrayMaxSize(max, { message: `${field} must name at most ${max} entries` }),
    Matches(pattern, { each: true, message: `${field} has an invalid ${what}` }),
  );
export const IsUseCaseList = (field: string) => IsList(field, 50, USE_CASE, 'use case (a lower-case slug such as lending)');

/** `field` must come strictly after the sibling field `earlier` (both Dates). */
export const IsAfter = (field: string, earlier: string) =>
  ValidateBy({
    name: 'isAfter',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const from = (args?.object as Record<string, unknown> | undefined)?.[earlier];
        return !(value instanceof Date) || !(from instanceof Date) || value.getTime() > from.getTime();
      },
      defaultMessage: () => `${field} must be after ${earlier}`,
    },
  });
