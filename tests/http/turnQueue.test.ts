import { describe, expect, it } from 'vitest';
import { conversationKey, TurnQueue, TurnQueueFullError } from '../../src/http/turnQueue';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('TurnQueue', () => {
  it('runs the tasks of one key one after another, in the order they came', async () => {
    const queue = new TurnQueue();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([queue.run('a', task('one')), queue.run('a', task('two')), queue.run('a', task('three'))]);
    expect(results).toEqual(['one', 'two', 'three']);
    expect(log).toEqual(['one start', 'one end', 'two start', 'two end', 'three start', 'three end']);
  });

  it('runs different keys at the same time', async () => {
    const queue = new TurnQueue();
    let release = () => {};
    const held = queue.run('a', () => new Promise<string>((resolve) => (release = () => resolve('a'))));
    await expect(queue.run('b', async () => 'b')).resolves.toBe('b');
    release();
    await expect(held).resolves.toBe('a');
  });

  it('keeps going after a task fails, and passes the failure to its caller only', async () => {
    const queue = new TurnQueue();
    const failed = queue.run('a', async () => {
      throw new Error('turn failed');
    });
    const next = queue.run('a', async () => 'next');
    await expect(failed).rejects.toThrow('turn failed');
    await expect(next).resolves.toBe('next');
  });

  it('refuses a task when too many are waiting for one key, and forgets keys once idle', async () => {
    const queue = new TurnQueue(2);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const accepted = [0, 1, 2].map(() => queue.run('a', () => gate));
    await expect(queue.run('a', async () => undefined)).rejects.toBeInstanceOf(TurnQueueFullError);
    await expect(queue.run('b', async () => 'other key')).resolves.toBe('other key');
    release();
    await Promise.all(accepted);
    await tick();
    expect(queue.size).toBe(0);
  });

  it('keys conversations by channel and id', () => {
    expect(conversationKey('msteams', 'a:1')).not.toBe(conversationKey('webchat', 'a:1'));
  });
});
