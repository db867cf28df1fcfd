// Our moduleResolution (node10) does not read package "exports", where PGlite declares its contrib subpaths' types.
declare module '@electric-sql/pglite/contrib/pg_trgm' {
  export const pg_trgm: import('@electric-sql/pglite').Extension;
}
declare module '@electric-sql/pglite/contrib/btree_gin' {
  export const btree_gin: import('@electric-sql/pglite').Extension;
}
