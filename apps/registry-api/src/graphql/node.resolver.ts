import { Type } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GetCertificationQuery } from '../certifications/queries/get-certification/get-certification.query';
import { GetCertifierQuery } from '../certifiers/queries/get-certifier/get-certifier.query';
import { GetEquivalenceQuery } from '../equivalences/queries/get-equivalence/get-equivalence.query';
import { GetFirmQuery } from '../firms/queries/get-firm/get-firm.query';
import { GetFrameworkQuery } from '../frameworks/queries/get-framework/get-framework.query';
import { GetModelQuery } from '../models/queries/get-model/get-model.query';
import { decodeGlobalId, encodeGlobalId, NODE_TYPES, NodeType } from './global-id';
import { RequestContext, RequestCtx } from './request-context';

/** Which concrete type each object `node` answered is: GraphQL asks through `__resolveType`. */
const typeOf = new WeakMap<object, NodeType>();

/**
 * `node(id:)`: the entity behind a global id, read through the very query its type's own field uses (same
 * authorisation and redaction: `certification` with the caller's entitlement, `equivalence` with anonymous
 * history blanked, the others public), so asking by global id never shows more than asking by registry id.
 */
@Resolver('Node')
export class NodeResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query('node')
  async node(@Args('id') id: string, @RequestCtx() ctx: RequestContext): Promise<object | null> {
    const { type, key } = decodeGlobalId(id);
    const found: object | null = await this.read(type, key, ctx);
    if (found) typeOf.set(found, type);
    return found;
  }

  @ResolveField('__resolveType')
  resolveType(value: object): NodeType | undefined {
    return typeOf.get(value);
  }

  private read(type: NodeType, key: string, ctx: RequestContext): Promise<object | null> {
    switch (type) {
      case 'Certification':
        return this.queries.execute(new GetCertificationQuery(key, ctx.actor));
      case 'Model':
        return this.queries.execute(new GetModelQuery(key));
      case 'Firm':
        return this.queries.execute(new GetFirmQuery(key));
      case 'Equivalence':
        return this.queries.execute(new GetEquivalenceQuery(key, false, undefined, !!ctx.actor));
      case 'Framework':
        return this.queries.execute(new GetFrameworkQuery(key));
      case 'Certifier':
        return this.queries.execute(new GetCertifierQuery(key));
      default: {
        const never: never = type;
        throw new Error(`no reader for node type ${String(never)}`);
      }
    }
  }
}

/** `globalId` on each Node type, from the type's own `id`. */
const globalIdResolver = (type: NodeType): Type<unknown> => {
  @Resolver(type)
  class GlobalIdResolver {
    @ResolveField('globalId')
    globalId(@Parent() entity: { id: string }): string {
      return encodeGlobalId(type, entity.id);
    }
  }
  Object.defineProperty(GlobalIdResolver, 'name', { value: `${type}GlobalIdResolver` });
  return GlobalIdResolver;
};

export const NODE_RESOLVERS: Type<unknown>[] = [NodeResolver, ...NODE_TYPES.map(globalIdResolver)];
