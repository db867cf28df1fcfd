// What every repository function needs: a DataSource, an EntityManager inside a transaction or a QueryRunner.
export interface Queryable {
  // `any` mirrors TypeORM's own signature; each caller names its row type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, parameters?: unknown[]): Promise<any>;
}
