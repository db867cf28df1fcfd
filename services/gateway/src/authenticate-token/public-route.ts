import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'backtrack:public-route';

// Exempts a route from the bearer token: a share link's routes check their own token (in the path), and the
// share page and its static assets carry none.
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);
