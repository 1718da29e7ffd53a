import { Module } from '@nestjs/common';
import { DeprecateModelVersionHandler } from './commands/deprecate-model-version/deprecate-model-version.handler';
import { DeprecateModelVersionResolver } from './commands/deprecate-model-version/deprecate-model-version.resolver';
import { RegisterModelHandler } from './commands/register-model/register-model.handler';
import { RegisterModelResolver } from './commands/register-model/register-model.resolver';
import { RegisterModelVersionHandler } from './commands/register-model-version/register-model-version.handler';
import { RegisterModelVersionResolver } from './commands/register-model-version/register-model-version.resolver';
import { GetModelHandler } from './queries/get-model/get-model.handler';
import { ModelsQueryResolver, ModelVersionFieldsResolver } from './queries/models.resolver';

const CommandHandlers = [RegisterModelHandler, RegisterModelVersionHandler, DeprecateModelVersionHandler];
const QueryHandlers = [GetModelHandler];
const Resolvers = [RegisterModelResolver, RegisterModelVersionResolver, DeprecateModelVersionResolver, ModelsQueryResolver, ModelVersionFieldsResolver];

/** Models and their versions, owned by firms (decider: libs/domain/src/model); reads fold the model's stream. */
@Module({ providers: [...CommandHandlers, ...QueryHandlers, ...Resolvers] })
export class ModelsModule {}
