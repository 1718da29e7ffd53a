import { Module } from '@nestjs/common';
import { PublishFrameworkResolver } from './commands/publish-framework/publish-framework.resolver';
import { GetFrameworkHandler } from './queries/get-framework/get-framework.handler';
import { GetFrameworkResolver } from './queries/get-framework/get-framework.resolver';
import { ListFrameworksHandler } from './queries/list-frameworks/list-frameworks.handler';
import { ListFrameworksResolver } from './queries/list-frameworks/list-frameworks.resolver';
import { FrameworkFieldsResolver } from './framework-fields.resolver';

const QueryHandlers = [GetFrameworkHandler, ListFrameworksHandler];
const Resolvers = [PublishFrameworkResolver, GetFrameworkResolver, ListFrameworksResolver, FrameworkFieldsResolver];

/** Frameworks: versions published by the registrar; single and list reads folded from the framework streams. */
@Module({ providers: [...QueryHandlers, ...Resolvers] })
export class FrameworksModule {}
