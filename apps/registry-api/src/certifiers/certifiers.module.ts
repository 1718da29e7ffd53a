import { Module } from '@nestjs/common';

/** Certifiers: commands, queries and resolvers (see firms/ for the pattern). */
@Module({ providers: [] })
export class CertifiersModule {}
