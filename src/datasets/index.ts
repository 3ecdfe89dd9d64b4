/**
 * segmentkit/datasets: the classic UCI datasets (iris, wine, digits) and synthetic customers with
 * known segments, for demos, tutorials and tests. Runs in browsers, Deno and Node: the data ships
 * inside the module, nothing is read from disk or the network.
 *
 * Data licences: the UCI datasets are CC BY 4.0 (see `LICENSE-data.md` beside this file); the
 * synthetic generators are part of segmentkit's code.
 *
 * @packageDocumentation
 */

export { loadDigits, loadIris, loadWine } from './uci.js';
export type { Dataset } from './uci.js';
export {
  CUSTOMER_CATEGORICAL_COLUMNS,
  CUSTOMER_DATE_COLUMNS,
  CUSTOMER_NUMERIC_COLUMNS,
  CUSTOMER_SEGMENT_NAMES,
  MAKE_CUSTOMERS_DEFAULTS,
  makeCustomers,
} from './make-customers.js';
export type {
  AcquisitionChannel,
  CustomerData,
  CustomerRecord,
  CustomerRegion,
  MakeCustomersOptions,
  PreferredChannel,
} from './make-customers.js';
export { MAKE_TRANSACTIONS_DEFAULTS, makeTransactions } from './make-transactions.js';
export type { MakeTransactionsOptions, Transaction } from './make-transactions.js';
