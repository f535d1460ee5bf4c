import t from 'tap';
import { mostWrong, shorten } from '../../src/run/examples.js';

const view = (id: string) => () => ({ prompt: `prompt of ${id}`, candidates: [{ id: 'chosen', role: 'chosen', text: `answer ${id}`, score: 1 }] });

t.test('mostWrong: worst value first, then lowest margin, then id; the input order does not matter', async (t) => {
  const items = [
    { item: 'a', value: 1, margin: 0.1, view: view('a') },
    { item: 'b', value: 0, margin: -0.5, view: view('b') },
    { item: 'c', value: 0, margin: -2, view: view('c') },
    { item: 'd', value: 0.5, margin: -3, view: view('d') },
    { item: 'e', value: 0, margin: -0.5, view: view('e') },
  ];
  const picked = mostWrong('m', 's', items, true, 4).map((e) => e.item);
  t.same(picked, ['c', 'b', 'e', 'd']);
  t.same(
    mostWrong('m', 's', [...items].reverse(), true, 4).map((e) => e.item),
    picked,
  );
  t.same(
    mostWrong('m', 's', items, false, 2).map((e) => e.item),
    ['a', 'd'],
    'lower-is-better metrics: the highest values are the worst',
  );
  const [first] = mostWrong('m', 's', items, true, 1);
  t.same(first, {
    model: 'm',
    suite: 's',
    item: 'c',
    value: 0,
    margin: -2,
    prompt: 'prompt of c',
    candidates: [{ id: 'chosen', role: 'chosen', text: 'answer c', score: 1 }],
  });
});

t.test('shorten counts code points and says how much it left out', async (t) => {
  t.equal(shorten('abc', 3), 'abc');
  t.equal(shorten('abcdef', 4), 'abcd… [2 more characters]');
  t.equal(shorten('😀😀😀', 2), '😀😀… [1 more character]', 'surrogate pairs are not split');
});
