import { Module } from '@nestjs/common';

/** Frameworks: commands, queries and resolvers (see firms/ for the pattern). */
@Module({ providers: [] })
export class FrameworksModule {}
