import { Module } from '@nestjs/common';

/** Certifications: commands, queries and resolvers (see firms/ for the pattern). */
@Module({ providers: [] })
export class CertificationsModule {}
