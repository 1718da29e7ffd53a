import { Module } from '@nestjs/common';

/** Equivalences: commands, queries and resolvers (see firms/ for the pattern). */
@Module({ providers: [] })
export class EquivalencesModule {}
