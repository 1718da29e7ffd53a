import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, IsArray, IsEmail, IsString, Length, Matches } from 'class-validator';
import { badInput } from '@registry/kernel';
import { CAMPAIGN_LIST_MAX, PUBLIC_SECTOR_ID, WEBSITE_URL } from '@registry/domain';
import { IsSingleLine } from '../graphql/input-rules';

export const IsPublicSectorId = (field: string) =>
  applyDecorators(IsString(), Matches(PUBLIC_SECTOR_ID, { message: `${field} must be 2 to 64 lowercase letters, digits or dashes` }));

export const IsPublicSectorIdList = (field: string) =>
  applyDecorators(
    IsArray({ message: `${field} must be a list` }),
    ArrayMaxSize(CAMPAIGN_LIST_MAX, { message: `${field} must hold at most ${CAMPAIGN_LIST_MAX} entries` }),
    Matches(PUBLIC_SECTOR_ID, { each: true, message: `${field} must hold ids of 2 to 64 lowercase letters, digits or dashes` }),
  );

export const IsContactEmail = (field: string) =>
  applyDecorators(
    IsString(),
    Length(3, 254, { message: `${field} must be one email address` }),
    IsEmail({ allow_display_name: false }, { message: `${field} must be one email address` }),
    IsSingleLine(field),
  );

export const IsHttpsUrl = (field: string) =>
  applyDecorators(IsString(), Matches(WEBSITE_URL, { message: `${field} must be an https URL of at most 508 characters` }), IsSingleLine(field));

/** `asOf` arguments: the given instant, or now. */
export const instantOrNow = (asOf: Date | null | undefined): string => {
  if (asOf === null || asOf === undefined) return new Date().toISOString();
  if (Number.isNaN(asOf.getTime())) throw badInput('INPUT.INVALID', 'asOf must be an ISO-8601 instant', { field: 'asOf' });
  return asOf.toISOString();
};
