import t from 'tap';
import { flopsPerToken, peakFlops } from '../../src/gpu/flops.js';

const bertBase = { model_type: 'bert', num_hidden_layers: 12, hidden_size: 768, num_attention_heads: 12, intermediate_size: 3072, num_labels: 1 };

const llama3_8b = {
  model_type: 'llama',
  num_hidden_layers: 32,
  hidden_size: 4096,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  intermediate_size: 14336,
  num_labels: 1,
};

t.test('BERT-base encoder at s = 128', async (t) => {
  const est = flopsPerToken(bertBase, 128);
  // Per layer: attention Q, K, V, O = 4·768² = 4·589,824 = 2,359,296; MLP 2·768·3072 = 4,718,592.
  // N = 12·(2,359,296 + 4,718,592) = 12·7,077,888 = 84,934,656.
  t.equal(est?.nonEmbeddingParams, 84_934_656);
  // 2N = 169,869,312; encoder attention 4·L·(H·d_head)·s = 4·12·768·128 = 4,718,592;
  // head 2·768·1 = 1,536. Sum: 169,869,312 + 4,718,592 + 1,536 = 174,589,440.
  t.equal(est?.perToken, 174_589_440);
  t.match(est?.formula, /4·L·H·d_head·s/, 'an encoder uses the full 4·L·H·d_head·s attention term');
  // The attention term is linear in s: doubling s adds another 4,718,592.
  t.equal(flopsPerToken(bertBase, 256)!.perToken - est!.perToken, 4_718_592);
});

t.test('Llama-3-8B-like decoder at s = 1000', async (t) => {
  const est = flopsPerToken(llama3_8b, 1000)!;
  // d_head = 4096/32 = 128. Attention: Q and O 2·4096·4096 = 33,554,432; K and V with 8 KV heads
  // 2·4096·8·128 = 8,388,608; sum 41,943,040. Gated MLP 3·4096·14336 = 176,160,768.
  // Per layer 218,103,808; N = 32·218,103,808 = 6,979,321,856.
  t.equal(est.nonEmbeddingParams, 6_979_321_856);
  // Cross-check against the published total of 8,030,261,248 parameters: add the untied input and
  // output embeddings 2·128,256·4096 = 1,050,673,152 and the RMSNorm weights (2·32 + 1)·4096 = 266,240.
  t.equal(est.nonEmbeddingParams + 1_050_673_152 + 266_240, 8_030_261_248);
  // 2N = 13,958,643,712; causal attention 2·32·(32·128)·1000 = 262,144,000; head 2·4096 = 8,192.
  // Sum: 14,220,795,904.
  t.equal(est.perToken, 14_220_795_904);
  t.ok(est.perToken > 14e9 && est.perToken < 16e9, 'within the usual ~2·8B estimate without the LM head');
  t.match(est.formula, /2·L·H·d_head·s/, 'a causal decoder halves the attention term');
});

t.test('GPT-2 small: alternate key names and default FFN width', async (t) => {
  // n_inner is null in GPT-2's config.json, so the FFN defaults to 4·768 = 3072 (two matrices).
  const gpt2 = { model_type: 'gpt2', n_layer: 12, n_embd: 768, n_head: 12, n_inner: null };
  const est = flopsPerToken(gpt2, 1024)!;
  // Same matrices as BERT-base: N = 84,934,656 (the reported ~85M non-embedding parameters
  // additionally count biases and LayerNorms).
  t.equal(est.nonEmbeddingParams, 84_934_656);
  // 2N = 169,869,312; causal 2·12·768·1024 = 18,874,368; no labels → 1, head 1,536. Sum 188,745,216.
  t.equal(est.perToken, 188_745_216);
});

t.test('explicit head_dim overrides hidden/heads (Qwen3-0.6B)', async (t) => {
  const qwen3 = {
    model_type: 'qwen3',
    num_hidden_layers: 28,
    hidden_size: 1024,
    num_attention_heads: 16,
    num_key_value_heads: 8,
    head_dim: 128, // hidden/heads would give 64
    intermediate_size: 3072,
  };
  const est = flopsPerToken(qwen3, 100)!;
  // Attention 2·1024·16·128 + 2·1024·8·128 = 4,194,304 + 2,097,152 = 6,291,456; MLP 3·1024·3072 =
  // 9,437,184; per layer 15,728,640; N = 28·15,728,640 = 440,401,920, matching the model card's
  // "0.44B non-embedding parameters".
  t.equal(est.nonEmbeddingParams, 440_401_920);
  // 2N = 880,803,840; causal 2·28·(16·128)·100 = 11,468,800; head 2·1024 = 2,048. Sum 892,274,688.
  t.equal(est.perToken, 892_274_688);
  // Without head_dim: attention 2·1024·1024 + 2·1024·512 = 3,145,728; per layer 12,582,912; N = 352,321,536.
  const { head_dim: _, ...implicit } = qwen3;
  t.equal(flopsPerToken(implicit, 100)!.nonEmbeddingParams, 352_321_536);
});

t.test('label count', async (t) => {
  const { num_labels: _, ...noLabels } = bertBase;
  // 174,589,440 with one label; each extra label adds 2·768 = 1,536.
  t.equal(flopsPerToken({ ...noLabels, id2label: { 0: 'neg', 1: 'pos' } }, 128)!.perToken, 174_589_440 + 1_536);
  t.equal(flopsPerToken({ ...noLabels, id2label: { 0: 'a', 1: 'b', 2: 'c' } }, 128)!.perToken, 174_589_440 + 2 * 1_536);
  t.equal(flopsPerToken(noLabels, 128)!.perToken, 174_589_440, 'neither num_labels nor id2label: one label');
  t.equal(flopsPerToken({ ...bertBase, num_labels: 5, id2label: { 0: 'x' } }, 128)!.perToken, 174_589_440 + 4 * 1_536, 'num_labels wins');
});

t.test('configs without the sizes', async (t) => {
  const { hidden_size: _h, ...noHidden } = bertBase;
  const { num_hidden_layers: _l, ...noLayers } = bertBase;
  t.equal(flopsPerToken(noHidden, 128), undefined, 'no hidden size');
  t.equal(flopsPerToken(noLayers, 128), undefined, 'no layer count');
  t.equal(flopsPerToken({ ...bertBase, hidden_size: '768' }, 128), undefined, 'a string is not a size');
  t.equal(flopsPerToken({}, 128), undefined);
});

t.test('peakFlops: device table lookup', async (t) => {
  // Expected values are the table's own datasheet figures: this test is about which row is chosen.
  t.same(peakFlops('NVIDIA H100 80GB HBM3', 'fp16'), { name: 'H100 SXM', flops: 989.4e12, precision: 'fp16' });
  t.same(peakFlops('NVIDIA H100 80GB HBM3', 'fp32'), { name: 'H100 SXM', flops: 494.7e12, precision: 'tf32' });
  t.same(peakFlops('NVIDIA H100 PCIe', 'fp16'), { name: 'H100 PCIe', flops: 756e12, precision: 'fp16' });
  t.same(peakFlops('NVIDIA H100 PCIe', 'fp32'), { name: 'H100 PCIe', flops: 378e12, precision: 'tf32' });
  t.same(peakFlops('NVIDIA H200', 'fp16'), { name: 'H200 SXM', flops: 989.4e12, precision: 'fp16' });
  t.same(peakFlops('NVIDIA H200 NVL', 'fp32'), { name: 'H200 NVL', flops: 417.5e12, precision: 'tf32' });
  t.equal(peakFlops('nvidia h100 pcie', 'fp16')?.name, 'H100 PCIe', 'case-insensitive');
});

t.test('peakFlops: precision selection', async (t) => {
  // fp16 weights and activations use the fp16 tensor-core peak; q4f16 dequantizes to fp16.
  t.equal(peakFlops('NVIDIA H200', 'q4f16')?.precision, 'fp16');
  // fp32 runs on TF32 tensor cores (onnxruntime's CUDA default).
  t.equal(peakFlops('NVIDIA H200', 'fp32')?.precision, 'tf32');
  // The two columns differ by the usual factor of two on these parts.
  t.equal(peakFlops('NVIDIA H100 PCIe', 'fp16')!.flops, 2 * peakFlops('NVIDIA H100 PCIe', 'fp32')!.flops);
});

t.test('peakFlops: unknown devices', async (t) => {
  t.equal(peakFlops(undefined, 'fp16'), undefined);
  t.equal(peakFlops('', 'fp16'), undefined);
  t.equal(peakFlops('NVIDIA A100-SXM4-80GB', 'fp16'), undefined);
  t.equal(peakFlops('NVIDIA GeForce RTX 4090', 'fp32'), undefined);
});
