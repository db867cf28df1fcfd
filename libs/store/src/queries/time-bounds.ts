// Open ends are passed as Postgres infinities so one statement serves bounded and unbounded questions.
export const boundOrMinusInfinity = (at: Date | undefined) => (at ? at.toISOString() : '-infinity');
export const boundOrInfinity = (at: Date | undefined) => (at ? at.toISOString() : 'infinity');
