import { ValidationError, ValidationPipe } from '@nestjs/common';
import { badInput } from '@registry/kernel';

const flatten = (errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] =>
  errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });

/** class-validator on every input; a refusal names each bad field. */
export const registryValidationPipe = () =>
  new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return badInput('INPUT.INVALID', fields.map((f) => f.problems.join('; ')).join('; '), { fields });
    },
  });
