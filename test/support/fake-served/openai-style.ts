import type { Reply } from './server.js';

/** What vLLM and SGLang share: OpenAI-style errors and model listing, `/health` answering 200 with no body. */

export function openAIError(status: number, message: string): unknown {
  return { object: 'error', message, type: status === 400 ? 'BadRequestError' : 'InternalServerError', code: status };
}

export function listModels(path: string, model: string, ownedBy: string): Reply | undefined {
  return path === '/v1/models' ? { status: 200, body: { object: 'list', data: [{ id: model, object: 'model', owned_by: ownedBy }] } } : undefined;
}

export const plainHealth = { paths: ['/health'], ok: { status: 200 } };

/** `/classify` as vLLM serves it and SGLang's `/v1/classify`: probabilities, here reward / 1000. */
export function classifyAnswer(model: string, rewards: number[]): unknown {
  return { id: 'c-1', object: 'list', model, data: rewards.map((v, index) => ({ index, label: 'LABEL_0', probs: [v / 1000], num_classes: 1 })), usage: {} };
}
