import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Caller } from '@backtrack/store';

export type RequestWithCaller = { backtrackCaller?: Caller };

// The authenticated caller, set by AuthenticateTokenGuard; every route is behind it.
export const CurrentCaller = createParamDecorator(
  (_: unknown, context: ExecutionContext): Caller => {
    const caller = context.switchToHttp().getRequest<RequestWithCaller>().backtrackCaller;
    if (!caller) throw new Error('no caller on the request: is AuthenticateTokenGuard installed?');
    return caller;
  },
);
