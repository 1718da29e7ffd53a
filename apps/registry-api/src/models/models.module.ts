import { Module } from '@nestjs/common';
import { DeprecateModelVersionResolver } from './commands/deprecate-model-version/deprecate-model-version.resolver';
import { RegisterModelResolver } from './commands/register-model/register-model.resolver';
import { RegisterModelVersionResolver } from './commands/register-model-version/register-model-version.resolver';
import { GetModelHandler } from './queries/get-model/get-model.handler';
import { ModelsQueryResolver, ModelVersionFieldsResolver } from './queries/models.resolver';

const QueryHandlers = [GetModelHandler];
const Resolvers = [RegisterModelResolver, RegisterModelVersionResolver, DeprecateModelVersionResolver, ModelsQueryResolver, ModelVersionFieldsResolver];

/** Models and their versions, owned by firms (decider: libs/domain/src/model); reads fold the model's stream. */
@Module({ providers: [...QueryHandlers, ...Resolvers] })
export class ModelsModule {}
