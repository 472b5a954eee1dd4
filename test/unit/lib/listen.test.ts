import { createServer } from 'node:http';
import { listen } from '../../../src/lib/listen';

const hello = () =>
  createServer((_req, res) => {
    res.end('hello');
  });

describe('listen', () => {
  test.each<['all' | 'idle']>([['all'], ['idle']])(
    'binds a free loopback port, serves, and closes (%s connections)',
    async (closeConnections) => {
      const server = hello();
      const l = await listen(server, { closeConnections });
      expect(l.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(l.url)).text()).toBe('hello');
      await l.close();
      expect(server.listening).toBe(false);
    },
  );

  test('a port in use rejects instead of hanging', async () => {
    const first = await listen(hello());
    const port = Number(new URL(first.url).port);
    await expect(listen(hello(), { port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await first.close();
  });
});
