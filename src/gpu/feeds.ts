import type { Feeds } from './session-protocol.js';

/** Token ids of one row, with segment ids for text pairs. */
export interface TokenRow {
  ids: readonly number[];
  types?: readonly number[];
}

/**
 * Rows as one right-padded batch [rows, width]: `padId` after each row's tokens, attention 1 on
 * real tokens only; token_type_ids when any row has segment ids.
 *
 * @example padRows([{ ids: [5, 6] }, { ids: [7] }], 3, 0)
 * // → input_ids [5,6,0, 7,0,0], attention_mask [1,1,0, 1,0,0], dims [2, 3]
 */
export function padRows(rows: readonly TokenRow[], width: number, padId: number): Feeds {
  const n = rows.length * width;
  const ids = new BigInt64Array(n).fill(BigInt(padId));
  const mask = new BigInt64Array(n);
  const types = rows.some((r) => r.types) ? new BigInt64Array(n) : undefined;
  rows.forEach((r, i) => {
    for (let j = 0; j < r.ids.length; j++) {
      ids[i * width + j] = BigInt(r.ids[j]!);
      mask[i * width + j] = 1n;
      if (types && r.types) types[i * width + j] = BigInt(r.types[j]!);
    }
  });
  return { dims: [rows.length, width], input_ids: ids, attention_mask: mask, ...(types && { token_type_ids: types }) };
}

/** The batch's tensors by input name, made by `tensor` (e.g. `(d, dims) => new ort.Tensor('int64', d, dims)`). */
export function feedTensors<T>(f: Feeds, tensor: (data: BigInt64Array, dims: readonly number[]) => T): Record<string, T> {
  return {
    input_ids: tensor(f.input_ids, f.dims),
    attention_mask: tensor(f.attention_mask, f.dims),
    ...(f.token_type_ids && { token_type_ids: tensor(f.token_type_ids, f.dims) }),
  };
}
