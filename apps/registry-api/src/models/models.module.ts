import { Module } from '@nestjs/common';

/** Models: commands, queries and resolvers (see firms/ for the pattern). */
@Module({ providers: [] })
export class ModelsModule {}
