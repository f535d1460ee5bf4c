import t from 'tap';
import { availableSplits, isDataFile, selectDataFiles } from '../../src/hub/select.js';

const pick = (tree: string[], path: string): string[] => selectDataFiles(tree, path, 'hf://datasets/o/n');

t.test('the Hub’s standard layouts', async (t) => {
  const pushed = ['README.md', 'data/test-00000-of-00001.parquet', 'data/train-00000-of-00002.parquet', 'data/train-00001-of-00002.parquet'];
  t.same(pick(pushed, 'train'), ['data/train-00000-of-00002.parquet', 'data/train-00001-of-00002.parquet']);
  t.same(pick(pushed, 'test'), ['data/test-00000-of-00001.parquet']);
  t.same(availableSplits(pushed), ['test', 'train']);

  const top = ['test.jsonl', 'train-0.jsonl', 'train-1.jsonl', 'test_prefs.jsonl'];
  t.same(pick(top, 'train'), ['train-0.jsonl', 'train-1.jsonl']);
  t.same(pick(top, 'test'), ['test.jsonl'], '"test_prefs" is another split, not a shard of "test"');
  t.same(pick(top, 'test_prefs'), ['test_prefs.jsonl']);

  const dirs = ['train/a.jsonl', 'train/b.jsonl', 'validation/x.json'];
  t.same(pick(dirs, 'train'), ['train/a.jsonl', 'train/b.jsonl']);
  t.same(availableSplits(dirs), ['train', 'validation']);

  const configs = ['default/train/0000.parquet', 'default/train/0001.parquet', 'default/test/0000.parquet', 'other/test-00000-of-00001.parquet'];
  t.same(pick(configs, 'default/train'), ['default/train/0000.parquet', 'default/train/0001.parquet']);
  t.same(pick(configs, 'other/test'), ['other/test-00000-of-00001.parquet']);
  t.same(pick(configs, 'train'), ['default/train/0000.parquet', 'default/train/0001.parquet'], 'one config has the split');
  t.throws(() => pick(configs, 'test'), /split "test" is in several configs, name one: default\/test, other\/test/);
  t.same(availableSplits(configs), ['default/test', 'default/train', 'other/test']);
});

t.test('a file path, the only data file, and what is not data', async (t) => {
  t.same(pick(['a/b/c.parquet', 'README.md'], 'a/b/c.parquet'), ['a/b/c.parquet']);
  t.same(pick(['README.md', 'rows.jsonl'], ''), ['rows.jsonl']);
  t.same(
    pick(['data/test-00000-of-00002.parquet', 'data/test-00001-of-00002.parquet'], ''),
    ['data/test-00000-of-00002.parquet', 'data/test-00001-of-00002.parquet'],
    'one split in shards',
  );
  t.notOk(isDataFile('dataset_infos.json'));
  t.notOk(isDataFile('.cache/x.jsonl'));
  t.notOk(isDataFile('README.md'));
  t.throws(() => pick(['README.md'], ''), /the repo holds no data file .*its files: README\.md/);
  t.throws(() => pick(['a.jsonl', 'b.jsonl'], 'c'), /no file or split "c" in the repo; splits and files with data: a, b$/);
});
