import { SignJWT, jwtVerify } from 'jose';

// Guards the Jest setup itself: jose is ESM-only and must be transpiled for Jest's CommonJS runtime.
describe('toolchain', () => {
  it('loads ESM-only dependencies under Jest', async () => {
    const key = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
    const token = await new SignJWT({ a: 1 }).setProtectedHeader({ alg: 'HS256' }).sign(key);
    const { payload } = await jwtVerify(token, key);
    expect(payload.a).toBe(1);
  });
});
